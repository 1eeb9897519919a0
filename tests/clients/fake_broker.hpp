// FakeBroker: a scripted stand-in for alertbusd in client tests. A real ZeroMQ ROUTER socket
// bound to tcp://127.0.0.1:* and served by its own thread; each received message is recorded
// and handed to the test's handler, whose answers go back to the sender. Pings are answered
// with Pongs by the fake itself unless it is silent.
//
// Threading: the handler runs on the fake's thread while the fake's mutex is held; tests read
// state the handler shares with them inside locked(), and everything else through the
// thread-safe methods below.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <zmq.hpp>

#include "alertbus/v1/event.pb.h"
#include "alertbus/v1/frame.pb.h"

namespace alertbus::testing {

class FakeBroker {
 public:
  struct Received {
    std::string identity;   // The client's routing identity.
    std::size_t parts = 0;  // Message parts after the identity.
    std::string bytes;      // The first part after the identity.
    bool decoded = false;   // Whether `bytes` parsed as a Frame.
    v1::Frame frame;
  };

  // Frames to send back to the sender of `received`.
  using Handler = std::function<std::vector<v1::Frame>(const Received& received)>;

  explicit FakeBroker(Handler handler = {});
  FakeBroker(const FakeBroker&) = delete;
  FakeBroker& operator=(const FakeBroker&) = delete;
  ~FakeBroker();

  // tcp://127.0.0.1:<port> to connect clients to.
  const std::string& endpoint() const { return endpoint_; }

  // Queues a frame for a client; the fake's thread sends it.
  void send(const std::string& identity, const v1::Frame& frame);

  // Silent: messages are still recorded but nothing is answered, not even Pings.
  void set_silent(bool silent) { silent_ = silent; }

  // The Directory it answers a DirectoryRequest with (default: empty, so clients show ids).
  void set_directory(v1::Directory directory) {
    std::lock_guard<std::mutex> lock(mutex_);
    directory_ = std::move(directory);
  }

  // Messages from this identity are still recorded but never answered, not even Pings: the
  // client on that connection sees a dead broker.
  void ignore(const std::string& identity);

  // A copy of everything received so far, in order.
  std::vector<Received> received() const;

  // The received frames that carry body `body` (a Frame::BodyCase).
  std::vector<Received> received(v1::Frame::BodyCase body) const;

  // Waits until at least `count` frames with body `body` were received; false on timeout.
  bool wait_for(v1::Frame::BodyCase body, std::size_t count,
                std::chrono::milliseconds timeout = std::chrono::milliseconds(3000)) const;

  // Runs `f` under the mutex the handler runs under.
  template <typename F>
  auto locked(F&& f) const {
    std::lock_guard<std::mutex> lock(mutex_);
    return f();
  }

 private:
  void run();

  Handler handler_;
  zmq::context_t context_;
  zmq::socket_t socket_;
  std::string endpoint_;
  std::atomic<bool> silent_{false};
  std::atomic<bool> stop_{false};
  mutable std::mutex mutex_;
  std::vector<Received> received_;
  std::set<std::string> ignored_;
  std::map<std::string, std::uint32_t> subscriptions_;  // Per identity, for Pongs.
  v1::Directory directory_;
  std::vector<std::pair<std::string, std::string>> outbox_;
  std::thread thread_;
};

// --- Frames and events for scripts ------------------------------------------------------

// A complete animal-disease alert, as an officer in Bắc Giang would post it.
v1::Event sample_alert(const std::string& title = "Dịch tả lợn châu Phi tại Lục Ngạn");

// The PublishAck for a received Publish frame.
v1::Frame ack_for(const FakeBroker::Received& publish, std::uint64_t seq, bool duplicate = false);

// An Error frame answering `request_id`.
v1::Frame error_reply(std::uint64_t request_id, v1::ErrorCode code);

// The Subscribed frame answering a received Subscribe.
v1::Frame subscribed_for(const FakeBroker::Received& subscribe, std::uint64_t start_after_seq,
                         std::uint64_t head_seq, bool resumed = false);

// A StoredEvent at `seq` holding `event` (serialized here) and reference "BG-2026-<seq>".
v1::StoredEvent stored_event(std::uint64_t seq, const v1::Event& event);

// A Delivery for `subscription_id` with one event per seq.
v1::Frame delivery(std::uint64_t subscription_id, const std::vector<std::uint64_t>& seqs);

// The event inside a received Publish frame.
v1::Event published_event(const FakeBroker::Received& publish);

}  // namespace alertbus::testing
