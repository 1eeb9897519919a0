#include "federation/origin_checkpoint.hpp"

#include <vector>

#include "alertbus/protocol/clock.hpp"

namespace alertbus::broker {

void OriginCheckpoint::committed(const LogRow& row) {
  if (ready_) {
    extend(row);
  }
}

void OriginCheckpoint::extend(const LogRow& row) {
  const v1::StoredEvent& stored = row.stored;
  if (stored.origin().node() != node_id_ || stored.origin().epoch() != epoch_ ||
      stored.origin().seq() <= seq_) {
    return;
  }
  digest_ = protocol::origin_digest_step(digest_, stored.origin().seq(), stored.event_id(),
                                         stored.event(), stored.signature(), stored.signer());
  seq_ = stored.origin().seq();
  ++count_;
}

StatusOr<v1::Checkpoint> OriginCheckpoint::sign(Store& log, std::uint64_t head_seq,
                                                std::int64_t now_ms) {
  if (!signing_) {
    return Status::error(v1::NOT_FOUND,
                         "this node has no signing key (security.key_file): no checkpoints",
                         "nút này không có khóa ký (security.key_file): không có điểm kiểm tra");
  }
  if (!ready_) {
    // Rows up to head_seq only: later ones are committed but not yet taken by the loop,
    // which passes them to committed() when it takes them.
    constexpr std::size_t kChunk = 4096;
    std::vector<LogRow> rows;
    for (bool more = true; more;) {
      if (Status status = log.read_origin(node_id_, epoch_, seq_, kChunk, &rows); !status.ok()) {
        seq_ = 0;
        count_ = 0;
        digest_ = {};
        return status;
      }
      more = rows.size() == kChunk;
      for (const LogRow& row : rows) {
        if (row.stored.seq() > head_seq) {
          more = false;
          break;
        }
        extend(row);
      }
    }
    ready_ = true;
  }
  v1::Checkpoint checkpoint;
  checkpoint.set_node(node_id_);
  checkpoint.set_epoch(epoch_);
  checkpoint.set_seq(seq_);
  checkpoint.set_count(count_);
  checkpoint.set_digest(std::string(protocol::log_hash_bytes(digest_)));
  protocol::set_unix_ms(now_ms, checkpoint.mutable_signed_at());
  protocol::sign_checkpoint(&checkpoint, *signing_);
  return checkpoint;
}

}  // namespace alertbus::broker
