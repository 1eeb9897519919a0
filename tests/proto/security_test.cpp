// Keys, key files, signatures and the registry parser (proto/include/alertbus/protocol/
// keys.hpp, registry.hpp).
#include <filesystem>
#include <fstream>
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "alertbus/protocol/keys.hpp"
#include "alertbus/protocol/registry.hpp"
#include "broker/temp_dir.hpp"

namespace alertbus::protocol {
namespace {

using testing::TempDir;

std::string public_keys(const KeyFile& keys) {
  return "curve_public_key = \"" + z85_key(keys.curve_public) + "\"\nsigning_public_key = \"" +
         z85_key(keys.signing_public) + "\"\n";
}

// A registry with one node and the entries given.
std::string registry_text(const std::string& principals) {
  return "[[nodes]]\nid = \"bac-giang\"\nname = \"Bắc Giang\"\nprovince_codes = [\"24\"]\n"
         "commune_ranges = [\"07201-07780\"]\n\n" +
         principals;
}

std::string refusal(const std::string& text) {
  auto parsed = Registry::parse(text, "registry.toml");
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.status().code() == v1::INVALID_VALUE);
  CHECK_FALSE(parsed.status().message_vi().empty());
  return parsed.status().message();
}

}  // namespace

TEST_CASE("A key file is written owner-only, read back, and refused when others may read it") {
  TempDir dir;
  const std::string path = (dir.path() / "cnty.key").string();
  const KeyFile keys = generate_key_file("bac-giang/cnty");
  REQUIRE(write_key_file(path, keys, false).ok());

  struct stat info {};

  REQUIRE(::stat(path.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  auto read = read_key_file(path);
  REQUIRE(read.ok());
  CHECK(read.value().principal == "bac-giang/cnty");
  CHECK(read.value().curve_public == keys.curve_public);
  CHECK(read.value().signing_seed == keys.signing_seed);
  // Never replaced by accident.
  CHECK_FALSE(write_key_file(path, generate_key_file("bac-giang/cnty"), false).ok());
  CHECK(read_key_file(path).value().curve_public == keys.curve_public);
  // Loose permissions.
  REQUIRE(::chmod(path.c_str(), 0644) == 0);
  auto loose = read_key_file(path);
  REQUIRE_FALSE(loose.ok());
  CHECK(loose.status().code() == v1::PERMISSION_DENIED);
  CHECK(loose.status().message().find("chmod 600") != std::string::npos);
  // Replacing with --force restores the mode.
  REQUIRE(write_key_file(path, keys, true).ok());
  REQUIRE(::stat(path.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
}

TEST_CASE("A key file whose public key does not match its secret is refused") {
  TempDir dir;
  const std::string path = (dir.path() / "mixed.key").string();
  KeyFile keys = generate_key_file("bac-giang/cnty");
  keys.signing_public = generate_key_file("x/y").signing_public;
  REQUIRE(write_key_file(path, keys, false).ok());
  auto read = read_key_file(path);
  REQUIRE_FALSE(read.ok());
  CHECK(read.status().message().find("does not match") != std::string::npos);
}

TEST_CASE("A signature verifies only for its exact bytes and its own key") {
  const KeyFile keys = generate_key_file("bac-giang/cnty");
  const SigningKey secret = expand_signing_seed(keys.signing_seed);
  const std::string message = "cảnh báo dịch tả lợn châu Phi";
  const std::string signature = sign_message(message, secret);
  CHECK(signature.size() == 64);
  CHECK(verify_signature(message, signature, keys.signing_public));
  std::string altered = message;
  altered[0] ^= 1;
  CHECK_FALSE(verify_signature(altered, signature, keys.signing_public));
  CHECK_FALSE(verify_signature(message, signature, generate_key_file("x/y").signing_public));
  CHECK_FALSE(verify_signature(message, signature.substr(0, 63), keys.signing_public));
  CHECK_FALSE(verify_signature(message, "", keys.signing_public));
}

TEST_CASE("Z85 keys round-trip and malformed ones are refused") {
  const KeyFile keys = generate_key_file("bac-giang/cnty");
  auto parsed = parse_z85_key(z85_key(keys.curve_public), "key");
  REQUIRE(parsed.ok());
  CHECK(parsed.value() == keys.curve_public);
  CHECK_FALSE(parse_z85_key("short", "key").ok());
  CHECK_FALSE(parse_z85_key(std::string(40, '"'), "key").ok());
}

TEST_CASE("The registry maps keys to principals with their roles, kinds and province") {
  const KeyFile unit = generate_key_file("bac-giang/cnty");
  const KeyFile dashboard = generate_key_file("bac-giang/dashboard");
  auto parsed = Registry::parse(
      registry_text("[[principals]]\nid = \"bac-giang/cnty\"\nrole = \"unit\"\n"
                    "kinds = [\"ANIMAL_DISEASE\"]\nrevoked_at = 2026-11-29T15:00:00+07:00\n" +
                    public_keys(unit) +
                    "\n[[principals]]\nid = \"bac-giang/dashboard\"\nrole = \"dashboard\"\n"
                    "acts_for = \"bac-giang/cnty\"\nread_kinds = [\"ANIMAL_DISEASE\"]\n" +
                    public_keys(dashboard)),
      "registry.toml");
  REQUIRE(parsed.ok());
  const Registry& registry = *parsed.value();
  CHECK(registry.node_count() == 1);
  CHECK(registry.principal_count() == 3);  // The node is a principal too.
  const Principal* found = registry.find_by_curve_key(unit.curve_public);
  REQUIRE(found != nullptr);
  CHECK(found->id == "bac-giang/cnty");
  CHECK(found->node == "bac-giang");
  CHECK(found->role == Role::kUnit);
  CHECK(found->issues(v1::ANIMAL_DISEASE));
  CHECK_FALSE(found->issues(v1::CROP_PEST));
  // 15:00 at +07:00 is 08:00 UTC: 1795939200000 ms.
  REQUIRE(found->revoked_at_ms);
  CHECK(*found->revoked_at_ms == 1795939200000);
  CHECK_FALSE(found->revoked_at(1795939199999));
  CHECK(found->revoked_at(1795939200000));
  const Principal* desk = registry.find("bac-giang/dashboard");
  REQUIRE(desk != nullptr);
  CHECK(desk->acts_for == "bac-giang/cnty");
  CHECK(desk->reads(v1::ANIMAL_DISEASE));
  CHECK_FALSE(desk->reads(v1::FOREST_FIRE));
  CHECK(registry.find_by_curve_key(generate_key_file("x/y").curve_public) == nullptr);
  const NodeArea* area = registry.node("bac-giang");
  REQUIRE(area != nullptr);
  // Codes written without a scheme (as this registry does) match either scheme.
  for (const char* scheme : {"VN-2004", "VN-2025"}) {
    INFO(scheme);
    CHECK(area->contains(scheme, "24"));
    CHECK(area->contains(scheme, "07360"));
    CHECK(area->contains(scheme, "07201"));
    CHECK(area->contains(scheme, "07780"));
    CHECK_FALSE(area->contains(scheme, "07781"));
    CHECK_FALSE(area->contains(scheme, "22"));
    CHECK_FALSE(area->contains(scheme, "0736x"));
  }
}

TEST_CASE("A node's province written with its scheme holds that scheme's codes only") {
  // Bắc Giang's node before the merger: VN-2004 24 and its communes of 2004. VN-2025 24 is
  // Bắc Ninh, which took Bắc Giang in: not Bắc Giang's to issue in.
  auto parsed = Registry::parse(
      "[[nodes]]\nid = \"bac-giang\"\nprovince_codes = [\"VN-2004:24\"]\n"
      "commune_ranges = [\"VN-2004:07201-07780\"]\n",
      "registry.toml");
  INFO(parsed.status().to_string());
  REQUIRE(parsed.ok());
  const NodeArea* area = parsed.value()->node("bac-giang");
  REQUIRE(area != nullptr);
  CHECK(area->contains("VN-2004", "24"));
  CHECK_FALSE(area->contains("VN-2025", "24"));
  CHECK(area->contains("VN-2004", "07360"));
  CHECK_FALSE(area->contains("VN-2025", "07360"));
  // The merged province's node: its own 2025 code, and the 2004 provinces it holds.
  auto merged = Registry::parse(
      "[[nodes]]\nid = \"bac-ninh\"\n"
      "province_codes = [\"VN-2025:24\", \"VN-2004:24\", \"VN-2004:27\"]\n",
      "registry.toml");
  REQUIRE(merged.ok());
  const NodeArea* bac_ninh = merged.value()->node("bac-ninh");
  CHECK(bac_ninh->contains("VN-2025", "24"));
  CHECK(bac_ninh->contains("VN-2004", "27"));
  CHECK_FALSE(bac_ninh->contains("VN-2025", "27"));
  // A scheme that is not one, or a range of one with a bad code, is refused.
  CHECK(refusal("[[nodes]]\nid = \"x\"\nprovince_codes = [\"VN-2030:24\"]\n")
            .find("province code 'VN-2030:24'") != std::string::npos);
  CHECK(refusal("[[nodes]]\nid = \"x\"\ncommune_ranges = [\"VN-2025:7-x\"]\n")
            .find("commune range") != std::string::npos);
}

TEST_CASE("A registry with a mistake is refused with the entry and the rule named") {
  const KeyFile keys = generate_key_file("bac-giang/cnty");
  CHECK(refusal("[[nodes]\nid = 1").find("registry.toml") != std::string::npos);
  CHECK(refusal(registry_text("[[principals]]\nid = \"bac-giang/cnty\"\nrole = \"unit\"\n"
                              "kinds = [\"ANIMAL_DISEASE\"]\nrevoke_at = 2026-01-01T00:00:00Z\n"))
            .find("unknown key 'revoke_at'") != std::string::npos);
  CHECK(refusal(registry_text("[[principals]]\nid = \"bac-giang/cnty\"\nrole = \"king\"\n"))
            .find("role 'king'") != std::string::npos);
  CHECK(refusal(registry_text("[[principals]]\nid = \"bac-giang/cnty\"\nrole = \"unit\"\n"))
            .find("needs kinds") != std::string::npos);
  CHECK(refusal(registry_text("[[principals]]\nid = \"bac-giang/cnty\"\nrole = \"unit\"\n"
                              "kinds = [\"VOLCANO\"]\n"))
            .find("VOLCANO") != std::string::npos);
  CHECK(refusal(registry_text("[[principals]]\nid = \"ha-noi/cnty\"\nrole = \"unit\"\n"
                              "kinds = [\"ANIMAL_DISEASE\"]\n"))
            .find("node 'ha-noi'") != std::string::npos);
  CHECK(refusal(registry_text("[[principals]]\nid = \"bac-giang/desk\"\nrole = \"dashboard\"\n"
                              "acts_for = \"bac-giang/nobody\"\n"))
            .find("not a unit of its node") != std::string::npos);
  const std::string unit =
      "[[principals]]\nid = \"bac-giang/cnty\"\nrole = \"unit\"\n"
      "kinds = [\"ANIMAL_DISEASE\"]\n" +
      public_keys(keys) + "\n";
  CHECK(refusal(registry_text(unit + unit)).find("appears twice") != std::string::npos);
  const std::string same_key =
      "[[principals]]\nid = \"bac-giang/bvtv\"\nrole = \"unit\"\n"
      "kinds = [\"CROP_PEST\"]\n" +
      public_keys(keys);
  CHECK(refusal(registry_text(unit + same_key)).find("already another principal's") !=
        std::string::npos);
  CHECK(refusal(registry_text("[[principals]]\nid = \"bac-giang/cnty\"\nrole = \"unit\"\n"
                              "kinds = [\"ANIMAL_DISEASE\"]\ncurve_public_key = \"abc\"\n"))
            .find("Z85") != std::string::npos);
  CHECK(refusal(registry_text("[[principals]]\nid = \"bac-giang/cnty\"\nrole = \"unit\"\n"
                              "kinds = [\"ANIMAL_DISEASE\"]\nrevoked_at = 2026-01-01T00:00:00\n"))
            .find("offset") != std::string::npos);
  CHECK(refusal("[[nodes]]\nid = \"x\"\ncommune_ranges = [\"9-1\"]\n").find("commune range") !=
        std::string::npos);
  CHECK(refusal("[people]\n").find("unknown section") != std::string::npos);
}

}  // namespace alertbus::protocol
