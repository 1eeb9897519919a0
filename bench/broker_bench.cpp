#include "broker_bench.hpp"

#include <atomic>
#include <exception>
#include <fstream>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <vector>

#include "frame_socket.hpp"

namespace alertbus::bench {
namespace {

// Subscription ids are the Subscribe's request id; publishes use 1, 2, ... on their own
// connections, so the ids cannot meet.
constexpr std::uint64_t kSubscriptionId = 1;

std::int64_t steady_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
      .count();
}

// Subscribes and waits for Subscribed; returns it. Throws on an Error reply.
v1::Subscribed subscribe(FrameSocket& socket, const v1::Subscribe& subscribe) {
  v1::Frame request;
  request.set_request_id(kSubscriptionId);
  *request.mutable_subscribe() = subscribe;
  socket.send(request);
  v1::Frame reply;
  socket.receive(&reply);
  if (!reply.has_subscribed()) {
    throw std::runtime_error("subscribe refused: " + reply.error().message());
  }
  return reply.subscribed();
}

// Acknowledges a delivery and gives its credit back, so the broker may keep `credit`
// events in flight.
void acknowledge(FrameSocket& socket, v1::Frame* ack, const v1::Delivery& delivery) {
  v1::DeliveryAck* body = ack->mutable_delivery_ack();
  body->set_subscription_id(delivery.subscription_id());
  body->set_up_to_seq(delivery.events(delivery.events_size() - 1).seq());
  body->set_credit(static_cast<std::uint32_t>(delivery.events_size()));
  socket.send(*ack);
}

std::uint64_t status_kib(const std::string& text, const std::string& key) {
  const std::size_t at = text.find(key);
  if (at == std::string::npos) {
    throw std::runtime_error("no " + key + " in /proc/<pid>/status");
  }
  return std::stoull(text.substr(at + key.size())) * 1024;
}

}  // namespace

std::unique_ptr<testing::BrokerProcess> start_broker(const std::filesystem::path& directory,
                                                     const std::vector<std::string>& extra_args,
                                                     std::chrono::seconds start_timeout) {
  std::filesystem::create_directories(directory);
  testing::BrokerProcess::Options options;
  options.directory = directory;
  options.extra_args = {"--listen", "tcp://127.0.0.1:*", "--log-level", "warn"};
  options.extra_args.insert(options.extra_args.end(), extra_args.begin(), extra_args.end());
  options.start_timeout = start_timeout;
  return std::make_unique<testing::BrokerProcess>(options);
}

PublishRun publish(zmq::context_t& context, const std::string& endpoint, PublishFrames& frames,
                   const PublishPlan& plan) {
  FrameSocket socket(context, endpoint);
  std::string event_id;
  return publish(
      socket,
      [&](std::uint64_t request_id) -> const std::string& {
        return frames.next(request_id, &event_id);
      },
      plan);
}

PublishRun publish(FrameSocket& socket, const FrameSource& next_frame, const PublishPlan& plan) {
  // Indexed by request id - 1: no map lookups in the loop being timed.
  std::vector<Clock::time_point> sent_at(plan.count);
  std::vector<double> latencies;
  latencies.reserve(plan.count);
  std::size_t sent = 0;
  const auto send_next = [&] {
    const std::string& bytes = next_frame(sent + 1);
    sent_at[sent] = Clock::now();
    socket.send_bytes(bytes);
    ++sent;
  };

  PublishRun run;
  v1::Frame reply;
  Clock::duration between{};  // Not the broker's time.
  const Clock::time_point started = Clock::now();
  std::size_t replies = 0;
  for (std::size_t round = 1; round <= plan.rounds; ++round) {
    const std::size_t round_end = plan.count * round / plan.rounds;
    while (sent < round_end && sent - replies < plan.in_flight) {
      send_next();
    }
    while (replies < round_end) {
      socket.receive(&reply);
      const Clock::time_point received = Clock::now();
      const std::uint64_t request_id = reply.request_id();
      if (request_id == 0 || request_id > sent) {
        throw std::runtime_error("unexpected frame from alertbusd: " + reply.DebugString());
      }
      latencies.push_back(ms_between(sent_at[request_id - 1], received));
      if (reply.has_publish_ack() && !reply.publish_ack().duplicate()) {
        ++run.acknowledged;
      } else if (++run.errors == 1) {
        run.first_error = reply.has_error() ? reply.error().message() : "duplicate";
      }
      ++replies;
      run.last_reply = received;
      if (sent < round_end) {
        send_next();
      }
    }
    if (plan.between) {
      const Clock::time_point paused = Clock::now();
      plan.between(replies);
      between += Clock::now() - paused;
    }
  }
  run.seconds = seconds_between(started, Clock::now() - between);
  if (plan.keep_latencies != nullptr) {
    plan.keep_latencies->insert(plan.keep_latencies->end(), latencies.begin(), latencies.end());
  }
  run.ack_latency = summarize(std::move(latencies));
  return run;
}

CatchUpRun catch_up(zmq::context_t& context, const std::string& endpoint, std::uint32_t credit,
                    std::uint64_t after_seq) {
  FrameSocket socket(context, endpoint);
  v1::Frame request;
  request.set_request_id(kSubscriptionId);
  v1::Subscribe* body = request.mutable_subscribe();
  body->set_durable_name("bench-catch-up");
  if (after_seq > 0) {
    body->set_after_seq(after_seq);
  } else {
    body->set_from_beginning(true);
  }
  body->set_credit(credit);

  CatchUpRun run;
  v1::Frame frame;
  v1::Frame ack;
  bool subscribed = false;
  std::uint64_t behind = 0;
  const Clock::time_point started = Clock::now();
  Clock::time_point finished = started;
  socket.send(request);
  while (!subscribed || run.events < behind) {
    socket.receive(&frame);
    if (frame.has_subscribed()) {
      subscribed = true;
      behind = frame.subscribed().head_seq() - frame.subscribed().start_after_seq();
    } else if (frame.has_delivery() && frame.delivery().events_size() > 0) {
      run.events += static_cast<std::size_t>(frame.delivery().events_size());
      ++run.deliveries;
      acknowledge(socket, &ack, frame.delivery());
      finished = Clock::now();
    } else if (frame.has_error()) {
      throw std::runtime_error("catch-up subscriber got an error: " + frame.error().message());
    }
  }
  run.seconds = seconds_between(started, finished);

  // Forget the cursor: a later run on the same data starts from the beginning again.
  v1::Frame unsubscribe;
  unsubscribe.set_request_id(kSubscriptionId + 1);
  unsubscribe.mutable_unsubscribe()->set_subscription_id(kSubscriptionId);
  unsubscribe.mutable_unsubscribe()->set_forget(true);
  socket.send(unsubscribe);
  return run;
}

DeliveryRun delivery_latency(zmq::context_t& context, const std::string& endpoint,
                             const std::string& subscriber_endpoint, PublishFrames& frames,
                             double per_s, std::chrono::milliseconds duration,
                             std::uint32_t credit) {
  const auto count = static_cast<std::size_t>(per_s * static_cast<double>(duration.count()) / 1000);
  // Built before the clock starts, with the map the receiver finds send times through.
  std::vector<std::string> publishes;
  std::unordered_map<std::string, std::size_t> index_of;
  publishes.reserve(count);
  index_of.reserve(count);
  std::string event_id;
  for (std::size_t i = 0; i < count; ++i) {
    publishes.push_back(frames.next(i + 1, &event_id));
    index_of.emplace(event_id, i);
  }
  // Written by the sender before each send, read by the receiver after the delivery.
  std::vector<std::atomic<std::int64_t>> sent_ns(count);
  std::vector<double> latency_ms(count, -1.0);

  FrameSocket subscriber(context, subscriber_endpoint);
  v1::Subscribe live;
  live.set_from_now(true);
  live.set_credit(credit);
  (void)subscribe(subscriber, live);

  DeliveryRun run;
  run.published = count;
  std::atomic<bool> give_up{false};
  std::atomic<std::size_t> delivered{0};
  std::exception_ptr receiver_failure;
  std::thread receiver([&] {
    try {
      v1::Frame frame;
      v1::Frame ack;
      while (delivered.load() < count && !give_up.load()) {
        if (!subscriber.receive_for(&frame, std::chrono::milliseconds(100))) {
          continue;
        }
        const std::int64_t now = steady_ns();
        if (!frame.has_delivery() || frame.delivery().events_size() == 0) {
          continue;
        }
        for (const v1::StoredEvent& event : frame.delivery().events()) {
          const auto found = index_of.find(event.event_id());
          if (found != index_of.end()) {
            const std::int64_t sent = sent_ns[found->second].load(std::memory_order_acquire);
            latency_ms[found->second] = static_cast<double>(now - sent) / 1e6;
            ++delivered;
          }
        }
        acknowledge(subscriber, &ack, frame.delivery());
      }
    } catch (...) {
      receiver_failure = std::current_exception();
    }
  });

  // However this function leaves, the receiver stops before what it uses goes away.
  struct Joiner {
    std::atomic<bool>& stop;
    std::thread& thread;

    ~Joiner() {
      stop = true;
      if (thread.joinable()) {
        thread.join();
      }
    }
  } joiner{give_up, receiver};

  FrameSocket publisher(context, endpoint);
  const auto interval = std::chrono::nanoseconds(static_cast<std::int64_t>(1e9 / per_s));
  const Clock::time_point first = Clock::now() + std::chrono::milliseconds(20);
  std::size_t replies = 0;
  v1::Frame reply;
  const auto count_reply = [&] {
    ++replies;
    if (!reply.has_publish_ack()) {
      ++run.publish_errors;
    }
  };
  for (std::size_t i = 0; i < count; ++i) {
    // Open loop: a late send goes out at once, the schedule is not shifted.
    std::this_thread::sleep_until(first + interval * static_cast<std::int64_t>(i));
    sent_ns[i].store(steady_ns(), std::memory_order_release);
    publisher.send_bytes(publishes[i]);
    while (publisher.receive_for(&reply, std::chrono::milliseconds(0))) {
      count_reply();
    }
  }
  run.achieved_per_s = static_cast<double>(count) / seconds_between(first, Clock::now());
  while (replies < count) {
    publisher.receive(&reply);
    count_reply();
  }
  // Every event is committed; its delivery follows within milliseconds or never.
  const Clock::time_point deadline = Clock::now() + std::chrono::seconds(10);
  while (delivered.load() < count && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  give_up = true;
  receiver.join();
  if (receiver_failure) {
    std::rethrow_exception(receiver_failure);
  }
  run.delivered = delivered.load();

  // The first events pay for connection set-up and cold caches.
  const std::size_t warm_up = std::min<std::size_t>(100, count / 10);
  std::vector<double> samples;
  samples.reserve(count);
  for (std::size_t i = warm_up; i < count; ++i) {
    if (latency_ms[i] >= 0) {
      samples.push_back(latency_ms[i]);
    }
  }
  run.latency = summarize(std::move(samples));
  return run;
}

ProcessMemory process_memory(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return ProcessMemory{status_kib(text, "VmHWM:"), status_kib(text, "VmRSS:")};
}

std::uint64_t directory_bytes(const std::filesystem::path& directory) {
  std::uint64_t total = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(directory)) {
    if (entry.is_regular_file()) {
      total += entry.file_size();
    }
  }
  return total;
}

std::string tcp_endpoint(const std::filesystem::path& endpoint_file) {
  std::ifstream in(endpoint_file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("tcp://", 0) == 0) {
      return line;
    }
  }
  throw std::runtime_error("no tcp:// endpoint in " + endpoint_file.string());
}

}  // namespace alertbus::bench
