// Credentials: what a client needs against a broker that runs with security on
// (docs/OPERATIONS.md, "Security"): its own key file (CurveZMQ pair and Ed25519 signing key,
// from `alertctl keys generate`) and the broker's CurveZMQ public key.
//
// With credentials, the connection is encrypted and authenticated (CurveZMQ) and a Publisher
// signs every event with the key file's signing key, as the key file's principal. Without
// them the client speaks plain ZeroMQ, which only a broker in development mode accepts.
//
// Threading: immutable once loaded; share it as shared_ptr<const Credentials>.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "alertbus/protocol/keys.hpp"
#include "alertbus/protocol/status.hpp"

namespace alertbus::client {

struct Credentials {
  protocol::KeyFile keys;
  protocol::SigningKey signing_secret{};  // Expanded from keys.signing_seed.
  // The broker's CurveZMQ public key; none: a plain connection (events are still signed).
  std::optional<protocol::Key32> server_key;

  // Reads the key file (refused when group- or world-readable) and the broker's key as Z85
  // text (empty: none).
  static StatusOr<std::shared_ptr<const Credentials>> load(const std::string& key_file,
                                                           const std::string& server_key_z85);
};

}  // namespace alertbus::client
