// Checkpoints: how a node shows that its copy of another province's events matches the
// origin's (docs/ARCHITECTURE.md, "Checkpoints").
//
// The origin digest of node N's events in epoch E is a hash chain over those events in
// origin order, independent of where and when each copy was stored:
//
//   digest_0 = 32 zero bytes
//   digest_k = BLAKE2b-256 over "alertbus.origin.v1" (18 bytes, no terminator),
//              digest_(k-1), origin_seq (u64 LE), then length-prefixed (u32 LE + bytes)
//              event_id, event bytes, signature, signer
//
// N signs (node, epoch, seq, count, digest, signed_at) with its node signing key; the bytes
// signed are "alertbus.checkpoint.v1", length-prefixed node, u64 LE epoch, seq, count, the
// 32-byte digest and i64 LE signed_at in Unix ms.
//
// Threading: pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "alertbus/v1/frame.pb.h"

#include "alertbus/protocol/keys.hpp"
#include "alertbus/protocol/log_hash.hpp"

namespace alertbus::protocol {

// One step of the origin digest.
LogHash origin_digest_step(const LogHash& prev, std::uint64_t origin_seq, std::string_view event_id,
                           std::string_view event, std::string_view signature,
                           std::string_view signer);

// The bytes a checkpoint's signature covers.
std::string checkpoint_signing_bytes(const v1::Checkpoint& checkpoint);

// Sets checkpoint->signature.
void sign_checkpoint(v1::Checkpoint* checkpoint, const SigningKey& secret);

// True when the signature is the node's over the checkpoint's fields.
bool verify_checkpoint(const v1::Checkpoint& checkpoint, const Key32& node_signing_key);

}  // namespace alertbus::protocol
