// One unit's live view of the cases (case_feed.hpp).
#include "case_feed.hpp"

#include <algorithm>
#include <charconv>
#include <iterator>
#include <spdlog/spdlog.h>
#include <unordered_map>
#include <utility>

#include "alertbus/client/case_watcher.hpp"
#include "alertbus/logging/log_format.hpp"

namespace alertbus::dashboard {
namespace {

constexpr std::chrono::milliseconds kPoll{250};
constexpr std::chrono::milliseconds kReplayQuiet{400};
constexpr std::size_t kReplayMax = 200000;

client::CaseWatcherOptions watcher_options(const UnitGateway& gateway) {
  client::CaseWatcherOptions options;
  options.endpoint = gateway.endpoint();
  options.credentials = gateway.credentials();
  options.subscribe_timeout = std::chrono::seconds(5);
  return options;
}

// Keeps each case once, at its latest change, in (position, key) order.
std::vector<FeedChange> latest_per_case(std::vector<FeedChange> changes) {
  std::unordered_map<std::string, std::uint64_t> last;
  for (const FeedChange& change : changes) {
    std::uint64_t& position = last[change.key()];
    position = std::max(position, change.position);
  }
  std::erase_if(
      changes, [&last](const FeedChange& change) { return last[change.key()] != change.position; });
  std::sort(changes.begin(), changes.end(), [](const FeedChange& a, const FeedChange& b) {
    return a.position != b.position ? a.position < b.position : a.key() < b.key();
  });
  // The same change twice (a replay overlapping the memory) once.
  changes.erase(std::unique(changes.begin(), changes.end(),
                            [](const FeedChange& a, const FeedChange& b) {
                              return a.position == b.position && a.key() == b.key();
                            }),
                changes.end());
  return changes;
}

}  // namespace

std::string FeedChange::key() const {
  return alert_case.reference().empty() ? alert_case.event_id() : alert_case.reference();
}

bool FeedCursor::before(const FeedChange& change) const {
  return change.position > position ||
         (change.position == position && !key.empty() && change.key() > key);
}

std::string FeedCursor::id() const {
  return key.empty() ? std::to_string(position) : std::to_string(position) + "/" + key;
}

std::optional<FeedCursor> FeedCursor::parse(std::string_view id) {
  const std::size_t slash = id.find('/');
  const std::string_view number = id.substr(0, slash);
  FeedCursor cursor;
  const auto [end, error] =
      std::from_chars(number.data(), number.data() + number.size(), cursor.position);
  if (number.empty() || error != std::errc() || end != number.data() + number.size()) {
    return std::nullopt;
  }
  if (slash != std::string_view::npos) {
    cursor.key = std::string(id.substr(slash + 1));
    if (cursor.key.empty() || cursor.key.size() > 64) {
      return std::nullopt;
    }
  }
  return cursor;
}

CaseFeed::CaseFeed(UnitGateway& gateway, LoadCursor load, SaveCursor save, std::size_t memory)
    : gateway_(gateway), load_(std::move(load)), save_(std::move(save)), memory_(memory) {}

CaseFeed::~CaseFeed() {
  stop();
}

void CaseFeed::start() {
  floor_ = head_ = load_();
  thread_ = std::thread([this] { run(); });
}

void CaseFeed::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
}

void CaseFeed::run() {
  // Every line of this thread concerns the unit (JSON logs: "principal").
  const logging::LogSubject subject(logging::Field::kPrincipal, gateway_.unit_id());
  std::unique_ptr<client::CaseWatcher> watcher;
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) {
        break;
      }
    }
    if (!watcher) {
      if (head() == 0 && !start_at_projection()) {
        live_ = false;
        std::unique_lock lock(mutex_);
        changed_.wait_for(lock, std::chrono::seconds(2), [this] { return stopping_; });
        continue;
      }
      client::CaseWatcherOptions options = watcher_options(gateway_);
      // From the position before the head: cases changed by the same event as the last one
      // taken may not have come yet (remember() skips the ones that had).
      options.after_position = head() > 0 ? head() - 1 : 0;
      StatusOr<std::unique_ptr<client::CaseWatcher>> opened =
          client::CaseWatcher::connect(std::move(options));
      if (!opened.ok()) {
        live_ = false;
        spdlog::warn("dashboard: case stream of {} not open: {}", gateway_.unit_id(),
                     opened.status().to_string());
        std::unique_lock lock(mutex_);
        changed_.wait_for(lock, std::chrono::seconds(2), [this] { return stopping_; });
        continue;
      }
      watcher = std::move(opened).value();
      live_ = true;
    }
    std::vector<FeedChange> batch;
    StatusOr<std::optional<v1::CaseChange>> next = watcher->next(kPoll);
    while (next.ok() && next.value().has_value() && batch.size() < 512) {
      batch.push_back({next.value()->position(), std::move(*next.value()->mutable_alert_case())});
      next = watcher->next(std::chrono::milliseconds(0));
    }
    if (!next.ok()) {
      spdlog::warn("dashboard: case stream of {} failed: {}", gateway_.unit_id(),
                   next.status().to_string());
      watcher.reset();
      live_ = false;
    }
    if (!batch.empty()) {
      const std::uint64_t position = batch.back().position;
      remember(std::move(batch));
      save_(position);
    }
  }
  if (watcher) {
    watcher->close(std::chrono::milliseconds(100));
  }
  live_ = false;
}

bool CaseFeed::start_at_projection() {
  // The first start: from the broker's projection as it is now (the pages load the cases
  // as they are, then follow the changes), saved at once so that a restart goes on from
  // there rather than from whatever is the head by then.
  std::uint64_t projected = 0;
  const Status status = gateway_.with_client([&projected](client::Client& client) {
    StatusOr<v1::StatusReply> reply = client.status();
    if (reply.ok()) {
      projected = reply->projected_seq();
    }
    return reply.status();
  });
  if (!status.ok() || projected == 0) {
    return status.ok();  // An empty log: start from its beginning (position 0).
  }
  {
    std::lock_guard lock(mutex_);
    floor_ = head_ = projected;
  }
  save_(projected);
  return true;
}

void CaseFeed::remember(std::vector<FeedChange> batch) {
  {
    std::lock_guard lock(mutex_);
    for (FeedChange& change : batch) {
      if (change.position < head_ || (change.position == head_ && taken_at_head(change))) {
        continue;  // Already taken.
      }
      head_ = change.position;
      recent_.push_back(std::move(change));
    }
    while (recent_.size() > memory_) {
      floor_ = recent_.front().position;
      recent_.pop_front();
    }
  }
  changed_.notify_all();
}

bool CaseFeed::taken_at_head(const FeedChange& change) const {
  for (auto it = recent_.rbegin(); it != recent_.rend() && it->position == head_; ++it) {
    if (it->key() == change.key()) {
      return true;
    }
  }
  return false;
}

bool CaseFeed::changes_after(const FeedCursor& cursor, std::vector<FeedChange>* out) const {
  std::lock_guard lock(mutex_);
  if (cursor.position < floor_) {
    return false;
  }
  std::vector<FeedChange> found;
  // From the back: the changes after the cursor are the newest ones.
  auto first = recent_.end();
  while (first != recent_.begin() && std::prev(first)->position >= cursor.position) {
    --first;
  }
  for (auto change = first; change != recent_.end(); ++change) {
    if (cursor.before(*change)) {
      found.push_back(*change);
    }
  }
  *out = latest_per_case(std::move(found));
  return true;
}

bool CaseFeed::wait_after(std::uint64_t position, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return stopping_ || head_ > position; }) &&
         head_ > position;
}

StatusOr<std::vector<FeedChange>> CaseFeed::replay(const FeedCursor& cursor) const {
  client::CaseWatcherOptions options = watcher_options(gateway_);
  // The changes at the cursor's own position too: those after its key are still missed.
  options.after_position = cursor.position > 0 ? cursor.position - 1 : 0;
  options.credit = 1024;
  StatusOr<std::unique_ptr<client::CaseWatcher>> watcher =
      client::CaseWatcher::connect(std::move(options));
  if (!watcher.ok()) {
    return watcher.status();
  }
  std::vector<FeedChange> changes;
  for (;;) {
    StatusOr<std::optional<v1::CaseChange>> next = watcher.value()->next(kReplayQuiet);
    if (!next.ok()) {
      return next.status();
    }
    if (!next.value().has_value() || changes.size() >= kReplayMax) {
      break;
    }
    FeedChange change{next.value()->position(), std::move(*next.value()->mutable_alert_case())};
    if (cursor.before(change)) {
      changes.push_back(std::move(change));
    }
  }
  watcher.value()->close(std::chrono::milliseconds(100));
  return latest_per_case(std::move(changes));
}

std::uint64_t CaseFeed::head() const {
  std::lock_guard lock(mutex_);
  return head_;
}

}  // namespace alertbus::dashboard
