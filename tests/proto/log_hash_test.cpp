// Tests of the log's hash chain function: known answers computed independently from the
// documented definition (Python's hashlib.blake2b), determinism, and that every field,
// the previous hash and the field boundaries change the hash.
#include "alertbus/protocol/log_hash.hpp"

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

namespace alertbus::protocol {
namespace {

using namespace std::string_view_literals;

LogHashInput sample_row() {
  LogHashInput row;
  row.seq = 42;
  row.event_id = "0190f1c2-7b3a-7d4e-8f10-123456789abd";
  row.origin_node = "quang-ninh";
  row.origin_epoch = 77;
  row.origin_seq = 41;
  row.reference = "QN-2026-00041";
  row.received_at_ms = -1;
  row.via = "hai-duong";
  row.path = "quang-ninh,hai-duong";
  row.event = "event bytes \xc4\x91";
  row.signature = "SSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSS";
  row.signer = "quang-ninh/cnty";
  return row;
}

LogHash counting_bytes() {
  LogHash prev{};
  for (std::size_t i = 0; i < prev.size(); ++i) {
    prev[i] = static_cast<unsigned char>(i);
  }
  return prev;
}

}  // namespace

TEST_CASE("The log row hash matches values computed independently from its definition") {
  // hashlib.blake2b(digest_size=32) over the fields as docs/ARCHITECTURE.md lists them.
  LogHashInput first;
  first.seq = 1;
  first.event_id = "0190f1c2-7b3a-7d4e-8f10-123456789abc";
  first.origin_node = "bac-giang";
  first.origin_epoch = 0x0123456789abcdefULL;
  first.origin_seq = 1;
  first.reference = "BG-2026-00001";
  first.received_at_ms = 1781492400000;
  const std::string event(
      "\x0a\x03"
      "abc\x00\xff",
      7);
  first.event = event;
  CHECK(log_hash_hex(log_row_hash(LogHash{}, first)) ==
        "2799af55d9fc8ac6b3e3b251192523471bfc74b5ceba37480a2814685e9dbba6");
  CHECK(log_hash_hex(log_row_hash(counting_bytes(), sample_row())) ==
        "2e15b6272b96a7a5be1a4c54dfa4ac2385548adcff3f711c77098de97665b075");
}

TEST_CASE("The log row hash is deterministic") {
  const LogHash prev = counting_bytes();
  const LogHashInput row = sample_row();
  // Same values in other buffers: the hash depends on the bytes, not where they are.
  const std::string event_id(row.event_id);
  LogHashInput copy = row;
  copy.event_id = event_id;
  CHECK(log_row_hash(prev, row) == log_row_hash(prev, row));
  CHECK(log_row_hash(prev, row) == log_row_hash(prev, copy));
}

TEST_CASE("Changing any single field of a row or the previous hash changes the log row hash") {
  const LogHash prev = counting_bytes();
  const LogHash original = log_row_hash(prev, sample_row());
  const std::vector<std::pair<const char*, std::function<void(LogHashInput&)>>> changes{
      {"seq", [](LogHashInput& row) { row.seq = 43; }},
      {"event_id",
       [](LogHashInput& row) { row.event_id = "0190f1c2-7b3a-7d4e-8f10-123456789abe"; }},
      {"origin_node", [](LogHashInput& row) { row.origin_node = "quang-nin"; }},
      {"origin_epoch", [](LogHashInput& row) { row.origin_epoch = 78; }},
      {"origin_seq", [](LogHashInput& row) { row.origin_seq = 40; }},
      {"reference", [](LogHashInput& row) { row.reference = "QN-2026-00042"; }},
      {"received_at_ms", [](LogHashInput& row) { row.received_at_ms = 0; }},
      {"via", [](LogHashInput& row) { row.via = ""; }},
      {"path", [](LogHashInput& row) { row.path = "quang-ninh"; }},
      {"event", [](LogHashInput& row) { row.event = "event bytes \xc4\x90"; }},
      {"signature", [](LogHashInput& row) { row.signature = "S"; }},
      {"signer", [](LogHashInput& row) { row.signer = "quang-ninh/cntt"; }},
      {"origin_stored_ms", [](LogHashInput& row) { row.origin_stored_ms = 1780000000000; }},
  };
  for (const auto& [field, change] : changes) {
    INFO("field " << field);
    LogHashInput row = sample_row();
    change(row);
    CHECK(log_row_hash(prev, row) != original);
  }
  LogHash other_prev = prev;
  other_prev[31] ^= 1;
  CHECK(log_row_hash(other_prev, sample_row()) != original);
}

TEST_CASE("Bytes moved across a field boundary change the log row hash") {
  // The length prefixes keep ("ab", "c") and ("a", "bc") apart.
  LogHashInput left = sample_row();
  left.via = "hai-duong";
  left.path = ",quang-ninh";
  LogHashInput right = sample_row();
  right.via = "hai-duong,";
  right.path = "quang-ninh";
  CHECK(log_row_hash(LogHash{}, left) != log_row_hash(LogHash{}, right));
  LogHashInput signer_left = sample_row();
  signer_left.signature = "";
  signer_left.signer = "x";
  LogHashInput signer_right = sample_row();
  signer_right.signature = "x";
  signer_right.signer = "";
  CHECK(log_row_hash(LogHash{}, signer_left) != log_row_hash(LogHash{}, signer_right));
}

TEST_CASE("A log hash round-trips through its hex and 32-byte forms") {
  const LogHash hash = log_row_hash(LogHash{}, sample_row());
  const std::string hex = log_hash_hex(hash);
  CHECK(hex.size() == 64);
  CHECK(hex.find_first_not_of("0123456789abcdef") == std::string::npos);
  const auto back = log_hash_from_bytes(log_hash_bytes(hash));
  REQUIRE(back.has_value());
  CHECK(*back == hash);
  CHECK_FALSE(log_hash_from_bytes("short"sv).has_value());
  CHECK_FALSE(log_hash_from_bytes(std::string(33, 'x')).has_value());
  CHECK(log_hash_hex(LogHash{}) == std::string(64, '0'));
}

}  // namespace alertbus::protocol
