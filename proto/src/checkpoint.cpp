#include "alertbus/protocol/checkpoint.hpp"

#include <sodium.h>

namespace alertbus::protocol {
namespace {

void put_u64(std::string* out, std::uint64_t value) {
  for (int i = 0; i < 8; ++i) {
    out->push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
  }
}

void update(crypto_generichash_state* state, std::string_view bytes) {
  crypto_generichash_update(state, reinterpret_cast<const unsigned char*>(bytes.data()),
                            bytes.size());
}

void update_prefixed(crypto_generichash_state* state, std::string_view bytes) {
  unsigned char length[4];
  const auto size = static_cast<std::uint32_t>(bytes.size());
  for (int i = 0; i < 4; ++i) {
    length[i] = static_cast<unsigned char>((size >> (8 * i)) & 0xFF);
  }
  crypto_generichash_update(state, length, sizeof(length));
  update(state, bytes);
}

std::int64_t to_ms(const google::protobuf::Timestamp& time) {
  return time.seconds() * 1000 + time.nanos() / 1000000;
}

}  // namespace

LogHash origin_digest_step(const LogHash& prev, std::uint64_t origin_seq, std::string_view event_id,
                           std::string_view event, std::string_view signature,
                           std::string_view signer) {
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, 32);
  update(&state, "alertbus.origin.v1");
  crypto_generichash_update(&state, prev.data(), prev.size());
  std::string seq;
  put_u64(&seq, origin_seq);
  update(&state, seq);
  update_prefixed(&state, event_id);
  update_prefixed(&state, event);
  update_prefixed(&state, signature);
  update_prefixed(&state, signer);
  LogHash digest{};
  crypto_generichash_final(&state, digest.data(), digest.size());
  return digest;
}

std::string checkpoint_signing_bytes(const v1::Checkpoint& checkpoint) {
  std::string bytes = "alertbus.checkpoint.v1";
  const auto node_size = static_cast<std::uint32_t>(checkpoint.node().size());
  for (int i = 0; i < 4; ++i) {
    bytes.push_back(static_cast<char>((node_size >> (8 * i)) & 0xFF));
  }
  bytes += checkpoint.node();
  put_u64(&bytes, checkpoint.epoch());
  put_u64(&bytes, checkpoint.seq());
  put_u64(&bytes, checkpoint.count());
  bytes += checkpoint.digest();
  put_u64(&bytes, static_cast<std::uint64_t>(to_ms(checkpoint.signed_at())));
  return bytes;
}

void sign_checkpoint(v1::Checkpoint* checkpoint, const SigningKey& secret) {
  checkpoint->set_signature(sign_message(checkpoint_signing_bytes(*checkpoint), secret));
}

bool verify_checkpoint(const v1::Checkpoint& checkpoint, const Key32& node_signing_key) {
  return checkpoint.digest().size() == 32 &&
         verify_signature(checkpoint_signing_bytes(checkpoint), checkpoint.signature(),
                          node_signing_key);
}

}  // namespace alertbus::protocol
