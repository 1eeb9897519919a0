#include "alertbus/protocol/log_hash.hpp"

#include <cassert>
#include <cstring>
#include <limits>
#include <sodium.h>

namespace alertbus::protocol {
namespace {

void update(crypto_generichash_state* state, std::string_view bytes) {
  crypto_generichash_update(state, reinterpret_cast<const unsigned char*>(bytes.data()),
                            bytes.size());
}

// Little-endian on every host, so that the hash does not depend on the machine.
void update_u64(crypto_generichash_state* state, std::uint64_t value) {
  unsigned char bytes[8];
  for (std::size_t i = 0; i < sizeof bytes; ++i) {
    bytes[i] = static_cast<unsigned char>(value >> (8 * i));
  }
  crypto_generichash_update(state, bytes, sizeof bytes);
}

// u32 little-endian length, then the bytes: without the length, bytes moved from the end
// of one field to the start of the next would hash the same.
void update_field(crypto_generichash_state* state, std::string_view bytes) {
  // SQLite values are at most 1 GB (SQLITE_MAX_LENGTH), far below 4 GiB.
  assert(bytes.size() <= std::numeric_limits<std::uint32_t>::max());
  const auto size = static_cast<std::uint32_t>(bytes.size());
  unsigned char prefix[4];
  for (std::size_t i = 0; i < sizeof prefix; ++i) {
    prefix[i] = static_cast<unsigned char>(size >> (8 * i));
  }
  crypto_generichash_update(state, prefix, sizeof prefix);
  update(state, bytes);
}

}  // namespace

LogHash log_row_hash(const LogHash& prev, const LogHashInput& row) {
  // Without sodium_init() libsodium runs the portable BLAKE2b; with it, the fastest one for
  // this CPU (same output). Idempotent and thread-safe; a static runs it once.
  [[maybe_unused]] static const int initialised = sodium_init();
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, crypto_generichash_BYTES);
  update(&state, kLogHashDomain);
  crypto_generichash_update(&state, prev.data(), prev.size());
  update_u64(&state, row.seq);
  update_field(&state, row.event_id);
  update_field(&state, row.origin_node);
  update_u64(&state, row.origin_epoch);
  update_u64(&state, row.origin_seq);
  update_field(&state, row.reference);
  update_u64(&state, static_cast<std::uint64_t>(row.received_at_ms));
  update_field(&state, row.via);
  update_field(&state, row.path);
  update_field(&state, row.event);
  update_field(&state, row.signature);
  update_field(&state, row.signer);
  if (row.origin_stored_ms != 0) {
    update_u64(&state, static_cast<std::uint64_t>(row.origin_stored_ms));
  }
  LogHash hash;
  static_assert(sizeof(LogHash) == crypto_generichash_BYTES);
  crypto_generichash_final(&state, hash.data(), hash.size());
  return hash;
}

std::string log_hash_hex(const LogHash& hash) {
  constexpr char kHex[] = "0123456789abcdef";
  std::string text;
  text.reserve(hash.size() * 2);
  for (const unsigned char byte : hash) {
    text.push_back(kHex[byte >> 4]);
    text.push_back(kHex[byte & 0x0F]);
  }
  return text;
}

std::optional<LogHash> log_hash_from_bytes(std::string_view bytes) {
  LogHash hash;
  if (bytes.size() != hash.size()) {
    return std::nullopt;
  }
  std::memcpy(hash.data(), bytes.data(), hash.size());
  return hash;
}

}  // namespace alertbus::protocol
