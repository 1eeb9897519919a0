#include "clients/fake_broker.hpp"

#include <cstdio>
#include <ctime>

#include <google/protobuf/util/time_util.h>

#include "alertbus/protocol/codec.hpp"
#include "alertbus/protocol/event_id.hpp"

namespace alertbus::testing {

using google::protobuf::util::TimeUtil;

FakeBroker::FakeBroker(Handler handler)
    : handler_(std::move(handler)), socket_(context_, zmq::socket_type::router) {
  socket_.set(zmq::sockopt::linger, 0);
  socket_.bind("tcp://127.0.0.1:*");
  endpoint_ = socket_.get(zmq::sockopt::last_endpoint);
  thread_ = std::thread([this] { run(); });
}

FakeBroker::~FakeBroker() {
  stop_ = true;
  thread_.join();
}

void FakeBroker::send(const std::string& identity, const v1::Frame& frame) {
  std::lock_guard<std::mutex> lock(mutex_);
  outbox_.emplace_back(identity, protocol::encode_frame(frame));
}

void FakeBroker::ignore(const std::string& identity) {
  std::lock_guard<std::mutex> lock(mutex_);
  ignored_.insert(identity);
}

std::vector<FakeBroker::Received> FakeBroker::received() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return received_;
}

std::vector<FakeBroker::Received> FakeBroker::received(v1::Frame::BodyCase body) const {
  std::vector<Received> matching;
  for (Received& received : received()) {
    if (received.decoded && received.frame.body_case() == body) {
      matching.push_back(std::move(received));
    }
  }
  return matching;
}

bool FakeBroker::wait_for(v1::Frame::BodyCase body, std::size_t count,
                          std::chrono::milliseconds timeout) const {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (received(body).size() < count) {
    if (std::chrono::steady_clock::now() >= until) {
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

void FakeBroker::run() {
  while (!stop_) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      for (const auto& [identity, bytes] : outbox_) {
        socket_.send(zmq::buffer(identity), zmq::send_flags::sndmore);
        socket_.send(zmq::buffer(bytes), zmq::send_flags::none);
      }
      outbox_.clear();
    }
    zmq::pollitem_t item{socket_.handle(), 0, ZMQ_POLLIN, 0};
    zmq::poll(&item, 1, std::chrono::milliseconds(2));
    if ((item.revents & ZMQ_POLLIN) == 0) {
      continue;
    }
    Received received;
    zmq::message_t part;
    (void)socket_.recv(part);
    received.identity = part.to_string();
    while (part.more()) {
      (void)socket_.recv(part);
      if (received.parts++ == 0) {
        received.bytes = part.to_string();
      }
    }
    received.decoded = received.frame.ParseFromString(received.bytes);
    std::vector<v1::Frame> replies;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      received_.push_back(received);
      if (silent_ || ignored_.count(received.identity) != 0) {
        continue;
      }
      // Like a broker, Pongs report the connection's subscriptions (those asked for and not
      // ended: the fake does not judge whether its handler confirmed them).
      std::uint32_t& subscriptions = subscriptions_[received.identity];
      if (received.decoded &&
          (received.frame.has_subscribe() || received.frame.has_case_subscribe())) {
        ++subscriptions;
      } else if (received.decoded && received.frame.has_unsubscribe() && subscriptions > 0) {
        --subscriptions;
      }
      if (received.decoded && received.frame.has_ping()) {
        v1::Frame pong;
        pong.set_request_id(received.frame.request_id());
        pong.mutable_pong()->set_head_seq(0);
        pong.mutable_pong()->set_subscriptions(subscriptions);
        replies.push_back(pong);
      } else if (received.decoded && received.frame.has_directory_request()) {
        // Like a broker: the names it knows (none unless a test set them: ids shown).
        v1::Frame directory;
        directory.set_request_id(received.frame.request_id());
        *directory.mutable_directory() = directory_;
        replies.push_back(directory);
      } else if (handler_) {
        replies = handler_(received);
      }
    }
    for (const v1::Frame& reply : replies) {
      socket_.send(zmq::buffer(received.identity), zmq::send_flags::sndmore);
      socket_.send(zmq::buffer(protocol::encode_frame(reply)), zmq::send_flags::none);
    }
  }
}

v1::Event sample_alert(const std::string& title) {
  const std::int64_t now_ms = TimeUtil::TimestampToMilliseconds(TimeUtil::GetCurrentTime());
  const std::time_t onset = static_cast<std::time_t>(now_ms / 1000 - 3 * 86400);
  std::tm onset_tm{};
  gmtime_r(&onset, &onset_tm);
  char onset_date[48];
  std::snprintf(onset_date, sizeof onset_date, "%04d-%02d-%02d", onset_tm.tm_year + 1900,
                onset_tm.tm_mon + 1, onset_tm.tm_mday);

  v1::Event event;
  event.set_event_id(protocol::new_event_id());
  event.set_sender_unit("bac-giang/cnty");
  *event.mutable_sent_at() = TimeUtil::MillisecondsToTimestamp(now_ms);
  event.set_status(v1::ACTUAL);
  event.set_kind(v1::ANIMAL_DISEASE);
  event.set_type(v1::ALERT);
  event.set_urgency(v1::IMMEDIATE);
  event.set_severity(v1::SEVERE);
  event.set_certainty(v1::OBSERVED);
  v1::Area* area = event.add_areas();
  area->set_code("24");
  area->set_scheme("VN-2004");
  area->set_name("Bắc Giang");
  event.set_title(title);
  event.set_description("Phát hiện lợn chết bất thường tại hộ chăn nuôi, xét nghiệm dương tính.");
  event.set_language("vi");
  v1::AnimalDiseaseAlert* disease = event.mutable_animal_disease();
  disease->set_disease("Dịch tả lợn châu Phi");
  disease->set_confirmation(v1::AnimalDiseaseAlert::CONFIRMED);
  disease->set_lab("Chi cục Thú y vùng II");
  *disease->mutable_confirmed_at() = TimeUtil::MillisecondsToTimestamp(now_ms - 86400000);
  disease->set_onset_date(onset_date);
  v1::Outbreak* outbreak = disease->add_outbreaks();
  outbreak->mutable_commune()->set_code("07360");
  outbreak->mutable_commune()->set_scheme("VN-2004");
  outbreak->mutable_commune()->set_name("Xã Biên Sơn");
  outbreak->set_hamlet("Thôn Nà Hem");
  outbreak->mutable_location()->set_latitude(21.37);
  outbreak->mutable_location()->set_longitude(106.55);
  outbreak->set_epi_unit(v1::Outbreak::HOUSEHOLD);
  v1::SpeciesCount* pigs = outbreak->add_species();
  pigs->set_species("lợn");
  pigs->set_susceptible(120);
  pigs->set_cases(15);
  pigs->set_deaths(8);
  return event;
}

v1::Event published_event(const FakeBroker::Received& publish) {
  v1::Event event;
  event.ParseFromString(publish.frame.publish().event());
  return event;
}

v1::Frame ack_for(const FakeBroker::Received& publish, std::uint64_t seq, bool duplicate) {
  v1::Frame frame;
  frame.set_request_id(publish.frame.request_id());
  v1::PublishAck* ack = frame.mutable_publish_ack();
  ack->set_event_id(published_event(publish).event_id());
  ack->set_seq(seq);
  char reference[32];
  std::snprintf(reference, sizeof reference, "BG-2026-%05llu",
                static_cast<unsigned long long>(seq));
  ack->set_reference(reference);
  ack->set_duplicate(duplicate);
  return frame;
}

v1::Frame error_reply(std::uint64_t request_id, v1::ErrorCode code) {
  return protocol::error_frame(request_id, Status::from_code(code));
}

v1::Frame subscribed_for(const FakeBroker::Received& subscribe, std::uint64_t start_after_seq,
                         std::uint64_t head_seq, bool resumed) {
  v1::Frame frame;
  frame.set_request_id(subscribe.frame.request_id());
  v1::Subscribed* subscribed = frame.mutable_subscribed();
  subscribed->set_subscription_id(subscribe.frame.request_id());
  subscribed->set_start_after_seq(start_after_seq);
  subscribed->set_head_seq(head_seq);
  subscribed->set_epoch(1);
  subscribed->set_resumed(resumed);
  return frame;
}

v1::StoredEvent stored_event(std::uint64_t seq, const v1::Event& event) {
  v1::StoredEvent stored;
  stored.set_seq(seq);
  stored.set_event_id(event.event_id());
  stored.mutable_origin()->set_node("bac-giang");
  stored.mutable_origin()->set_epoch(1);
  stored.mutable_origin()->set_seq(seq);
  char reference[32];
  std::snprintf(reference, sizeof reference, "BG-2026-%05llu",
                static_cast<unsigned long long>(seq));
  stored.set_reference(reference);
  *stored.mutable_received_at() = event.sent_at();
  event.SerializeToString(stored.mutable_event());
  stored.set_kind(event.kind());
  stored.set_type(event.type());
  return stored;
}

v1::Frame delivery(std::uint64_t subscription_id, const std::vector<std::uint64_t>& seqs) {
  v1::Frame frame;
  frame.mutable_delivery()->set_subscription_id(subscription_id);
  for (const std::uint64_t seq : seqs) {
    *frame.mutable_delivery()->add_events() =
        stored_event(seq, sample_alert("Sự kiện số " + std::to_string(seq)));
  }
  return frame;
}

}  // namespace alertbus::testing
