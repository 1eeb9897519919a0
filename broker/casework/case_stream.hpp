// CaseStreams: the case change subscriptions (CaseSubscribe, docs/PROTOCOL.md "Case
// changes"). A subscription is a position (the changed_seq of the last case delivered), a
// filter and a credit counter. When the projection moves, each subscription with credit
// reads the cases whose changed_seq is above its position, in that order, at most
// min(credit, kChunk) of them, completes each for the time of delivery and sends them in
// one CaseChanges. A case that changed several times between two reads is read once, in its
// latest state: the stream is of states, and the client resumes with its last position.
// Memory: as for event subscriptions, each connection has a byte budget. The cases sent count
// until the client returns credit for them (a case stream has no acknowledgement but its
// credit: each credit returned frees the oldest case sent); a connection at its budget is not
// pumped, so a client that never reads makes the node hold its budget plus one frame.
//
// Threading: loop thread only (it reads through the loop's ProjectionDb).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>

#include "alertbus/v1/frame.pb.h"

#include "casework/case_query.hpp"
#include "casework/projection_db.hpp"

namespace alertbus::broker {

class CaseStreams {
 public:
  static constexpr std::size_t kChunk = 256;
  static constexpr std::uint32_t kMaxCredit = 10000;
  static constexpr std::uint32_t kDefaultCredit = 256;  // For a credit of 0.

  using Send = std::function<void(const std::string& routing_id, const v1::Frame& frame)>;

  // `connection_budget`: bytes of cases a connection may hold without returning credit.
  CaseStreams(const ProjectionDb& projection, Send send, std::size_t connection_budget = 8 << 20)
      : projection_(projection), send_(std::move(send)), connection_budget_(connection_budget) {}

  // Bytes of cases sent to `routing_id` that no credit has covered yet.
  std::size_t held_bytes(const std::string& routing_id) const;

  // Starts a subscription (id = the request id) of `routing_id` and answers Subscribed;
  // `projected_seq` is the projection's watermark now. INVALID_SUBSCRIPTION or a filter's
  // error otherwise (nothing started).
  Status subscribe(const std::string& routing_id, std::uint64_t id,
                   const v1::CaseSubscribe& request, const CaseQueryContext& context,
                   std::uint64_t projected_seq);

  bool owns(const std::string& routing_id, std::uint64_t id) const {
    return streams_.count({routing_id, id}) != 0;
  }

  void add_credit(const std::string& routing_id, std::uint64_t id, std::uint32_t credit);
  void remove(const std::string& routing_id, std::uint64_t id);
  void drop_connection(const std::string& routing_id);
  std::size_t count_for(const std::string& routing_id) const;

  std::size_t size() const { return streams_.size(); }

  // Sends what each subscription with credit has not seen, up to the projection's
  // watermark `projected_seq` (read before: every change up to it is visible). `context`
  // completes the cases (its now_ms set by the caller).
  void pump(std::uint64_t projected_seq, const CaseQueryContext& context);

 private:
  struct Stream {
    v1::CaseQuery query;  // For the states, judged on each completed case.
    CaseFilter filter;
    std::uint64_t position = 0;
    // The last case sent at `position` (a page can end among cases one event changed);
    // empty: every case changed at `position` is behind.
    std::string position_event_id;
    std::uint32_t credit = 0;

    // Whether cases up to the watermark may not have been read yet.
    bool behind(std::uint64_t projected_seq) const {
      return position < projected_seq || !position_event_id.empty();
    }

    std::deque<std::size_t> sent;  // Each case sent and not yet credited: its bytes.
  };

  // Frees the budget of the `count` oldest cases `stream` sent.
  void release(const std::string& routing_id, Stream& stream, std::size_t count);

  void pump_one(const std::string& routing_id, std::uint64_t id, Stream& stream,
                std::uint64_t projected_seq, const CaseQueryContext& context);

  const ProjectionDb& projection_;
  Send send_;
  std::map<std::pair<std::string, std::uint64_t>, Stream> streams_;
  std::vector<CaseRow> rows_;  // Scratch.
  std::size_t connection_budget_;
  std::unordered_map<std::string, std::size_t> held_;  // By connection.
};

}  // namespace alertbus::broker
