#include "frame_socket.hpp"

#include <stdexcept>

namespace alertbus::bench {

FrameSocket::FrameSocket(zmq::context_t& context, const std::string& endpoint,
                         const std::optional<testing::CurveClientKeys>& curve)
    : socket_(context, zmq::socket_type::dealer) {
  socket_.set(zmq::sockopt::linger, 0);
  if (curve) {
    socket_.set(zmq::sockopt::curve_serverkey, zmq::const_buffer(curve->server.data(), 32));
    socket_.set(zmq::sockopt::curve_publickey, zmq::const_buffer(curve->public_key.data(), 32));
    socket_.set(zmq::sockopt::curve_secretkey, zmq::const_buffer(curve->secret_key.data(), 32));
  }
  // Catch-up keeps up to 10,000 events (about 40 deliveries) in flight; the default
  // high-water mark of 1,000 messages already holds that, this only leaves headroom.
  socket_.set(zmq::sockopt::rcvhwm, 10000);
  socket_.connect(endpoint);
}

void FrameSocket::send_bytes(const std::string& bytes) {
  (void)socket_.send(zmq::buffer(bytes), zmq::send_flags::none);
}

void FrameSocket::send(const v1::Frame& frame) {
  frame.SerializeToString(&buffer_);
  send_bytes(buffer_);
}

void FrameSocket::receive(v1::Frame* frame) {
  if (!receive_for(frame, kReplyTimeout)) {
    throw std::runtime_error("alertbusd sent nothing for 60 s");
  }
}

bool FrameSocket::receive_for(v1::Frame* frame, std::chrono::milliseconds timeout) {
  if (!socket_.recv(message_, zmq::recv_flags::dontwait)) {
    if (timeout.count() == 0) {
      return false;
    }
    zmq::pollitem_t item{socket_.handle(), 0, ZMQ_POLLIN, 0};
    if (zmq::poll(&item, 1, timeout) == 0 || !socket_.recv(message_, zmq::recv_flags::dontwait)) {
      return false;
    }
  }
  if (!frame->ParseFromArray(message_.data(), static_cast<int>(message_.size()))) {
    throw std::runtime_error("alertbusd sent a frame that does not parse");
  }
  return true;
}

}  // namespace alertbus::bench
