#include "alertbus/client/credentials.hpp"

namespace alertbus::client {

StatusOr<std::shared_ptr<const Credentials>> Credentials::load(const std::string& key_file,
                                                               const std::string& server_key_z85) {
  auto keys = protocol::read_key_file(key_file);
  if (!keys.ok()) {
    return keys.status();
  }
  auto credentials = std::make_shared<Credentials>();
  credentials->keys = std::move(keys).value();
  credentials->signing_secret = protocol::expand_signing_seed(credentials->keys.signing_seed);
  if (!server_key_z85.empty()) {
    auto server_key = protocol::parse_z85_key(server_key_z85, "server_key");
    if (!server_key.ok()) {
      return server_key.status();
    }
    credentials->server_key = server_key.value();
  }
  return std::shared_ptr<const Credentials>(std::move(credentials));
}

}  // namespace alertbus::client
