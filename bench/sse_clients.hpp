// Many browsers' worth of the dashboard's live stream (GET /api/events, Server-Sent Events)
// without the browsers: one thread with poll() over plain loopback sockets, each a stream
// with a session cookie (several streams share one, as a browser's tabs do). It decodes the
// chunked body and the SSE lines, and notes when each stream first saw a `case` event of each
// reference.
//
// Threading: the constructor starts the polling thread; the other calls may come from any
// one thread while it runs. The destructor closes the streams and joins it.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "stats.hpp"

namespace alertbus::bench {

class SseClients {
 public:
  // Opens `count` streams to the dashboard at 127.0.0.1:port, stream i with cookie
  // cookies[i % cookies.size()]. Throws std::runtime_error when a connection fails.
  SseClients(int port, const std::vector<std::string>& cookies, std::size_t count);
  ~SseClients();
  SseClients(const SseClients&) = delete;
  SseClients& operator=(const SseClients&) = delete;
  SseClients(SseClients&&) = delete;
  SseClients& operator=(SseClients&&) = delete;

  // Waits until every stream has had its `hello` event; false after `timeout`.
  bool wait_open(std::chrono::milliseconds timeout) const;

  std::size_t size() const { return streams_.size(); }

  // Streams answered 200 that had their `hello` and are still open.
  std::size_t open_streams() const;

  // When each stream first saw a `case` event of `reference` (Clock::time_point{} when not).
  std::vector<Clock::time_point> seen(const std::string& reference) const;

  struct Totals {
    std::size_t case_events = 0;
    std::size_t resets = 0;
    std::size_t refused = 0;  // Streams answered other than 200.
    std::size_t closed = 0;   // Streams the server closed.
    std::uint64_t bytes = 0;
  };

  Totals totals() const;

  // Closes every stream (as the browsers' tabs closing) and stops the thread.
  void close_all();

 private:
  struct Stream {
    int fd = -1;
    std::string raw;   // Received, not yet decoded (headers, chunk framing).
    std::string text;  // Decoded body, not yet a whole SSE line.
    bool headers_done = false;
    bool hello = false;
    bool open = true;
    std::size_t chunk_left = 0;  // Bytes of the current chunk's data still to come.
    bool in_chunk = false;       // Between a chunk's size line and its closing CRLF.
    std::string event;
    std::string data;
  };

  void poll_loop();
  void on_bytes(std::size_t index, Stream& stream, Clock::time_point now);
  void decode_chunks(Stream& stream);
  void on_lines(std::size_t index, Stream& stream, Clock::time_point now);
  void dispatch(std::size_t index, Stream& stream, Clock::time_point now);

  std::vector<Stream> streams_;
  std::atomic<bool> stop_{false};
  mutable std::mutex mutex_;  // Guards seen_, totals_ and each stream's hello/open.
  std::unordered_map<std::string, std::vector<Clock::time_point>> seen_;
  Totals totals_;
  std::thread thread_;
};

}  // namespace alertbus::bench
