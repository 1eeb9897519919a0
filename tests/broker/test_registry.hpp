// TestRegistry: a registry (trust bundle) with freshly generated keys, parsed in memory, for
// unit tests of the rules of who may say what (authority, ingest, links, checkpoints).
//
// Nodes: bac-giang (province VN-2025 24, communes VN-2025 07201-07780, references BG-…: the
// scheme written, as the sample events' areas are), hai-duong (30, 31, HD-…) and quang-ninh
// (22, QN-…) with bare codes (either scheme, the registry's older form), each with its keys.
// Principals: bac-giang/cnty ANIMAL_DISEASE, bac-giang/bvtv CROP_PEST, bac-giang/kiem-lam
// FOREST_FIRE, quang-ninh/qlcl UNSAFE_FOOD, hai-duong/cnty ANIMAL_DISEASE (revoked at
// kRevokedAtMs), bac-giang/dashboard acting for bac-giang/cnty and reading ANIMAL_DISEASE only,
// bac-giang/operator.
#pragma once

#include <map>
#include <memory>
#include <string>

#include <catch2/catch.hpp>

#include "alertbus/protocol/keys.hpp"
#include "alertbus/protocol/registry.hpp"

namespace alertbus::testing {

class TestRegistry {
 public:
  // 2026-01-01T00:00:00Z, when hai-duong/cnty's key was revoked.
  static constexpr std::int64_t kRevokedAtMs = 1767225600000;

  TestRegistry() {
    std::string text;
    for (const char* node : {"bac-giang", "hai-duong", "quang-ninh"}) {
      const std::string id = node;
      const char* provinces = id == "bac-giang"   ? "[\"VN-2025:24\"]"
                              : id == "hai-duong" ? "[\"30\", \"31\"]"
                                                  : "[\"22\"]";
      const char* prefix = id == "bac-giang" ? "BG" : id == "hai-duong" ? "HD" : "QN";
      text += "[[nodes]]\nid = \"" + id + "\"\nname = \"" + id + "\"\nreference_prefix = \"" +
              prefix + "\"\nprovince_codes = " + provinces +
              "\ncommune_ranges = " + (id == "bac-giang" ? "[\"VN-2025:07201-07780\"]" : "[]") +
              "\n" + public_keys(id) + "\n";
    }
    const std::pair<const char*, const char*> units[] = {
        // cnty also imports other agencies' CAP alerts as external notices.
        {"bac-giang/cnty", "ANIMAL_DISEASE\", \"EXTERNAL"},
        {"bac-giang/bvtv", "CROP_PEST"},
        {"bac-giang/kiem-lam", "FOREST_FIRE"},
        {"quang-ninh/qlcl", "UNSAFE_FOOD"},
        {"hai-duong/cnty", "ANIMAL_DISEASE"},
    };
    for (const auto& [id, kind] : units) {
      text += "[[principals]]\nid = \"" + std::string(id) + "\"\nrole = \"unit\"\nkinds = [\"" +
              kind + "\"]\n" + public_keys(id);
      if (std::string(id) == "hai-duong/cnty") {
        text += "revoked_at = 2026-01-01T00:00:00Z\n";
      }
      text += "\n";
    }
    text +=
        "[[principals]]\nid = \"bac-giang/dashboard\"\nrole = \"dashboard\"\n"
        "acts_for = \"bac-giang/cnty\"\nread_kinds = [\"ANIMAL_DISEASE\"]\n" +
        public_keys("bac-giang/dashboard") + "\n";
    text += "[[principals]]\nid = \"bac-giang/operator\"\nrole = \"operator\"\n" +
            public_keys("bac-giang/operator") + "\n";
    auto parsed = protocol::Registry::parse(text, "test-registry.toml");
    INFO(parsed.status().to_string());
    REQUIRE(parsed.ok());
    registry_ = std::move(parsed).value();
  }

  const std::shared_ptr<const protocol::Registry>& registry() const { return registry_; }

  const protocol::Principal& principal(const std::string& id) const {
    const protocol::Principal* found = registry_->find(id);
    REQUIRE(found != nullptr);
    return *found;
  }

  // The signing key of `id` (a principal or a node), expanded for signing.
  protocol::SigningKey signing_key(const std::string& id) const {
    return protocol::expand_signing_seed(keys_.at(id).signing_seed);
  }

  const protocol::KeyFile& keys(const std::string& id) const { return keys_.at(id); }

  // Ed25519 signature of `bytes` by `id`.
  std::string sign(const std::string& bytes, const std::string& id) const {
    return protocol::sign_message(bytes, signing_key(id));
  }

 private:
  std::string public_keys(const std::string& id) {
    const protocol::KeyFile& keys =
        keys_.emplace(id, protocol::generate_key_file(id)).first->second;
    return "curve_public_key = \"" + protocol::z85_key(keys.curve_public) +
           "\"\nsigning_public_key = \"" + protocol::z85_key(keys.signing_public) + "\"\n";
  }

  std::map<std::string, protocol::KeyFile> keys_;
  std::shared_ptr<const protocol::Registry> registry_;
};

}  // namespace alertbus::testing
