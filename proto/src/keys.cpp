#include "alertbus/protocol/keys.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <toml++/toml.h>
#include <unistd.h>

#include <zmq.h>

#include "alertbus/protocol/owner_only.hpp"

namespace alertbus::protocol {
namespace {

Status key_error(const std::string& en, const std::string& vi, std::string field = {}) {
  return Status::error(v1::INVALID_VALUE, en, vi, std::move(field));
}

bool ensure_sodium() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

}  // namespace

std::string z85_key(const Key32& key) {
  char text[41] = {};
  zmq_z85_encode(text, key.data(), key.size());
  return std::string(text, 40);
}

StatusOr<Key32> parse_z85_key(std::string_view text, std::string_view what) {
  Key32 key{};
  const std::string copy(text);
  if (copy.size() != 40 || zmq_z85_decode(key.data(), copy.c_str()) == nullptr) {
    return key_error(std::string(what) + " is not a 40-character Z85 key",
                     std::string(what) + " không phải khóa Z85 dài 40 ký tự", std::string(what));
  }
  return key;
}

KeyFile generate_key_file(std::string principal) {
  ensure_sodium();
  KeyFile keys;
  keys.principal = std::move(principal);
  crypto_box_keypair(keys.curve_public.data(), keys.curve_secret.data());
  randombytes_buf(keys.signing_seed.data(), keys.signing_seed.size());
  std::array<unsigned char, crypto_sign_SECRETKEYBYTES> secret{};
  crypto_sign_seed_keypair(keys.signing_public.data(), secret.data(), keys.signing_seed.data());
  sodium_memzero(secret.data(), secret.size());
  return keys;
}

Status write_key_file(const std::string& path, const KeyFile& keys, bool overwrite) {
  std::string text = "# alertbus keys of " + keys.principal +
                     ". SECRET: keep this file readable by its owner only (mode 0600).\n"
                     "# Khóa bí mật: chỉ chủ sở hữu được đọc tệp này.\n";
  text += "principal = \"" + keys.principal + "\"\n";
  text += "curve_public_key = \"" + z85_key(keys.curve_public) + "\"\n";
  text += "curve_secret_key = \"" + z85_key(keys.curve_secret) + "\"\n";
  text += "signing_public_key = \"" + z85_key(keys.signing_public) + "\"\n";
  text += "signing_seed = \"" + z85_key(keys.signing_seed) + "\"\n";
  const int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (overwrite ? O_TRUNC : O_EXCL);
  const int fd = ::open(path.c_str(), flags, 0600);
  if (fd < 0) {
    const std::string reason = std::strerror(errno);
    return Status::error(errno == EEXIST ? v1::INVALID_VALUE : v1::INTERNAL,
                         "cannot create key file " + path + ": " + reason,
                         "không tạo được tệp khóa " + path + ": " + reason);
  }
  // An existing file keeps its old mode under O_TRUNC: set it.
  bool ok = ::fchmod(fd, 0600) == 0;
  std::size_t written = 0;
  while (ok && written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    ok = n > 0;
    written += ok ? static_cast<std::size_t>(n) : 0;
  }
  ok = ok && ::fsync(fd) == 0;
  ok = (::close(fd) == 0) && ok;
  if (!ok) {
    return Status::error(v1::INTERNAL, "cannot write key file " + path,
                         "không ghi được tệp khóa " + path);
  }
  return {};
}

StatusOr<KeyFile> read_key_file(const std::string& path) {
  ensure_sodium();

  struct stat info {};

  if (::stat(path.c_str(), &info) != 0) {
    const std::string reason = std::strerror(errno);
    return key_error("cannot read key file " + path + ": " + reason,
                     "không đọc được tệp khóa " + path + ": " + reason);
  }
  if (Status owner_only = check_owner_only(path, info.st_mode, "key file", "tệp khóa");
      !owner_only.ok()) {
    return owner_only;
  }
  toml::table table;
  try {
    table = toml::parse_file(path);
  } catch (const toml::parse_error& error) {
    return key_error("key file " + path + ": " + std::string(error.description()),
                     "tệp khóa " + path + ": " + std::string(error.description()));
  }
  KeyFile keys;
  keys.principal = table["principal"].value_or(std::string());
  if (keys.principal.empty()) {
    return key_error("key file " + path + " names no principal",
                     "tệp khóa " + path + " không ghi tên chủ thể", "principal");
  }
  const auto read = [&](const char* name, Key32* out) -> Status {
    auto key = parse_z85_key(table[name].value_or(std::string()), name);
    if (!key.ok()) {
      return key_error("key file " + path + ": " + key.status().message(),
                       "tệp khóa " + path + ": " + key.status().message_vi(), name);
    }
    *out = key.value();
    return {};
  };
  for (const auto& [name, out] : {std::pair{"curve_public_key", &keys.curve_public},
                                  std::pair{"curve_secret_key", &keys.curve_secret},
                                  std::pair{"signing_public_key", &keys.signing_public},
                                  std::pair{"signing_seed", &keys.signing_seed}}) {
    if (Status status = read(name, out); !status.ok()) {
      return status;
    }
  }
  Key32 derived{};
  crypto_scalarmult_base(derived.data(), keys.curve_secret.data());
  std::array<unsigned char, crypto_sign_SECRETKEYBYTES> secret{};
  Key32 signing_derived{};
  crypto_sign_seed_keypair(signing_derived.data(), secret.data(), keys.signing_seed.data());
  sodium_memzero(secret.data(), secret.size());
  if (derived != keys.curve_public || signing_derived != keys.signing_public) {
    return key_error("key file " + path + ": a public key does not match its secret",
                     "tệp khóa " + path + ": khóa công khai không khớp với khóa bí mật");
  }
  return keys;
}

std::string registry_entry(const KeyFile& keys, std::string_view role) {
  std::string text = "[[principals]]\n";
  text += "id = \"" + keys.principal + "\"\n";
  text += "role = \"" + std::string(role) + "\"\n";
  text += "curve_public_key = \"" + z85_key(keys.curve_public) + "\"\n";
  text += "signing_public_key = \"" + z85_key(keys.signing_public) + "\"\n";
  return text;
}

SigningKey expand_signing_seed(const Key32& seed) {
  ensure_sodium();
  static_assert(sizeof(SigningKey) == crypto_sign_SECRETKEYBYTES);
  SigningKey secret{};
  Key32 public_key{};
  crypto_sign_seed_keypair(public_key.data(), secret.data(), seed.data());
  return secret;
}

std::string sign_message(std::string_view message, const SigningKey& secret) {
  std::string signature(crypto_sign_BYTES, '\0');
  crypto_sign_detached(reinterpret_cast<unsigned char*>(signature.data()), nullptr,
                       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       secret.data());
  return signature;
}

bool verify_signature(std::string_view message, std::string_view signature,
                      const Key32& public_key) {
  ensure_sodium();
  return signature.size() == crypto_sign_BYTES &&
         crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(signature.data()),
                                     reinterpret_cast<const unsigned char*>(message.data()),
                                     message.size(), public_key.data()) == 0;
}

}  // namespace alertbus::protocol
