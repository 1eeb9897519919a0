#include "sse_clients.hpp"

#include <cerrno>
#include <cstdlib>
#include <fcntl.h>
#include <poll.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

#include "dashboard_http.hpp"

namespace alertbus::bench {

SseClients::SseClients(int port, const std::vector<std::string>& cookies, std::size_t count) {
  streams_.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    Stream& stream = streams_[i];
    stream.fd = connect_loopback(port);
    const std::string request =
        "GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
        "\r\nAccept: text/event-stream\r\nCookie: " + cookies[i % cookies.size()] + "\r\n\r\n";
    if (send(stream.fd, request.data(), request.size(), MSG_NOSIGNAL) !=
        static_cast<ssize_t>(request.size())) {
      throw std::runtime_error("cannot send the request of stream " + std::to_string(i));
    }
    fcntl(stream.fd, F_SETFL, fcntl(stream.fd, F_GETFL) | O_NONBLOCK);
  }
  thread_ = std::thread([this] { poll_loop(); });
}

SseClients::~SseClients() {
  close_all();
}

void SseClients::close_all() {
  stop_ = true;
  if (thread_.joinable()) {
    thread_.join();
  }
  std::lock_guard lock(mutex_);
  for (Stream& stream : streams_) {
    if (stream.fd >= 0) {
      ::close(stream.fd);
      stream.fd = -1;
    }
    stream.open = false;
  }
}

bool SseClients::wait_open(std::chrono::milliseconds timeout) const {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      std::size_t ready = 0;
      for (const Stream& stream : streams_) {
        ready += stream.hello ? 1 : 0;
      }
      if (ready == streams_.size()) {
        return true;
      }
    }
    if (Clock::now() > deadline) {
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

std::size_t SseClients::open_streams() const {
  std::lock_guard lock(mutex_);
  std::size_t open = 0;
  for (const Stream& stream : streams_) {
    open += stream.hello && stream.open ? 1 : 0;
  }
  return open;
}

std::vector<Clock::time_point> SseClients::seen(const std::string& reference) const {
  std::lock_guard lock(mutex_);
  const auto found = seen_.find(reference);
  return found == seen_.end() ? std::vector<Clock::time_point>(streams_.size()) : found->second;
}

SseClients::Totals SseClients::totals() const {
  std::lock_guard lock(mutex_);
  return totals_;
}

void SseClients::poll_loop() {
  std::vector<pollfd> fds(streams_.size());
  std::vector<char> buffer(65536);
  while (!stop_) {
    for (std::size_t i = 0; i < streams_.size(); ++i) {
      fds[i] = pollfd{streams_[i].open ? streams_[i].fd : -1, POLLIN, 0};
    }
    const int ready = poll(fds.data(), fds.size(), 100);
    if (ready <= 0) {
      continue;
    }
    const Clock::time_point now = Clock::now();
    for (std::size_t i = 0; i < streams_.size(); ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) {
        continue;
      }
      Stream& stream = streams_[i];
      for (;;) {
        const ssize_t n = recv(stream.fd, buffer.data(), buffer.size(), 0);
        if (n > 0) {
          stream.raw.append(buffer.data(), static_cast<std::size_t>(n));
          std::lock_guard lock(mutex_);
          totals_.bytes += static_cast<std::uint64_t>(n);
          continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
          break;
        }
        if (n < 0 && errno == EINTR) {
          continue;
        }
        std::lock_guard lock(mutex_);
        stream.open = false;  // Closed by the server (or an error).
        ++totals_.closed;
        break;
      }
      on_bytes(i, stream, now);
    }
  }
}

void SseClients::on_bytes(std::size_t index, Stream& stream, Clock::time_point now) {
  if (!stream.headers_done) {
    const std::size_t end = stream.raw.find("\r\n\r\n");
    if (end == std::string::npos) {
      return;
    }
    const int status = std::atoi(stream.raw.c_str() + stream.raw.find(' ') + 1);
    stream.headers_done = true;
    stream.raw.erase(0, end + 4);
    if (status != 200) {
      std::lock_guard lock(mutex_);
      ++totals_.refused;
      stream.open = false;
      return;
    }
  }
  decode_chunks(stream);
  on_lines(index, stream, now);
}

void SseClients::decode_chunks(Stream& stream) {
  std::string& raw = stream.raw;
  std::size_t at = 0;
  for (;;) {
    if (!stream.in_chunk) {
      const std::size_t line_end = raw.find("\r\n", at);
      if (line_end == std::string::npos) {
        break;
      }
      stream.chunk_left = std::strtoul(raw.c_str() + at, nullptr, 16);
      stream.in_chunk = true;
      at = line_end + 2;
    }
    const std::size_t take = std::min(stream.chunk_left, raw.size() - at);
    stream.text.append(raw, at, take);
    stream.chunk_left -= take;
    at += take;
    if (stream.chunk_left > 0 || raw.size() - at < 2) {
      break;
    }
    at += 2;  // The chunk's closing CRLF.
    stream.in_chunk = false;
  }
  raw.erase(0, at);
}

void SseClients::on_lines(std::size_t index, Stream& stream, Clock::time_point now) {
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = stream.text.find('\n', start);
    if (end == std::string::npos) {
      break;
    }
    const std::string_view line(stream.text.data() + start, end - start);
    start = end + 1;
    if (line.empty()) {
      dispatch(index, stream, now);
    } else if (line.starts_with("event: ")) {
      stream.event = line.substr(7);
    } else if (line.starts_with("data: ")) {
      stream.data = line.substr(6);
    }
  }
  stream.text.erase(0, start);
}

void SseClients::dispatch(std::size_t index, Stream& stream, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  if (stream.event == "hello") {
    stream.hello = true;
  } else if (stream.event == "reset") {
    ++totals_.resets;
  } else if (stream.event == "case") {
    ++totals_.case_events;
    const std::string reference = json_text_field(stream.data, "reference");
    std::vector<Clock::time_point>& times = seen_[reference];
    if (times.empty()) {
      times.resize(streams_.size());
    }
    if (times[index] == Clock::time_point{}) {
      times[index] = now;
    }
  }
  stream.event.clear();
  stream.data.clear();
}

}  // namespace alertbus::bench
