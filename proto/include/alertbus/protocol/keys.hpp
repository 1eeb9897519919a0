// Keys: CurveZMQ key pairs (transport encryption and authentication) and Ed25519 signing key
// pairs (event signatures), their Z85 text form, and key files.
//
// Every key is written as Z85 text (ZeroMQ's encoding, 40 characters for 32 bytes), the form
// CurveZMQ tools already use. A signing secret is kept as its 32-byte seed.
//
// A key file is TOML holding one principal's secrets:
//   principal = "bac-giang/cnty"
//   curve_public_key = "..."    curve_secret_key = "..."
//   signing_public_key = "..."  signing_seed = "..."
// It must not be readable by group or others: read_key_file() refuses it otherwise, the way
// ssh refuses a private key with loose permissions.
//
// Threading: pure functions, thread-safe.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "alertbus/protocol/status.hpp"

namespace alertbus::protocol {

using Key32 = std::array<unsigned char, 32>;

// Z85 text of 32 bytes (40 characters).
std::string z85_key(const Key32& key);

// The 32 bytes of a Z85 key text. Fails with INVALID_VALUE naming `what`.
StatusOr<Key32> parse_z85_key(std::string_view text, std::string_view what);

struct KeyFile {
  std::string principal;
  Key32 curve_public{};
  Key32 curve_secret{};
  Key32 signing_public{};
  Key32 signing_seed{};  // crypto_sign_seed_keypair() turns it into the 64-byte secret key.
};

// New random key pairs for `principal`.
KeyFile generate_key_file(std::string principal);

// Writes the key file with mode 0600. Refuses to replace an existing file unless `overwrite`.
Status write_key_file(const std::string& path, const KeyFile& keys, bool overwrite);

// Reads a key file; refuses one readable by group or others (PERMISSION_DENIED), and checks
// that each public key matches its secret.
StatusOr<KeyFile> read_key_file(const std::string& path);

// The registry entry (TOML, for registry.toml) that makes these keys known, without secrets.
std::string registry_entry(const KeyFile& keys, std::string_view role);

// The 64-byte Ed25519 secret key made from a seed (expanding it costs a scalar
// multiplication: do it once per key, not per signature).
using SigningKey = std::array<unsigned char, 64>;
SigningKey expand_signing_seed(const Key32& seed);

// Ed25519 signature (64 bytes) of `message`.
std::string sign_message(std::string_view message, const SigningKey& secret);

// True when `signature` is a valid Ed25519 signature of `message` by `public_key`.
bool verify_signature(std::string_view message, std::string_view signature,
                      const Key32& public_key);

}  // namespace alertbus::protocol
