// Authority: the rules of who may say what (docs/ARCHITECTURE.md, "Security and audit").
// Authority comes from keys, never from fields in the payload: the signer's key must verify
// the event's bytes, and the signer's registry entry decides what it may issue.
//
// Event rules (on a publish and on every event relayed by a peer):
// - the event is signed, by a principal of the trust bundle, not revoked at the time that
//   counts (now for a publish; the event's sent_at for a relayed one, so a key revoked today
//   leaves yesterday's alerts valid), and the signature verifies;
// - the signer is the sender unit itself, or a dashboard acting for it and sending one of
//   the follow-ups a dashboard may send; operators and nodes issue nothing;
// - the sender unit issues or handles the event's kind;
// - the event originates at the sender unit's node;
// - an alert's areas all lie in the province of that node.
// Request rules (security mode "curve", where each connection has a principal):
// - a publish is signed by the connection's own principal;
// - reads are limited to the principal's read_kinds.
//
// Threading: pure functions over an immutable Registry; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "alertbus/v1/event.pb.h"
#include "alertbus/v1/frame.pb.h"

#include "alertbus/protocol/registry.hpp"
#include "alertbus/protocol/status.hpp"

namespace alertbus::broker {

struct SignedEvent {
  const v1::Event* event = nullptr;  // Decoded from `bytes`.
  std::string_view bytes;
  std::string_view signature;
  std::string_view signer;
  std::string_view origin_node;  // Where it was (or is being) first stored.
  std::int64_t revocation_check_ms = 0;
};

// Checks every event rule; verifies the signature last (it is the costly step). Refusals:
// INVALID_SIGNATURE, PERMISSION_DENIED, with a message naming the rule. A signer missing
// from the trust bundle is INVALID_SIGNATURE with field "signer".
Status authorize_event(const protocol::Registry& registry, const SignedEvent& signed_event);

// The connection's principal (from its CURVE key) may publish an event signed by `signer`.
Status authorize_publish(const protocol::Principal& principal, std::string_view signer);

// Narrows or checks a read filter against the principal's read_kinds: an empty kind list
// becomes the principal's; a kind outside them is PERMISSION_DENIED.
Status authorize_read(const protocol::Principal& principal, v1::Filter* filter);

// The principal may read events of this kind (its read_kinds).
Status authorize_read_kind(const protocol::Principal& principal, v1::AlertKind kind);

// A principal looked up for a connection: absent or revoked now is PERMISSION_DENIED.
StatusOr<const protocol::Principal*> connection_principal(const protocol::Registry& registry,
                                                          std::string_view id, std::int64_t now_ms);

}  // namespace alertbus::broker
