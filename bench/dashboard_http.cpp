#include "dashboard_http.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace alertbus::bench {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string request_text(const std::string& method, const std::string& target, int port,
                         const std::string& cookie, const std::string& body) {
  std::string text = method + " " + target +
                     " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
                     "\r\nAccept: application/json\r\n";
  if (!cookie.empty()) {
    text += "Cookie: " + cookie + "\r\n";
  }
  if (method == "POST") {
    text +=
        "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  }
  return text + "\r\n" + body;
}

}  // namespace

std::string HttpResponse::header(const std::string& name) const {
  const std::string wanted = lower(name) + ":";
  std::size_t start = 0;
  while (start < headers.size()) {
    std::size_t end = headers.find("\r\n", start);
    if (end == std::string::npos) {
      end = headers.size();
    }
    const std::string line = headers.substr(start, end - start);
    if (lower(line.substr(0, wanted.size())) == wanted) {
      std::string value = line.substr(wanted.size());
      value.erase(0, value.find_first_not_of(' '));
      return value;
    }
    start = end + 2;
  }
  return "";
}

int connect_loopback(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  if (fd < 0 || connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    if (fd >= 0) {
      ::close(fd);
    }
    throw std::runtime_error("cannot connect to 127.0.0.1:" + std::to_string(port));
  }
  const int on = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  return fd;
}

HttpConnection::HttpConnection(int port) : port_(port) {}

HttpConnection::~HttpConnection() {
  close_socket();
}

void HttpConnection::open() {
  fd_ = connect_loopback(port_);
  pending_.clear();
}

void HttpConnection::close_socket() {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

HttpResponse HttpConnection::get(const std::string& target, const std::string& cookie) {
  return exchange(request_text("GET", target, port_, cookie, ""));
}

HttpResponse HttpConnection::post_json(const std::string& target, const std::string& body,
                                       const std::string& cookie) {
  return exchange(request_text("POST", target, port_, cookie, body));
}

HttpResponse HttpConnection::exchange(const std::string& request) {
  // A kept-alive connection the server closed meanwhile answers nothing: once more on a new one.
  for (int attempt = 0;; ++attempt) {
    const bool reused = fd_ >= 0;
    if (!reused) {
      open();
    }
    try {
      return exchange_once(request);
    } catch (const std::runtime_error&) {
      close_socket();
      if (!reused || attempt > 0) {
        throw;
      }
    }
  }
}

HttpResponse HttpConnection::exchange_once(const std::string& request) {
  for (std::size_t sent = 0; sent < request.size();) {
    const ssize_t n = send(fd_, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) {
      throw std::runtime_error("send failed");
    }
    sent += static_cast<std::size_t>(n);
  }
  std::string& data = pending_;
  // Reads until `data` holds at least `size` bytes.
  const auto fill = [&](std::size_t size) {
    char buffer[65536];
    while (data.size() < size) {
      const ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
      if (n < 0 && errno == EINTR) {
        continue;
      }
      if (n <= 0) {
        throw std::runtime_error("the connection closed before the answer");
      }
      data.append(buffer, static_cast<std::size_t>(n));
    }
  };
  // Reads until `data` holds `marker` at or after `from`; returns its position.
  const auto fill_until = [&](const std::string& marker, std::size_t from) {
    for (;;) {
      const std::size_t at = data.find(marker, from);
      if (at != std::string::npos) {
        return at;
      }
      fill(data.size() + 1);
    }
  };
  const std::size_t headers_end = fill_until("\r\n\r\n", 0);
  HttpResponse response;
  const std::size_t status_end = data.find("\r\n");
  response.status = std::atoi(data.c_str() + data.find(' ') + 1);
  response.headers = data.substr(status_end + 2, headers_end - status_end - 2);
  std::size_t at = headers_end + 4;
  if (lower(response.header("Transfer-Encoding")) == "chunked") {
    for (;;) {
      const std::size_t line_end = fill_until("\r\n", at);
      const std::size_t size = std::strtoul(data.c_str() + at, nullptr, 16);
      at = line_end + 2;
      fill(at + size + 2);
      response.body.append(data, at, size);
      at += size + 2;
      if (size == 0) {
        break;
      }
    }
  } else {
    const std::size_t size = std::strtoul(response.header("Content-Length").c_str(), nullptr, 10);
    fill(at + size);
    response.body = data.substr(at, size);
    at += size;
  }
  data.erase(0, at);
  if (lower(response.header("Connection")) == "close") {
    close_socket();
  }
  return response;
}

std::string log_in(int port, const std::string& user, const std::string& password) {
  HttpConnection connection(port);
  const HttpResponse response = connection.post_json(
      "/api/login", "{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}", "");
  const std::string cookie = response.header("Set-Cookie");
  if (response.status != 200 || cookie.empty()) {
    throw std::runtime_error("login of " + user + " refused: " + std::to_string(response.status) +
                             " " + response.body);
  }
  return cookie.substr(0, cookie.find(';'));
}

std::string json_text_field(const std::string& json, const std::string& name) {
  const std::string key = "\"" + name + "\":\"";
  const std::size_t start = json.find(key);
  if (start == std::string::npos) {
    return "";
  }
  const std::size_t from = start + key.size();
  const std::size_t end = json.find('"', from);
  return end == std::string::npos ? "" : json.substr(from, end - from);
}

}  // namespace alertbus::bench
