// systemd's service notifications (notify.hpp).
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <string>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "alertbus/systemd/notify.hpp"

namespace alertbus::systemd {
namespace {

std::optional<unsigned long long> number_of(const char* text) {
  if (text == nullptr || *text == '\0') {
    return std::nullopt;
  }
  unsigned long long value = 0;
  const char* end = text + std::strlen(text);
  const auto [last, error] = std::from_chars(text, end, value);
  if (error != std::errc() || last != end) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

bool notify(std::string_view state) {
  const char* path = std::getenv("NOTIFY_SOCKET");
  if (path == nullptr || (path[0] != '/' && path[0] != '@')) {
    return false;
  }
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  const std::size_t length = std::strlen(path);
  if (length >= sizeof(address.sun_path)) {
    return false;
  }
  std::memcpy(address.sun_path, path, length);
  if (path[0] == '@') {
    address.sun_path[0] = '\0';  // An abstract socket.
  }
  const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return false;
  }
  const auto size = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + length);
  const ssize_t sent = ::sendto(fd, state.data(), state.size(), MSG_NOSIGNAL,
                                reinterpret_cast<const sockaddr*>(&address), size);
  ::close(fd);
  return sent == static_cast<ssize_t>(state.size());
}

std::optional<std::chrono::microseconds> watchdog_interval() {
  const std::optional<unsigned long long> usec = number_of(std::getenv("WATCHDOG_USEC"));
  if (!usec || *usec == 0) {
    return std::nullopt;
  }
  if (const std::optional<unsigned long long> pid = number_of(std::getenv("WATCHDOG_PID"));
      pid && *pid != static_cast<unsigned long long>(::getpid())) {
    return std::nullopt;  // Meant for another process (the one that started us).
  }
  return std::chrono::microseconds(*usec);
}

void WatchdogPinger::tick(std::chrono::steady_clock::time_point now) {
  if (!interval_ || (last_ && now - *last_ < *interval_ / 2)) {
    return;
  }
  notify("WATCHDOG=1");
  last_ = now;
}

std::optional<std::chrono::milliseconds> WatchdogPinger::max_sleep() const {
  if (!interval_) {
    return std::nullopt;
  }
  return std::chrono::duration_cast<std::chrono::milliseconds>(*interval_ / 4);
}

}  // namespace alertbus::systemd
