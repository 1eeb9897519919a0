// SecurityFixture: keys and a registry for real brokers in security mode "curve", written
// into a test's temporary directory the way an operator would with `alertctl keys generate`.
//
// Every node gets its key file (CurveZMQ server key, signing key) and four units, one per
// kind: <node>/cnty ANIMAL_DISEASE, <node>/bvtv CROP_PEST, <node>/kiem-lam FOREST_FIRE,
// <node>/qlcl UNSAFE_FOOD; plus <node>/dashboard acting for <node>/cnty and reading
// ANIMAL_DISEASE only, and <node>/operator. Province codes: bac-giang 24 with communes
// 07201-07780, hai-duong 30 and 31, quang-ninh 22.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "alertbus/protocol/keys.hpp"
#include "wire_client.hpp"

namespace alertbus::testing {

class SecurityFixture {
 public:
  SecurityFixture(std::filesystem::path directory, const std::vector<std::string>& nodes)
      : directory_(std::move(directory)), nodes_(nodes) {
    for (const std::string& node : nodes_) {
      add(node);
      for (const char* unit : {"cnty", "bvtv", "kiem-lam", "qlcl", "dashboard", "operator"}) {
        add(node + "/" + unit);
      }
    }
    write_registry();
  }

  // Rewrites the registry; principals in `revoked` are revoked since `revoked_at` (TOML
  // date-time), those in `removed` left out.
  void write_registry(const std::set<std::string>& revoked = {},
                      const std::string& revoked_at = "2000-01-01T00:00:00Z",
                      const std::set<std::string>& removed = {}) {
    std::ofstream out(registry_path());
    for (const std::string& node : nodes_) {
      const char* prefix = node == "bac-giang" ? "BG" : node == "hai-duong" ? "HD" : "QN";
      out << "[[nodes]]\nid = \"" << node << "\"\nname = \"" << node << "\"\n"
          << "reference_prefix = \"" << prefix << "\"\n"
          << "province_codes = " << province_codes(node) << "\n"
          << "commune_ranges = " << (node == "bac-giang" ? "[\"07201-07780\"]" : "[]") << "\n"
          << public_keys(node) << "\n";
    }
    static const std::map<std::string, std::string> kKinds{{"cnty", "ANIMAL_DISEASE"},
                                                           {"bvtv", "CROP_PEST"},
                                                           {"kiem-lam", "FOREST_FIRE"},
                                                           {"qlcl", "UNSAFE_FOOD"}};
    for (const auto& [id, keys] : keys_) {
      const std::size_t slash = id.find('/');
      if (slash == std::string::npos || removed.count(id) != 0) {
        continue;
      }
      const std::string node = id.substr(0, slash);
      const std::string name = id.substr(slash + 1);
      out << "[[principals]]\nid = \"" << id << "\"\n";
      if (kKinds.count(name) != 0) {
        out << "role = \"unit\"\nkinds = [\"" << kKinds.at(name) << "\"]\n"
            << "name = \"Đơn vị " << name << " của " << node << "\"\n";
      } else if (name == "dashboard") {
        out << "role = \"dashboard\"\nacts_for = \"" << node
            << "/cnty\"\nread_kinds = [\"ANIMAL_DISEASE\"]\n";
      } else {
        out << "role = \"operator\"\n";
      }
      if (revoked.count(id) != 0) {
        out << "revoked_at = " << revoked_at << "\n";
      }
      out << public_keys(id) << "\n";
    }
  }

  std::filesystem::path registry_path() const { return directory_ / "registry.toml"; }

  std::filesystem::path key_file(const std::string& id) const {
    std::string name = id;
    std::replace(name.begin(), name.end(), '/', '_');
    return directory_ / (name + ".key");
  }

  const protocol::KeyFile& keys(const std::string& id) const { return keys_.at(id); }

  // alertbusd flags for `node` in curve mode.
  std::vector<std::string> broker_args(const std::string& node) const {
    return {"--security-mode",        "curve",      "--registry",
            registry_path().string(), "--key-file", key_file(node).string()};
  }

  // A WireClient's keys: principal `id` connecting to `node`.
  CurveClientKeys client_keys(const std::string& id, const std::string& node) const {
    return CurveClientKeys{keys_.at(node).curve_public, keys_.at(id).curve_public,
                           keys_.at(id).curve_secret};
  }

  // Signs a publish as `id`.
  v1::Frame signed_publish(const v1::Event& event, const std::string& id) const {
    v1::Frame frame;
    v1::Publish* publish = frame.mutable_publish();
    event.SerializeToString(publish->mutable_event());
    publish->set_signature(protocol::sign_message(
        publish->event(), protocol::expand_signing_seed(keys_.at(id).signing_seed)));
    publish->set_signer(id);
    return frame;
  }

 private:
  static std::string province_codes(const std::string& node) {
    if (node == "bac-giang")
      return "[\"24\"]";
    if (node == "hai-duong")
      return "[\"30\", \"31\"]";
    if (node == "quang-ninh")
      return "[\"22\"]";
    return "[]";
  }

  std::string public_keys(const std::string& id) const {
    const protocol::KeyFile& keys = keys_.at(id);
    return "curve_public_key = \"" + protocol::z85_key(keys.curve_public) +
           "\"\nsigning_public_key = \"" + protocol::z85_key(keys.signing_public) + "\"\n";
  }

  void add(const std::string& id) {
    protocol::KeyFile keys = protocol::generate_key_file(id);
    const Status written = protocol::write_key_file(key_file(id).string(), keys, true);
    if (!written.ok()) {
      throw std::runtime_error(written.message());
    }
    keys_.emplace(id, std::move(keys));
  }

  std::filesystem::path directory_;
  std::vector<std::string> nodes_;
  std::map<std::string, protocol::KeyFile> keys_;
};

}  // namespace alertbus::testing
