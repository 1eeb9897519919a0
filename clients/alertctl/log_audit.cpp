#include "alertctl/log_audit.hpp"

#include <filesystem>
#include <memory>
#include <string_view>

#include <sqlite3.h>

#include "alertbus/protocol/checkpoint.hpp"
#include "alertbus/protocol/registry.hpp"

namespace alertbus::alertctl {
namespace {

// The first schema version whose log has `signer` and `hash` (broker/schema.cpp,
// migration 5). Older files have no chain to verify yet.
constexpr int kFirstChainedSchemaVersion = 5;

struct CloseDatabase {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};

struct FinalizeStatement {
  void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};

using DatabaseHandle = std::unique_ptr<sqlite3, CloseDatabase>;
using StatementHandle = std::unique_ptr<sqlite3_stmt, FinalizeStatement>;

Status read_failure(sqlite3* db, const std::string& path) {
  const std::string detail = sqlite3_errmsg(db);
  return Status::error(v1::STORE_FAILURE, "cannot read " + path + ": " + detail,
                       "không đọc được " + path + ": " + detail);
}

Status not_a_log(const std::string& path, const std::string& detail_en,
                 const std::string& detail_vi) {
  return Status::error(v1::INVALID_VALUE, path + " is not a node's alertbus.db: " + detail_en,
                       path + " không phải tệp alertbus.db của một nút: " + detail_vi);
}

// Views of a column, valid until the next step: no copy per row.
std::string_view text_view(sqlite3_stmt* statement, int index) {
  const auto* text = sqlite3_column_text(statement, index);
  const int size = sqlite3_column_bytes(statement, index);
  return text == nullptr ? std::string_view()
                         : std::string_view(reinterpret_cast<const char*>(text),
                                            static_cast<std::size_t>(size));
}

std::string_view blob_view(sqlite3_stmt* statement, int index) {
  const void* blob = sqlite3_column_blob(statement, index);
  const int size = sqlite3_column_bytes(statement, index);
  return blob == nullptr
             ? std::string_view()
             : std::string_view(static_cast<const char*>(blob), static_cast<std::size_t>(size));
}

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

ChainBreak break_at(sqlite3_stmt* statement, std::uint64_t seq, std::uint64_t expected_seq,
                    ChainBreak::Problem problem) {
  ChainBreak broken;
  broken.problem = problem;
  broken.seq = seq;
  broken.expected_seq = expected_seq;
  broken.event_id = std::string(text_view(statement, 1));
  broken.reference = std::string(text_view(statement, 5));
  if (sqlite3_column_type(statement, 12) != SQLITE_NULL) {
    broken.stored_hash = hex(blob_view(statement, 12));
  }
  return broken;
}

// Opens the database read-only and checks its schema version; `minimum` is the first version
// that has what the caller reads. SQLite would report "unable to open database file" for a
// missing file and, read-only, never creates one: say plainly that it is not there. The
// broker's checkpoints take locks briefly: wait for them rather than fail.
StatusOr<DatabaseHandle> open_node_database(const std::string& path, int minimum,
                                            const std::string& lacking_en,
                                            const std::string& lacking_vi) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    return Status::error(v1::NOT_FOUND, "no database file " + path,
                         "không có tệp cơ sở dữ liệu " + path);
  }
  sqlite3* raw = nullptr;
  const int opened = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  DatabaseHandle db(raw);
  if (opened != SQLITE_OK) {
    return read_failure(raw, path);
  }
  sqlite3_busy_timeout(db.get(), 5000);
  sqlite3_stmt* version_raw = nullptr;
  if (sqlite3_prepare_v2(db.get(), "PRAGMA user_version", -1, &version_raw, nullptr) != SQLITE_OK) {
    return not_a_log(path, sqlite3_errmsg(db.get()), sqlite3_errmsg(db.get()));
  }
  StatementHandle version_query(version_raw);
  if (sqlite3_step(version_query.get()) != SQLITE_ROW) {
    return not_a_log(path, sqlite3_errmsg(db.get()), sqlite3_errmsg(db.get()));
  }
  const int version = sqlite3_column_int(version_query.get(), 0);
  if (version == 0) {
    return not_a_log(path, "it has no alertbus schema", "tệp không có lược đồ của alertbus");
  }
  if (version < minimum) {
    return not_a_log(path, "schema version " + std::to_string(version) + " " + lacking_en,
                     "phiên bản lược đồ " + std::to_string(version) + " " + lacking_vi);
  }
  return db;
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
  sqlite3* db = opened.value().get();
  sqlite3_stmt* latest_raw = nullptr;
  sqlite3_stmt* rows_raw = nullptr;
  if (sqlite3_prepare_v2(db,
                         "SELECT node, epoch, seq, count, digest, signed_at_ms, signature"
                         " FROM peer_checkpoints AS p WHERE seq = (SELECT max(seq) FROM"
                         " peer_checkpoints WHERE node = p.node AND epoch = p.epoch)"
                         " ORDER BY node, epoch",
                         -1, &latest_raw, nullptr) != SQLITE_OK ||
      sqlite3_prepare_v2(db,
                         "SELECT origin_seq, event_id, event, signature, signer FROM log"
                         " WHERE origin_node = ?1 AND origin_epoch = ?2 AND origin_seq <= ?3"
                         " ORDER BY origin_seq",
                         -1, &rows_raw, nullptr) != SQLITE_OK) {
    sqlite3_finalize(latest_raw);
    return read_failure(db, path);
  }
  StatementHandle latest(latest_raw);
  StatementHandle rows(rows_raw);
  std::vector<CheckpointCheck> checks;
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(latest.get())) == SQLITE_ROW) {
    v1::Checkpoint checkpoint;
    checkpoint.set_node(std::string(text_view(latest.get(), 0)));
    checkpoint.set_epoch(static_cast<std::uint64_t>(sqlite3_column_int64(latest.get(), 1)));
    checkpoint.set_seq(static_cast<std::uint64_t>(sqlite3_column_int64(latest.get(), 2)));
    checkpoint.set_count(static_cast<std::uint64_t>(sqlite3_column_int64(latest.get(), 3)));
    checkpoint.set_digest(std::string(blob_view(latest.get(), 4)));
    const std::int64_t signed_at = sqlite3_column_int64(latest.get(), 5);
    checkpoint.mutable_signed_at()->set_seconds(signed_at / 1000);
    checkpoint.mutable_signed_at()->set_nanos(static_cast<int>(signed_at % 1000) * 1000000);
    checkpoint.set_signature(std::string(blob_view(latest.get(), 6)));
    CheckpointCheck check;
    check.node = checkpoint.node();
    check.epoch = checkpoint.epoch();
    check.seq = checkpoint.seq();
    check.count = checkpoint.count();
    check.signed_at_ms = signed_at;
    protocol::LogHash digest{};
    sqlite3_reset(rows.get());
    sqlite3_bind_text(rows.get(), 1, check.node.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(rows.get(), 2, static_cast<sqlite3_int64>(check.epoch));
    sqlite3_bind_int64(rows.get(), 3, static_cast<sqlite3_int64>(check.seq));
    int row_rc = SQLITE_ROW;
    while ((row_rc = sqlite3_step(rows.get())) == SQLITE_ROW) {
      digest = protocol::origin_digest_step(
          digest, static_cast<std::uint64_t>(sqlite3_column_int64(rows.get(), 0)),
          text_view(rows.get(), 1), blob_view(rows.get(), 2), blob_view(rows.get(), 3),
          text_view(rows.get(), 4));
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

StatusOr<ChainReport> verify_log_chain(const std::string& path) {
  auto opened =
      open_node_database(path, kFirstChainedSchemaVersion,
                         "has no hash chain yet; start this version of alertbusd on it once",
                         "chưa có chuỗi băm; hãy chạy alertbusd phiên bản này trên tệp một lần");
  if (!opened.ok()) {
    return opened.status();
  }
  DatabaseHandle db = std::move(opened).value();

  // One statement, one read transaction: a consistent snapshot however long the scan takes.
  sqlite3_stmt* select_raw = nullptr;
  if (sqlite3_prepare_v2(db.get(),
                         "SELECT seq, event_id, origin_node, origin_epoch, origin_seq, reference,"
                         " received_at_ms, via, path, event, signature, signer, hash"
                         " FROM log ORDER BY seq",
                         -1, &select_raw, nullptr) != SQLITE_OK) {
    return not_a_log(path, sqlite3_errmsg(db.get()), sqlite3_errmsg(db.get()));
  }
  StatementHandle select(select_raw);
  ChainReport report;
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(select.get())) == SQLITE_ROW) {
    sqlite3_stmt* row = select.get();
    const auto seq = static_cast<std::uint64_t>(sqlite3_column_int64(row, 0));
    const std::uint64_t expected = report.last_seq + 1;
    if (seq != expected) {
      report.broken = break_at(row, seq, expected, ChainBreak::Problem::kSeqGap);
      break;
    }
    if (sqlite3_column_type(row, 12) == SQLITE_NULL) {
      report.broken = break_at(row, seq, expected, ChainBreak::Problem::kMissingHash);
      break;
    }
    const std::optional<protocol::LogHash> stored =
        protocol::log_hash_from_bytes(blob_view(row, 12));
    if (!stored) {
      report.broken = break_at(row, seq, expected, ChainBreak::Problem::kMalformedHash);
      break;
    }
    protocol::LogHashInput input;
    input.seq = seq;
    input.event_id = text_view(row, 1);
    input.origin_node = text_view(row, 2);
    input.origin_epoch = static_cast<std::uint64_t>(sqlite3_column_int64(row, 3));
    input.origin_seq = static_cast<std::uint64_t>(sqlite3_column_int64(row, 4));
    input.reference = text_view(row, 5);
    input.received_at_ms = sqlite3_column_int64(row, 6);
    input.via = text_view(row, 7);
    input.path = text_view(row, 8);
    input.event = blob_view(row, 9);
    input.signature = blob_view(row, 10);
    input.signer = text_view(row, 11);
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
    return read_failure(db.get(), path);
  }
  return report;
}

}  // namespace alertbus::alertctl
