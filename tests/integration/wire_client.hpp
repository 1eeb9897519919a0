// WireClient: a bare DEALER socket speaking the protocol frame by frame, for tests that need
// to see or break the wire (bad input, exact acknowledgements, credit).
#pragma once

#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <zmq.hpp>

#include "alertbus/v1/frame.pb.h"

namespace alertbus::testing {

// CurveZMQ keys a WireClient connects with.
struct CurveClientKeys {
  std::array<unsigned char, 32> server{};
  std::array<unsigned char, 32> public_key{};
  std::array<unsigned char, 32> secret_key{};
};

class WireClient {
 public:
  // Connects with the keys registered for `endpoint` (use_keys_for), plain otherwise.
  WireClient(zmq::context_t& context, const std::string& endpoint);
  WireClient(zmq::context_t& context, const std::string& endpoint,
             const std::optional<CurveClientKeys>& keys);

  // From now on, WireClients (and the helpers built on them: all_events, wait_for_count,
  // check_converged) reach `endpoint` with these keys. Test-thread only.
  static void use_keys_for(const std::string& endpoint, const CurveClientKeys& keys);

  void send(const v1::Frame& frame);
  // Sends raw parts, for malformed input.
  void send_parts(const std::vector<std::string>& parts);
  // The next frame, or nullopt after `timeout`. Fails the test on undecodable bytes.
  std::optional<v1::Frame> receive(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // Receives until a frame with this request id (other frames are kept for later).
  std::optional<v1::Frame> receive_reply(
      std::uint64_t request_id, std::chrono::milliseconds timeout = std::chrono::seconds(10));

  // Publishes and waits for the reply (PublishAck or Error).
  v1::Frame publish(const v1::Event& event);
  v1::Frame publish_bytes(const std::string& event_bytes);
  // Subscribes and waits for Subscribed (or Error).
  v1::Frame subscribe(const v1::Subscribe& subscribe);
  // Receives deliveries until `count` events arrived or `timeout` passed.
  std::vector<v1::StoredEvent> receive_events(
      std::size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(10));
  void ack(std::uint64_t subscription_id, std::uint64_t up_to_seq, std::uint32_t credit);
  v1::Frame query(const v1::Query& query);
  v1::StatusReply status();

  std::uint64_t next_request_id() { return ++last_request_id_; }

 private:
  zmq::socket_t socket_;
  std::uint64_t last_request_id_ = 0;
  std::vector<v1::Frame> pending_;
};

}  // namespace alertbus::testing
