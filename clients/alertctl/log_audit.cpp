#include "alertctl/log_audit.hpp"

#include <memory>
#include <string_view>

#include "alertbus/protocol/checkpoint.hpp"
#include "alertbus/protocol/registry.hpp"
#include "alertbus/sqlite/sqlite_handle.hpp"
#include "alertctl/node_database.hpp"

namespace alertbus::alertctl {
namespace {

// The first schema version whose log has `signer` and `hash` (broker/schema.cpp,
// migration 5). Older files have no chain to verify yet.
constexpr int kFirstChainedSchemaVersion = 5;

using sqlite::Database;
using sqlite::Statement;

std::string hex(std::string_view bytes) {
  constexpr char kHex[] = "0123456789abcdef";
  std::string text;
  text.reserve(bytes.size() * 2);
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    text.push_back(kHex[byte >> 4]);
    text.push_back(kHex[byte & 0x0F]);
  }
  return text;
}

ChainBreak break_at(const Statement& row, std::uint64_t seq, std::uint64_t expected_seq,
                    ChainBreak::Problem problem) {
  ChainBreak broken;
  broken.problem = problem;
  broken.seq = seq;
  broken.expected_seq = expected_seq;
  broken.event_id = row.column_text(1);
  broken.reference = row.column_text(5);
  if (!row.column_is_null(12)) {
    broken.stored_hash = hex(row.column_blob_view(12));
  }
  return broken;
}

}  // namespace

StatusOr<std::vector<CheckpointCheck>> check_peer_checkpoints(const std::string& path,
                                                              const std::string& registry_path) {
  std::shared_ptr<const protocol::Registry> registry;
  if (!registry_path.empty()) {
    auto loaded = protocol::Registry::load(registry_path);
    if (!loaded.ok()) {
      return loaded.status();
    }
    registry = std::move(loaded).value();
  }
  auto opened = open_node_database(path, 6, "has no checkpoints yet; start this alertbusd on it",
                                   "chưa có điểm kiểm tra; hãy chạy alertbusd phiên bản này");
  if (!opened.ok()) {
    return opened.status();
  }
  const Database& db = opened.value();
  StatusOr<Statement> latest =
      Statement::prepare(db,
                         "SELECT node, epoch, seq, count, digest, signed_at_ms, signature"
                         " FROM peer_checkpoints AS p WHERE seq = (SELECT max(seq) FROM"
                         " peer_checkpoints WHERE node = p.node AND epoch = p.epoch)"
                         " ORDER BY node, epoch");
  StatusOr<Statement> rows =
      Statement::prepare(db,
                         "SELECT origin_seq, event_id, event, signature, signer FROM log"
                         " WHERE origin_node = ?1 AND origin_epoch = ?2 AND origin_seq <= ?3"
                         " ORDER BY origin_seq");
  if (!latest.ok() || !rows.ok()) {
    return read_failure(db, path);
  }
  std::vector<CheckpointCheck> checks;
  int rc = SQLITE_ROW;
  while ((rc = latest.value().step()) == SQLITE_ROW) {
    const Statement& row = latest.value();
    v1::Checkpoint checkpoint;
    checkpoint.set_node(row.column_text(0));
    checkpoint.set_epoch(row.column_uint64(1));
    checkpoint.set_seq(row.column_uint64(2));
    checkpoint.set_count(row.column_uint64(3));
    checkpoint.set_digest(row.column_blob(4));
    const std::int64_t signed_at = row.column_int64(5);
    checkpoint.mutable_signed_at()->set_seconds(signed_at / 1000);
    checkpoint.mutable_signed_at()->set_nanos(static_cast<int>(signed_at % 1000) * 1000000);
    checkpoint.set_signature(row.column_blob(6));
    CheckpointCheck check;
    check.node = checkpoint.node();
    check.epoch = checkpoint.epoch();
    check.seq = checkpoint.seq();
    check.count = checkpoint.count();
    check.signed_at_ms = signed_at;
    protocol::LogHash digest{};
    Statement& origin_rows = rows.value();
    origin_rows.reset();
    origin_rows.bind_text(1, check.node);
    origin_rows.bind(2, check.epoch);
    origin_rows.bind(3, check.seq);
    int row_rc = SQLITE_ROW;
    while ((row_rc = origin_rows.step()) == SQLITE_ROW) {
      digest = protocol::origin_digest_step(
          digest, origin_rows.column_uint64(0), origin_rows.column_text_view(1),
          origin_rows.column_blob_view(2), origin_rows.column_blob_view(3),
          origin_rows.column_text_view(4));
      ++check.held;
    }
    if (row_rc != SQLITE_DONE) {
      return read_failure(db, path);
    }
    check.digest_matches = checkpoint.digest() == protocol::log_hash_bytes(digest);
    if (registry) {
      const protocol::Principal* node = registry->find(check.node);
      check.signature_ok = node != nullptr && node->role == protocol::Role::kNode &&
                           node->signing_public &&
                           protocol::verify_checkpoint(checkpoint, *node->signing_public);
    }
    checks.push_back(std::move(check));
  }
  if (rc != SQLITE_DONE) {
    return read_failure(db, path);
  }
  return checks;
}

StatusOr<std::vector<SharedId>> find_shared_ids(const std::string& path) {
  auto opened = open_node_database(path, 1, "", "");
  if (!opened.ok()) {
    return opened.status();
  }
  const Database& db = opened.value();
  // The id index answers the GROUP BY (UNIQUE (event_id, origin_node), or (event_id) before
  // schema 11, when no id was shared).
  StatusOr<Statement> select = Statement::prepare(
      db,
      "SELECT event_id, seq, reference, origin_node FROM log WHERE event_id IN (SELECT event_id"
      " FROM log GROUP BY event_id HAVING count(*) > 1) ORDER BY event_id, seq");
  if (!select.ok()) {
    return read_failure(db, path);
  }
  std::vector<SharedId> shared;
  int rc = SQLITE_ROW;
  while ((rc = select->step()) == SQLITE_ROW) {
    if (shared.empty() || shared.back().event_id != select->column_text_view(0)) {
      shared.push_back(SharedId{select->column_text(0), {}});
    }
    shared.back().holders.push_back(
        SharedId::Holder{select->column_uint64(1), select->column_text(2), select->column_text(3)});
  }
  if (rc != SQLITE_DONE) {
    return read_failure(db, path);
  }
  return shared;
}

StatusOr<ChainReport> verify_log_chain(const std::string& path) {
  auto opened =
      open_node_database(path, kFirstChainedSchemaVersion,
                         "has no hash chain yet; start this version of alertbusd on it once",
                         "chưa có chuỗi băm; hãy chạy alertbusd phiên bản này trên tệp một lần");
  if (!opened.ok()) {
    return opened.status();
  }
  const Database& db = opened.value();

  // A log from before schema 9 has no origin_stored_ms column: none of its rows hash one.
  const bool has_origin_stored =
      Statement::prepare(db, "SELECT origin_stored_ms FROM log LIMIT 0").ok();
  // One statement, one read transaction: a consistent snapshot however long the scan takes.
  StatusOr<Statement> select = Statement::prepare(
      db, std::string("SELECT seq, event_id, origin_node, origin_epoch, origin_seq, reference,"
                      " received_at_ms, via, path, event, signature, signer, hash, ") +
              (has_origin_stored ? "origin_stored_ms" : "NULL") + " FROM log ORDER BY seq");
  if (!select.ok()) {
    return not_a_log(path, db.error_message(), db.error_message());
  }
  ChainReport report;
  int rc = SQLITE_ROW;
  while ((rc = select.value().step()) == SQLITE_ROW) {
    const Statement& row = select.value();
    const std::uint64_t seq = row.column_uint64(0);
    const std::uint64_t expected = report.last_seq + 1;
    if (seq != expected) {
      report.broken = break_at(row, seq, expected, ChainBreak::Problem::kSeqGap);
      break;
    }
    if (row.column_is_null(12)) {
      report.broken = break_at(row, seq, expected, ChainBreak::Problem::kMissingHash);
      break;
    }
    const std::optional<protocol::LogHash> stored =
        protocol::log_hash_from_bytes(row.column_blob_view(12));
    if (!stored) {
      report.broken = break_at(row, seq, expected, ChainBreak::Problem::kMalformedHash);
      break;
    }
    protocol::LogHashInput input;
    input.seq = seq;
    input.event_id = row.column_text_view(1);
    input.origin_node = row.column_text_view(2);
    input.origin_epoch = row.column_uint64(3);
    input.origin_seq = row.column_uint64(4);
    input.reference = row.column_text_view(5);
    input.received_at_ms = row.column_int64(6);
    input.via = row.column_text_view(7);
    input.path = row.column_text_view(8);
    input.event = row.column_blob_view(9);
    input.signature = row.column_blob_view(10);
    input.signer = row.column_text_view(11);
    input.origin_stored_ms = row.column_is_null(13) ? 0 : row.column_int64(13);
    const protocol::LogHash computed = protocol::log_row_hash(report.head, input);
    if (computed != *stored) {
      report.broken = break_at(row, seq, expected, ChainBreak::Problem::kHashMismatch);
      report.broken->computed_hash = protocol::log_hash_hex(computed);
      break;
    }
    report.head = computed;
    report.last_seq = seq;
    ++report.intact_rows;
  }
  if (!report.broken && rc != SQLITE_DONE) {
    return read_failure(db, path);
  }
  return report;
}

}  // namespace alertbus::alertctl
