// RouterChannel: the broker's client endpoint, its ROUTER socket, as the loop and its parts
// use it: a frame, or a frame's bytes, to one connection, and refusals. Every refusal passes
// through reply_error, so every one is answered and logged the same way: its texts cut to
// kMaxEchoBytes (a message may quote what the client sent), and a client's repeated
// refusals of one kind logged once per interval with their count (refusal_log.hpp). The composition
// root (Node) sets the socket's options and binds it, and gives it the metrics that count the
// refusals by code; the loop polls and reads it through socket().
//
// Threading: loop thread only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <zmq.hpp>

#include "alertbus/v1/frame.pb.h"

#include "alertbus/protocol/status.hpp"
#include "delivery/subscriptions.hpp"
#include "loop/refusal_log.hpp"

namespace alertbus::broker {

struct BrokerMetrics;

// A routing id as hex, to name a connection in the log.
std::string peer_name(const std::string& routing_id);

class RouterChannel {
 public:
  explicit RouterChannel(zmq::context_t& context);
  RouterChannel(const RouterChannel&) = delete;
  RouterChannel& operator=(const RouterChannel&) = delete;

  zmq::socket_t& socket() { return socket_; }

  // Counts every refusal by its code there from now on; `metrics` must outlive the channel.
  void count_refusals(BrokerMetrics* metrics) { metrics_ = metrics; }

  SendResult send(const std::string& routing_id, const v1::Frame& frame);
  // A frame already serialized (deliveries: delivery/delivery_encoder.hpp).
  SendResult send_bytes(const std::string& routing_id, std::string_view bytes);
  // Logs the refusal (unless its kind was logged for this connection within the interval)
  // and answers it with an Error frame.
  // `who` names the connection in the log line (ConnectionTable::who); by default its id.
  void reply_error(const std::string& routing_id, std::uint64_t request_id, const Status& status,
                   const std::string& who = {});

  // The most of a refusal's message (each language) and field that is sent and logged.
  static constexpr std::size_t kMaxEchoBytes = 512;

 private:
  zmq::socket_t socket_;
  std::string send_buffer_;
  RefusalLog refusals_;
  BrokerMetrics* metrics_ = nullptr;
};

}  // namespace alertbus::broker
