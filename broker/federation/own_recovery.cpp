#include "federation/own_recovery.hpp"

#include <algorithm>
#include <spdlog/spdlog.h>

#include "alertbus/protocol/checkpoint.hpp"

namespace alertbus::broker {
namespace {

protocol::LogHash step(const protocol::LogHash& prev, const v1::StoredEvent& stored) {
  return protocol::origin_digest_step(prev, stored.origin().seq(), stored.event_id(),
                                      stored.event(), stored.signature(), stored.signer());
}

bool same_event(const v1::StoredEvent& a, const v1::StoredEvent& b) {
  return a.event_id() == b.event_id() && a.event() == b.event() && a.signature() == b.signature() &&
         a.signer() == b.signer();
}

}  // namespace

OwnRecovery::OwnRecovery(std::string self_id, std::string peer_id, Store* log,
                         std::size_t max_staged_bytes)
    : self_id_(std::move(self_id)),
      peer_id_(std::move(peer_id)),
      log_(log),
      max_staged_bytes_(max_staged_bytes) {}

OwnRecovery::Epoch& OwnRecovery::epoch(std::uint64_t e) {
  auto found = epochs_.find(e);
  if (found != epochs_.end()) {
    return found->second;
  }
  Epoch& state = epochs_[e];
  if (log_ == nullptr) {
    return state;
  }
  // What the log holds of epoch e: the node's own events, stored before the loss or taken
  // back verified by an earlier run. Read in chunks: memory does not grow with the log.
  constexpr std::size_t kChunk = 4096;
  std::vector<LogRow> rows;
  Position& at = state.committed;
  for (bool more = true; more;) {
    if (Status status = log_->read_origin(self_id_, e, at.seq, kChunk, &rows); !status.ok()) {
      fail(e, state, "cannot read what the log holds of that epoch: " + status.message());
      return state;
    }
    more = rows.size() == kChunk;
    for (const LogRow& row : rows) {
      at.digest = step(at.digest, row.stored);
      at.seq = row.stored.origin().seq();
      ++at.count;
    }
  }
  state.released = at;
  return state;
}

OwnRecovery::Staged OwnRecovery::stage(v1::StoredEvent event) {
  const std::uint64_t e = event.origin().epoch();
  const std::uint64_t seq = event.origin().seq();
  if (epochs_.size() >= kMaxEpochs && !epochs_.contains(e)) {
    if (!warned_epochs_) {
      warned_epochs_ = true;
      spdlog::error(
          "link from {}: this node's own events of more than {} earlier epochs: those of further"
          " epochs are not taken from this peer",
          peer_id_, kMaxEpochs);
    }
    ++left_at_peer_;
    return Staged::kNotTaken;
  }
  Epoch& state = epoch(e);
  if (state.stopped) {
    ++(state.over_bound ? left_at_peer_ : unverified_);
    return Staged::kNotTaken;
  }
  if (seq <= state.released.seq) {
    return Staged::kHeld;
  }
  auto found = state.staged.find(seq);
  if (found != state.staged.end()) {
    if (same_event(found->second, event)) {
      return Staged::kHeld;  // The same event again.
    }
    fail(e, state, "two events at origin seq " + std::to_string(seq));
    ++unverified_;
    return Staged::kNotTaken;
  }
  const std::size_t bytes = event.event().size();
  if (staged_bytes_ + bytes > max_staged_bytes_) {
    const std::uint64_t dropped = state.staged.size() + 1;
    spdlog::error(
        "link from {}: this node's own events of its epoch {} after origin seq {} waiting for a"
        " checkpoint are more than the {} bytes a link holds: {} of them not taken; the"
        " recovery of that epoch from this peer stops and they stay held there",
        peer_id_, e, state.released.seq, max_staged_bytes_, dropped);
    left_at_peer_ += dropped;
    drop_staged(state);
    state.stopped = true;
    state.over_bound = true;
    return Staged::kNotTaken;
  }
  staged_bytes_ += bytes;
  state.staged_bytes += bytes;
  state.staged.emplace(seq, std::move(event));
  try_release(e, state);
  // A mismatch it revealed dropped it with the rest (counted).
  return state.stopped ? Staged::kNotTaken : Staged::kStaged;
}

std::optional<std::uint64_t> OwnRecovery::first_staged_seq() const {
  std::optional<std::uint64_t> first;
  for (const auto& [e, state] : epochs_) {
    for (const auto& [seq, stored] : state.staged) {
      first = std::min(first.value_or(stored.seq()), stored.seq());
    }
  }
  return first;
}

std::optional<OwnRecovery::Ask> OwnRecovery::next_ask() const {
  for (const auto& [e, state] : epochs_) {
    if (!state.stopped && !state.asking && !state.exhausted && !state.checkpoint &&
        !state.staged.empty()) {
      return Ask{e, state.released.seq + 1};
    }
  }
  return std::nullopt;
}

void OwnRecovery::asked(const Ask& ask) {
  epoch(ask.epoch).asking = true;
}

void OwnRecovery::on_checkpoint(const Ask& ask, const v1::Checkpoint& checkpoint,
                                const protocol::Key32* key) {
  Epoch& state = epoch(ask.epoch);
  state.asking = false;
  if (state.stopped) {
    return;
  }
  std::string why;
  if (checkpoint.node() != self_id_ || checkpoint.epoch() != ask.epoch) {
    why = "it is of node '" + checkpoint.node().substr(0, 64) + "', epoch " +
          std::to_string(checkpoint.epoch());
  } else if (checkpoint.seq() < ask.at_or_after_seq) {
    why = "its seq " + std::to_string(checkpoint.seq()) + " is before the " +
          std::to_string(ask.at_or_after_seq) + " asked for";
  } else if (key == nullptr) {
    why = "the registry holds no signing key for this node";
  } else if (!protocol::verify_checkpoint(checkpoint, *key)) {
    why = "its signature is not this node's";
  } else if (checkpoint.seq() <= state.released.seq) {
    return;  // Passed meanwhile (a release committed after a new subscription).
  }
  if (!why.empty()) {
    fail(ask.epoch, state,
         "the checkpoint the peer gave (seq " + std::to_string(checkpoint.seq()) +
             ") is refused: " + why);
    return;
  }
  state.checkpoint = checkpoint;
  try_release(ask.epoch, state);
}

void OwnRecovery::on_no_checkpoint(const Ask& ask, const std::string& why) {
  Epoch& state = epoch(ask.epoch);
  state.asking = false;
  state.exhausted = true;
  spdlog::info(
      "link from {}: the peer keeps no checkpoint of this node's epoch {} at or after origin seq"
      " {} ({}): this node's own events of that epoch after it are not taken from this peer",
      peer_id_, ask.epoch, ask.at_or_after_seq, why);
}

void OwnRecovery::try_release(std::uint64_t e, Epoch& state) {
  if (state.stopped || !state.checkpoint) {
    return;
  }
  const v1::Checkpoint& checkpoint = *state.checkpoint;
  const std::uint64_t up_to = checkpoint.seq();
  if (checkpoint.count() < state.released.count) {
    fail(e, state,
         "the checkpoint at seq " + std::to_string(up_to) + " counts " +
             std::to_string(checkpoint.count()) + " events, fewer than the " +
             std::to_string(state.released.count) + " held here before it");
    return;
  }
  const std::uint64_t needed = checkpoint.count() - state.released.count;
  const auto end = state.staged.upper_bound(up_to);
  const auto at_hand = static_cast<std::uint64_t>(std::distance(state.staged.begin(), end));
  if (at_hand < needed && end == state.staged.end()) {
    return;  // More to come.
  }
  if (at_hand != needed) {
    fail(e, state,
         std::to_string(at_hand) + " events up to origin seq " + std::to_string(up_to) +
             " where the checkpoint counts " + std::to_string(needed));
    return;
  }
  Position at = state.released;
  for (auto it = state.staged.begin(); it != end; ++it) {
    at.digest = step(at.digest, it->second);
  }
  if (protocol::log_hash_bytes(at.digest) != checkpoint.digest()) {
    fail(e, state,
         "the events up to origin seq " + std::to_string(up_to) +
             " do not have the digest of the checkpoint this node signed");
    return;
  }
  at.seq = up_to;
  at.count = checkpoint.count();
  for (auto it = state.staged.begin(); it != end; ++it) {
    const std::size_t bytes = it->second.event().size();
    staged_bytes_ -= bytes;
    state.staged_bytes -= bytes;
    ready_.push_back(std::move(it->second));
  }
  recovered_ += needed;
  state.staged.erase(state.staged.begin(), end);
  state.released = at;
  state.checkpoint.reset();
  ready_marks_.emplace_back(e, at);
  spdlog::info(
      "link from {}: {} of this node's own events of its epoch {} match its checkpoint at origin"
      " seq {}: taken back",
      peer_id_, needed, e, up_to);
}

void OwnRecovery::fail(std::uint64_t e, Epoch& state, const std::string& why) {
  spdlog::error(
      "link from {}: this node's own events of its epoch {} after origin seq {} from this peer"
      " do not match what this node signed: {}. {} events not taken; the recovery of that"
      " epoch from this peer stops",
      peer_id_, e, state.released.seq, why, state.staged.size());
  unverified_ += state.staged.size();
  drop_staged(state);
  state.checkpoint.reset();
  state.stopped = true;
}

void OwnRecovery::drop_staged(Epoch& state) {
  staged_bytes_ -= state.staged_bytes;
  state.staged_bytes = 0;
  state.staged.clear();
}

std::optional<OwnRecovery::Release> OwnRecovery::take_release() {
  if (ready_.empty()) {
    return std::nullopt;
  }
  Release release;
  release.id = next_release_id_++;
  release.events = std::move(ready_);
  ready_.clear();
  pending_[release.id] = std::move(ready_marks_);
  ready_marks_.clear();
  return release;
}

void OwnRecovery::committed(std::uint64_t id) {
  auto found = pending_.find(id);
  if (found == pending_.end()) {
    return;
  }
  for (const auto& [e, at] : found->second) {
    Epoch& state = epochs_[e];
    if (at.seq > state.committed.seq) {
      state.committed = at;
    }
    if (at.seq > state.released.seq) {
      // Staged again after a new subscription: stored meanwhile.
      state.released = at;
      while (!state.staged.empty() && state.staged.begin()->first <= at.seq) {
        const std::size_t bytes = state.staged.begin()->second.event().size();
        staged_bytes_ -= bytes;
        state.staged_bytes -= bytes;
        state.staged.erase(state.staged.begin());
      }
      if (state.checkpoint && state.checkpoint->seq() <= at.seq) {
        state.checkpoint.reset();
      }
    }
  }
  pending_.erase(found);
}

void OwnRecovery::reset() {
  for (auto& [e, state] : epochs_) {
    drop_staged(state);
    if (state.released.seq != state.committed.seq) {
      // Released but not stored: the checkpoints the peer gave for them will be asked again.
      state.released = state.committed;
      state.exhausted = false;
    }
    state.asking = false;
  }
  ready_.clear();
  ready_marks_.clear();
  pending_.clear();
}

bool OwnRecovery::busy() const {
  if (!pending_.empty() || !ready_.empty()) {
    return true;
  }
  return std::any_of(epochs_.begin(), epochs_.end(), [](const auto& entry) {
    const Epoch& state = entry.second;
    return !state.stopped && !state.staged.empty() &&
           (state.asking || (!state.checkpoint && !state.exhausted));
  });
}

std::uint64_t OwnRecovery::end() {
  std::uint64_t total = 0;
  for (auto& [e, state] : epochs_) {
    if (state.staged.empty()) {
      continue;
    }
    spdlog::error(
        "link from {}: {} of this node's own events of its epoch {} after origin seq {} are not"
        " taken back: no checkpoint this node signed that the peer keeps covers them (the last"
        " interval before the loss). They stay held at that peer",
        peer_id_, state.staged.size(), e, state.released.seq);
    total += state.staged.size();
    drop_staged(state);
  }
  left_at_peer_ += total;
  return total;
}

}  // namespace alertbus::broker
