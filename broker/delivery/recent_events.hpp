// RecentEvents: the last N committed rows, contiguous in seq, so live subscribers are served
// from memory and only lagging ones read the store. Bounded: memory does not grow with
// the log.
//
// Threading: loop thread only.
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "store/store.hpp"

namespace alertbus::broker {

class RecentEvents {
 public:
  explicit RecentEvents(std::size_t capacity) : capacity_(capacity) {}

  // Appends rows committed after the ones held (seq order, contiguous with the last).
  void append(std::vector<LogRow>&& rows) {
    for (LogRow& row : rows) {
      if (!rows_.empty() && row.stored.seq() != rows_.back().stored.seq() + 1) {
        rows_.clear();  // A gap (cannot happen with one writer): restart the window.
      }
      rows_.push_back(std::move(row));
      if (rows_.size() > capacity_) {
        rows_.pop_front();
      }
    }
  }

  // True when every row after `after_seq` up to the newest is held here.
  bool covers(std::uint64_t after_seq) const {
    return !rows_.empty() && after_seq + 1 >= rows_.front().stored.seq();
  }

  // Index of the first row with seq > after_seq. Precondition: covers(after_seq).
  std::size_t index_after(std::uint64_t after_seq) const {
    const std::uint64_t first = rows_.front().stored.seq();
    return after_seq + 1 <= first ? 0 : static_cast<std::size_t>(after_seq + 1 - first);
  }

  std::size_t size() const { return rows_.size(); }

  const LogRow& at(std::size_t index) const { return rows_[index]; }

 private:
  std::size_t capacity_;
  std::deque<LogRow> rows_;
};

}  // namespace alertbus::broker
