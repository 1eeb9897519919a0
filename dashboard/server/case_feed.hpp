// CaseFeed: one unit's live view of the cases, for the pages' live stream (docs/DASHBOARD.md,
// "Live stream"). A thread follows the broker's case change stream with the unit's key from
// the durable cursor (the last position it took, saved in the state database after each
// batch), so a restarted dashboard goes on from where it stopped and nothing that changed
// while it was down is skipped; the last `memory` changes are kept for browsers that
// reconnect. A browser further behind than that memory is served by a replay: a separate
// subscription from its own position, read until it is caught up (replay()).
//
// Positions are the broker's case positions (the log seq of the change), so they stay valid
// across dashboard restarts: a browser's Last-Event-ID means the same thing afterwards.
//
// Threading: start()/stop() from the owner; every other method from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "alertbus/v1/frame.pb.h"

#include "unit_gateway.hpp"

namespace alertbus::dashboard {

struct FeedChange {
  std::uint64_t position = 0;
  v1::AlertCase alert_case;
  // The case's key: its reference (its event id while the alert itself is not held here).
  // One event can change several cases (a receipt covering several alerts): they share a
  // position, and (position, key) orders them.
  std::string key() const;
};

// Where a reader of the feed is: after the change at `position` with case key `key` (empty:
// after every change at `position`). Written as the stream's event id "POSITION/KEY".
struct FeedCursor {
  std::uint64_t position = 0;
  std::string key;

  // Whether `change` comes after this cursor.
  bool before(const FeedChange& change) const;
  std::string id() const;
  static std::optional<FeedCursor> parse(std::string_view id);
};

class CaseFeed {
 public:
  using LoadCursor = std::function<std::uint64_t()>;
  using SaveCursor = std::function<void(std::uint64_t)>;

  CaseFeed(UnitGateway& gateway, LoadCursor load, SaveCursor save, std::size_t memory = 4096);
  CaseFeed(const CaseFeed&) = delete;
  CaseFeed& operator=(const CaseFeed&) = delete;
  ~CaseFeed();

  void start();
  void stop();

  // The changes after `cursor` still in memory, in (position, key) order, each case once in
  // its latest state. False (and nothing) when the cursor is older than the memory reaches.
  bool changes_after(const FeedCursor& cursor, std::vector<FeedChange>* out) const;

  // Waits until a change after `position` is in memory, up to `timeout` or stop(); returns
  // whether there is one.
  bool wait_after(std::uint64_t position, std::chrono::milliseconds timeout) const;

  // Every case changed after `position`, each once in its latest state, from the broker (a
  // subscription of its own, read until it falls quiet), oldest first. For browsers further
  // behind than the memory. Fails with kUnavailable or the broker's refusal.
  StatusOr<std::vector<FeedChange>> replay(const FeedCursor& cursor) const;

  // The position of the newest change taken (0 before the first).
  std::uint64_t head() const;

  // Whether the subscription is in place (false while the broker is away).
  bool live() const { return live_.load(); }

 private:
  void run();
  // Sets head and floor to the broker's projected position (first start, no cursor saved).
  bool start_at_projection();
  void remember(std::vector<FeedChange> batch);
  // Whether the case of `change` is in memory at the head's position. Needs mutex_.
  bool taken_at_head(const FeedChange& change) const;

  UnitGateway& gateway_;
  LoadCursor load_;
  SaveCursor save_;
  std::size_t memory_;

  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::deque<FeedChange> recent_;  // Position order.
  std::uint64_t floor_ = 0;        // Memory holds every change after this position.
  std::uint64_t head_ = 0;
  bool stopping_ = false;
  std::atomic<bool> live_{false};
  std::thread thread_;
};

}  // namespace alertbus::dashboard
