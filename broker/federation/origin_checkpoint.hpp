// OriginCheckpoint: this node's signed statement about the events that originated here, in
// its current log epoch (docs/ARCHITECTURE.md, "Checkpoints"; alertbus/protocol/checkpoint.hpp).
//
// The origin digest is computed from the log at the first request, over the rows the loop
// has taken from the writer (up to its head), and then extended with each of this node's own
// rows as they are committed, so later requests cost one signature.
//
// Threading: loop thread only (it reads through the loop's Store).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "alertbus/v1/frame.pb.h"

#include "alertbus/protocol/checkpoint.hpp"
#include "alertbus/protocol/keys.hpp"
#include "store/store.hpp"

namespace alertbus::broker {

class OriginCheckpoint {
 public:
  // `signing`: the node's signing key; none: no checkpoints (NOT_FOUND).
  OriginCheckpoint(std::string node_id, std::uint64_t epoch,
                   std::optional<protocol::SigningKey> signing)
      : node_id_(std::move(node_id)), epoch_(epoch), signing_(signing) {}

  // A row the writer committed (in seq order).
  void committed(const LogRow& row);

  // The signed checkpoint of this node's own events up to `head_seq`, at `now_ms`.
  StatusOr<v1::Checkpoint> sign(Store& log, std::uint64_t head_seq, std::int64_t now_ms);

 private:
  void extend(const LogRow& row);

  std::string node_id_;
  std::uint64_t epoch_ = 0;
  std::optional<protocol::SigningKey> signing_;
  bool ready_ = false;
  std::uint64_t seq_ = 0;
  std::uint64_t count_ = 0;
  protocol::LogHash digest_{};
};

}  // namespace alertbus::broker
