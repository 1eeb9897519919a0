// ManagerSocket: a datagram socket standing in for systemd's notification socket, for tests
// of alertbus/systemd/notify.hpp and of the programs that notify. It sets $NOTIFY_SOCKET while
// it lives, so processes the test starts inherit it.
#pragma once

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>

#include <catch2/catch.hpp>

namespace alertbus::testing {

// A datagram socket bound at `name` (a path, or "@…" for an abstract one), as systemd makes.
class ManagerSocket {
 public:
  explicit ManagerSocket(const std::string& name) : fd_(::socket(AF_UNIX, SOCK_DGRAM, 0)) {
    REQUIRE(fd_ >= 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, name.data(), name.size());
    if (name[0] == '@') {
      address.sun_path[0] = '\0';
    }
    const auto size = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + name.size());
    REQUIRE(::bind(fd_, reinterpret_cast<const sockaddr*>(&address), size) == 0);
    ::setenv("NOTIFY_SOCKET", name.c_str(), 1);
  }

  ~ManagerSocket() {
    ::unsetenv("NOTIFY_SOCKET");
    ::close(fd_);
  }

  ManagerSocket(const ManagerSocket&) = delete;
  ManagerSocket& operator=(const ManagerSocket&) = delete;

  // The next datagram, or "" after `seconds` without one.
  std::string receive(int seconds = 1) {
    timeval timeout{seconds, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    char buffer[256];
    const ssize_t size = ::recv(fd_, buffer, sizeof buffer, 0);
    return size > 0 ? std::string(buffer, static_cast<std::size_t>(size)) : std::string();
  }

 private:
  int fd_;
};

// A fresh socket path in the temporary directory, unique to this process.
inline std::string notify_socket_path(const char* name) {
  const std::filesystem::path path = std::filesystem::temp_directory_path() /
                                     (std::string(name) + "-" + std::to_string(::getpid()));
  std::filesystem::remove(path);
  return path.string();
}

}  // namespace alertbus::testing
