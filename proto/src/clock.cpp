#include "alertbus/protocol/clock.hpp"

#include <chrono>

namespace alertbus::protocol {

std::int64_t now_unix_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::int64_t to_unix_ms(const google::protobuf::Timestamp& time) {
  return time.seconds() * 1000 + time.nanos() / 1000000;
}

void set_unix_ms(std::int64_t unix_ms, google::protobuf::Timestamp* time) {
  std::int64_t seconds = unix_ms / 1000;
  std::int64_t rest = unix_ms % 1000;
  if (rest < 0) {
    rest += 1000;
    --seconds;
  }
  time->set_seconds(seconds);
  time->set_nanos(static_cast<std::int32_t>(rest * 1000000));
}

}  // namespace alertbus::protocol
