// One fixture per Store implementation, for the contract test that runs the same cases over
// every store (store_contract_test.cpp: commits; store_contract_reads_test.cpp: reads). A
// fixture opens its store for node "bac-giang" with reference prefix "BG", and shows what
// the Store interface cannot: the stored hash chain (checked against the rows) and the
// peers' checkpoints kept. Below them, helpers the contract cases share.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "alertbus/protocol/log_hash.hpp"
#include "new_event.hpp"
#include "sqlite_log_file.hpp"
#include "store/log_entry.hpp"
#include "store/memory/memory_store.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "temp_dir.hpp"

namespace alertbus::broker {

// What a contract case may set on the store it opens.
struct StoreSettings {
  std::function<std::int64_t()> clock;       // Empty: the wall clock.
  std::function<bool()> inject_write_fault;  // Asked before each write step of a commit.
};

class SqliteStoreFixture {
 public:
  std::unique_ptr<Store> open(const StoreSettings& settings = {}) {
    SqliteStoreOptions options;
    options.path = path();
    options.node_id = "bac-giang";
    options.reference_prefix = "BG";
    options.clock = settings.clock;
    options.inject_write_fault = settings.inject_write_fault;
    auto store = SqliteStore::open(options);
    INFO(store.status().to_string());
    REQUIRE(store.ok());
    return std::move(store).value();
  }

  // The stored hashes, in seq order, each checked against its row (read from the file).
  std::vector<protocol::LogHash> checked_chain() const { return testing::checked_chain(path()); }

  std::size_t peer_checkpoint_count() const {
    return static_cast<std::size_t>(
        testing::scalar_of(path(), "SELECT count(*) FROM peer_checkpoints"));
  }

 private:
  std::string path() const { return dir_.file("alertbus.db"); }

  testing::TempDir dir_;
};

class MemoryStoreFixture {
 public:
  std::unique_ptr<Store> open(const StoreSettings& settings = {}) {
    MemoryStoreOptions options;
    options.node_id = "bac-giang";
    options.reference_prefix = "BG";
    options.clock = settings.clock;
    options.inject_write_fault = settings.inject_write_fault;
    auto store = std::make_unique<MemoryStore>(options);
    observer_ = store->connect();
    return store;
  }

  // The stored hashes, in seq order, each checked against its row (read back).
  std::vector<protocol::LogHash> checked_chain() const {
    const std::vector<protocol::LogHash> hashes = observer_->row_hashes();
    std::vector<LogRow> rows;
    REQUIRE(observer_->read_after(0, hashes.size() + 1, &rows).ok());
    REQUIRE(rows.size() == hashes.size());
    protocol::LogHash prev{};
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const v1::StoredEvent& stored = rows[i].stored;
      INFO("seq " << stored.seq());
      CHECK(stored.seq() == i + 1);
      const std::string path = join_path({stored.path().begin(), stored.path().end()});
      protocol::LogHashInput row;
      row.seq = stored.seq();
      row.event_id = stored.event_id();
      row.origin_node = stored.origin().node();
      row.origin_epoch = stored.origin().epoch();
      row.origin_seq = stored.origin().seq();
      row.reference = stored.reference();
      row.received_at_ms = to_unix_ms(stored.received_at());
      row.via = stored.via();
      row.path = path;
      row.event = stored.event();
      row.signature = stored.signature();
      row.signer = stored.signer();
      if (!stored.via().empty() && stored.origin().has_stored_at()) {
        row.origin_stored_ms = to_unix_ms(stored.origin().stored_at());
      }
      CHECK(hashes[i] == protocol::log_row_hash(prev, row));
      prev = hashes[i];
    }
    return hashes;
  }

  std::size_t peer_checkpoint_count() const { return observer_->peer_checkpoints().size(); }

 private:
  std::unique_ptr<MemoryStore> observer_;  // Another store on the same log.
};

namespace store_contract {

inline Status commit(Store& store, const std::vector<NewEvent>& events,
                     const std::vector<CursorUpdate>& cursors, std::vector<AppendResult>* results) {
  std::vector<LogRow> appended;
  return store.commit(events, cursors, results, &appended);
}

// Vietnam time 2026-06-15 10:00 = 03:00 UTC.
constexpr std::int64_t kMidJune2026 = 1781492400000;

// `event` as stored at `node` (epoch, seq) with `reference`, arriving from `via`.
inline NewEvent from_peer(const v1::Event& event, const std::string& node, std::uint64_t epoch,
                          std::uint64_t seq, const std::string& reference, const std::string& via) {
  NewEvent remote = new_event(event);
  remote.origin.set_node(node);
  remote.origin.set_epoch(epoch);
  remote.origin.set_seq(seq);
  remote.reference = reference;
  remote.via = via;
  remote.path = {via};
  return remote;
}

inline std::shared_ptr<const v1::Checkpoint> checkpoint(const std::string& node,
                                                        std::uint64_t seq) {
  auto made = std::make_shared<v1::Checkpoint>();
  made->set_node(node);
  made->set_epoch(77);
  made->set_seq(seq);
  made->set_count(seq);
  made->set_digest(std::string(32, 'D'));
  made->set_signature(std::string(64, 'S'));
  return made;
}

inline std::vector<std::uint64_t> seqs_of(const std::vector<LogRow>& rows) {
  std::vector<std::uint64_t> seqs;
  for (const LogRow& row : rows) {
    seqs.push_back(row.stored.seq());
  }
  return seqs;
}

}  // namespace store_contract

}  // namespace alertbus::broker
