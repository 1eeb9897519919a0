#include "wire_client.hpp"

#include <map>
#include <stdexcept>

namespace alertbus::testing {

namespace {

std::map<std::string, CurveClientKeys>& keys_by_endpoint() {
  static std::map<std::string, CurveClientKeys> keys;
  return keys;
}

std::optional<CurveClientKeys> registered_keys(const std::string& endpoint) {
  const auto found = keys_by_endpoint().find(endpoint);
  return found == keys_by_endpoint().end() ? std::nullopt
                                           : std::optional<CurveClientKeys>(found->second);
}

}  // namespace

void WireClient::use_keys_for(const std::string& endpoint, const CurveClientKeys& keys) {
  keys_by_endpoint()[endpoint] = keys;
}

WireClient::WireClient(zmq::context_t& context, const std::string& endpoint)
    : WireClient(context, endpoint, registered_keys(endpoint)) {}

WireClient::WireClient(zmq::context_t& context, const std::string& endpoint,
                       const std::optional<CurveClientKeys>& keys)
    : socket_(context, zmq::socket_type::dealer) {
  socket_.set(zmq::sockopt::linger, 0);
  if (keys) {
    socket_.set(zmq::sockopt::curve_serverkey, zmq::const_buffer(keys->server.data(), 32));
    socket_.set(zmq::sockopt::curve_publickey, zmq::const_buffer(keys->public_key.data(), 32));
    socket_.set(zmq::sockopt::curve_secretkey, zmq::const_buffer(keys->secret_key.data(), 32));
  }
  socket_.connect(endpoint);
}

void WireClient::send(const v1::Frame& frame) {
  std::string bytes;
  frame.SerializeToString(&bytes);
  socket_.send(zmq::buffer(bytes), zmq::send_flags::none);
}

void WireClient::send_parts(const std::vector<std::string>& parts) {
  for (std::size_t i = 0; i < parts.size(); ++i) {
    socket_.send(zmq::buffer(parts[i]),
                 i + 1 < parts.size() ? zmq::send_flags::sndmore : zmq::send_flags::none);
  }
}

std::optional<v1::Frame> WireClient::receive(std::chrono::milliseconds timeout) {
  if (!pending_.empty()) {
    v1::Frame frame = std::move(pending_.front());
    pending_.erase(pending_.begin());
    return frame;
  }
  zmq::pollitem_t item{socket_.handle(), 0, ZMQ_POLLIN, 0};
  if (zmq::poll(&item, 1, timeout) == 0) {
    return std::nullopt;
  }
  zmq::message_t message;
  (void)socket_.recv(message, zmq::recv_flags::none);
  v1::Frame frame;
  if (!frame.ParseFromArray(message.data(), static_cast<int>(message.size()))) {
    throw std::runtime_error("the broker sent an undecodable frame");
  }
  return frame;
}

std::optional<v1::Frame> WireClient::receive_reply(std::uint64_t request_id,
                                                   std::chrono::milliseconds timeout) {
  for (std::size_t i = 0; i < pending_.size(); ++i) {
    if (pending_[i].request_id() == request_id) {
      v1::Frame frame = std::move(pending_[i]);
      pending_.erase(pending_.begin() + static_cast<std::ptrdiff_t>(i));
      return frame;
    }
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::vector<v1::Frame> others;
  std::optional<v1::Frame> found;
  while (!found) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      break;
    }
    zmq::pollitem_t item{socket_.handle(), 0, ZMQ_POLLIN, 0};
    if (zmq::poll(&item, 1, left) == 0) {
      break;
    }
    zmq::message_t message;
    (void)socket_.recv(message, zmq::recv_flags::none);
    v1::Frame frame;
    if (!frame.ParseFromArray(message.data(), static_cast<int>(message.size()))) {
      throw std::runtime_error("the broker sent an undecodable frame");
    }
    if (frame.request_id() == request_id && !frame.has_delivery()) {
      found = std::move(frame);
    } else {
      others.push_back(std::move(frame));
    }
  }
  pending_.insert(pending_.end(), others.begin(), others.end());
  return found;
}

v1::Frame WireClient::publish(const v1::Event& event) {
  std::string bytes;
  event.SerializeToString(&bytes);
  return publish_bytes(bytes);
}

v1::Frame WireClient::publish_bytes(const std::string& event_bytes) {
  v1::Frame frame;
  frame.set_request_id(next_request_id());
  frame.mutable_publish()->set_event(event_bytes);
  send(frame);
  auto reply = receive_reply(frame.request_id());
  if (!reply) {
    throw std::runtime_error("no reply to publish");
  }
  return *reply;
}

v1::Frame WireClient::subscribe(const v1::Subscribe& subscribe) {
  v1::Frame frame;
  frame.set_request_id(next_request_id());
  *frame.mutable_subscribe() = subscribe;
  send(frame);
  auto reply = receive_reply(frame.request_id());
  if (!reply) {
    throw std::runtime_error("no reply to subscribe");
  }
  return *reply;
}

std::vector<v1::StoredEvent> WireClient::receive_events(std::size_t count,
                                                        std::chrono::milliseconds timeout) {
  std::vector<v1::StoredEvent> events;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (events.size() < count) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      break;
    }
    auto frame = receive(left);
    if (!frame) {
      break;
    }
    if (frame->has_delivery()) {
      for (const v1::StoredEvent& event : frame->delivery().events()) {
        events.push_back(event);
      }
    }
  }
  return events;
}

void WireClient::ack(std::uint64_t subscription_id, std::uint64_t up_to_seq, std::uint32_t credit) {
  v1::Frame frame;
  v1::DeliveryAck* ack = frame.mutable_delivery_ack();
  ack->set_subscription_id(subscription_id);
  ack->set_up_to_seq(up_to_seq);
  ack->set_credit(credit);
  send(frame);
}

v1::Frame WireClient::query(const v1::Query& query) {
  v1::Frame frame;
  frame.set_request_id(next_request_id());
  *frame.mutable_query() = query;
  send(frame);
  auto reply = receive_reply(frame.request_id());
  if (!reply) {
    throw std::runtime_error("no reply to query");
  }
  return *reply;
}

v1::StatusReply WireClient::status() {
  v1::Frame frame;
  frame.set_request_id(next_request_id());
  frame.mutable_status_request();
  send(frame);
  auto reply = receive_reply(frame.request_id());
  if (!reply || !reply->has_status_reply()) {
    throw std::runtime_error("no status reply");
  }
  return reply->status_reply();
}

}  // namespace alertbus::testing
