// Authority (security/authority.hpp): the event rules (signed, known, not revoked, sender is
// signer, dashboards, who issues, own kinds, own node, own province, the signature over the
// exact bytes) and the request rules (who publishes, connection signs, read scope, a
// connection's principal), each refusal with its code and field.
#include "security/authority.hpp"

#include <catch2/catch.hpp>

#include "support/sample_events.hpp"
#include "test_registry.hpp"

namespace alertbus::broker {
namespace {

using testing::TestRegistry;

// An event as serialized and signed by `signer`, first stored at `origin_node`.
struct Signed {
  v1::Event event;
  std::string bytes;
  std::string signature;
  std::string signer;
  std::string origin_node;
  std::int64_t revocation_check_ms = testing::now_unix_ms();

  SignedEvent view() const {
    SignedEvent view;
    view.event = &event;
    view.bytes = bytes;
    view.signature = signature;
    view.signer = signer;
    view.origin_node = origin_node;
    view.revocation_check_ms = revocation_check_ms;
    return view;
  }
};

Signed signed_by(const TestRegistry& registry, const v1::Event& event, const std::string& signer,
                 const std::string& origin_node = "bac-giang") {
  Signed made;
  made.event = event;
  event.SerializeToString(&made.bytes);
  made.signature = registry.sign(made.bytes, signer);
  made.signer = signer;
  made.origin_node = origin_node;
  return made;
}

Status check(const TestRegistry& registry, const Signed& signed_event) {
  return authorize_event(*registry.registry(), signed_event.view());
}

// The follow-up `type` of `alert` sent by `unit`.
v1::Event follow_up_by(const v1::Event& alert, v1::EventType type, const std::string& unit) {
  v1::Event event = testing::sample_follow_up(alert, type);
  event.set_sender_unit(unit);
  return event;
}

}  // namespace

TEST_CASE(
    "A unit's event signed with its own key, in its kinds, node and province, is authorised") {
  const TestRegistry registry;
  CHECK(check(registry, signed_by(registry, testing::sample_animal_disease(), "bac-giang/cnty"))
            .ok());
  CHECK(check(registry, signed_by(registry, testing::sample_crop_pest(), "bac-giang/bvtv")).ok());
  CHECK(check(registry,
              signed_by(registry, testing::sample_unsafe_food(), "quang-ninh/qlcl", "quang-ninh"))
            .ok());
  // A follow-up to another province's alert, by a unit handling that kind.
  const v1::Event food = testing::sample_unsafe_food();
  v1::Event acknowledge = follow_up_by(food, v1::ACKNOWLEDGE, "bac-giang/cnty");
  acknowledge.set_kind(v1::ANIMAL_DISEASE);
  CHECK(check(registry, signed_by(registry, acknowledge, "bac-giang/cnty")).ok());
}

TEST_CASE("An unsigned event, or one whose signer the registry lacks, is INVALID_SIGNATURE") {
  const TestRegistry registry;
  Signed unsigned_event = signed_by(registry, testing::sample_crop_pest(), "bac-giang/bvtv");
  unsigned_event.signature.clear();
  Status status = check(registry, unsigned_event);
  CHECK(status.code() == v1::INVALID_SIGNATURE);
  CHECK(status.field() == "signature");
  Signed unknown = signed_by(registry, testing::sample_crop_pest(), "bac-giang/bvtv");
  unknown.signer = "bac-giang/new-unit";
  status = check(registry, unknown);
  CHECK(status.code() == v1::INVALID_SIGNATURE);
  CHECK(status.field() == "signer");  // A link waits for such a signer (peer_link.hpp).
}

TEST_CASE("A signature holds only for the exact bytes and the signer's own key") {
  const TestRegistry registry;
  Signed altered = signed_by(registry, testing::sample_crop_pest(), "bac-giang/bvtv");
  altered.bytes.back() ^= 1;
  Status status = check(registry, altered);
  CHECK(status.code() == v1::INVALID_SIGNATURE);
  CHECK(status.field() == "signature");
  // Signed by another unit's key while naming bac-giang/bvtv as signer.
  Signed forged = signed_by(registry, testing::sample_crop_pest(), "bac-giang/cnty");
  forged.signer = "bac-giang/bvtv";
  CHECK(check(registry, forged).code() == v1::INVALID_SIGNATURE);
}

TEST_CASE("Only a unit listing EXTERNAL in its registry kinds issues external notices") {
  const TestRegistry registry;
  v1::Event notice = testing::sample_external();
  notice.set_sender_unit("bac-giang/cnty");
  CHECK(check(registry, signed_by(registry, notice, "bac-giang/cnty")).ok());
  notice.set_sender_unit("bac-giang/bvtv");
  const Status status = check(registry, signed_by(registry, notice, "bac-giang/bvtv"));
  CHECK(status.code() == v1::PERMISSION_DENIED);
  CHECK(status.field() == "kind");
}

TEST_CASE("A unit signs only its own events, of its kinds, at its node, in its province") {
  const TestRegistry registry;
  // 'sender is signer': bvtv signs an event of cnty.
  Status status =
      check(registry, signed_by(registry, testing::sample_animal_disease(), "bac-giang/bvtv"));
  CHECK(status.code() == v1::PERMISSION_DENIED);
  CHECK(status.field() == "sender_unit");
  // 'own kinds': bvtv sends a forest-fire alert in its own name.
  v1::Event fire = testing::sample_forest_fire();
  fire.set_sender_unit("bac-giang/bvtv");
  status = check(registry, signed_by(registry, fire, "bac-giang/bvtv"));
  CHECK(status.code() == v1::PERMISSION_DENIED);
  CHECK(status.field() == "kind");
  // 'own node': a Bắc Giang unit's event that originates at Quảng Ninh.
  status = check(registry,
                 signed_by(registry, testing::sample_crop_pest(), "bac-giang/bvtv", "quang-ninh"));
  CHECK(status.code() == v1::PERMISSION_DENIED);
  CHECK(status.message().find("own node") != std::string::npos);
  // 'own province': an alert for Quảng Ninh's province code, or a commune outside the ranges.
  for (const char* code : {"22", "09999"}) {
    v1::Event pest = testing::sample_crop_pest();
    pest.mutable_areas(0)->set_code(code);
    status = check(registry, signed_by(registry, pest, "bac-giang/bvtv"));
    INFO(code);
    CHECK(status.code() == v1::PERMISSION_DENIED);
    CHECK(status.field() == "areas[0].code");
  }
  // The node's province is VN-2025 24 (with its communes of that scheme): the same numbers
  // in the 2004 scheme are other places (VN-2004 24 is Bắc Giang alone), not its own.
  for (const char* code : {"24", "07360"}) {
    v1::Event pest = testing::sample_crop_pest();
    pest.mutable_areas(0)->set_code(code);
    CHECK(check(registry, signed_by(registry, pest, "bac-giang/bvtv")).ok());
    pest.mutable_areas(0)->set_scheme("VN-2004");
    status = check(registry, signed_by(registry, pest, "bac-giang/bvtv"));
    INFO(code);
    CHECK(status.code() == v1::PERMISSION_DENIED);
    CHECK(status.message().find("area VN-2004 " + std::string(code)) != std::string::npos);
  }
  // A follow-up's areas are not the issuer's province: the rule is for alerts.
  const v1::Event pest = testing::sample_crop_pest();
  v1::Event measures = follow_up_by(pest, v1::MEASURES_TAKEN, "bac-giang/bvtv");
  measures.add_areas()->set_code("22");
  CHECK(check(registry, signed_by(registry, measures, "bac-giang/bvtv")).ok());
}

TEST_CASE("A revoked key signs nothing from its revocation on, but earlier events stay valid") {
  const TestRegistry registry;
  v1::Event disease = testing::sample_animal_disease();
  disease.set_sender_unit("hai-duong/cnty");
  disease.mutable_areas(0)->set_code("30");
  Signed event = signed_by(registry, disease, "hai-duong/cnty", "hai-duong");
  event.revocation_check_ms = TestRegistry::kRevokedAtMs;
  const Status status = check(registry, event);
  CHECK(status.code() == v1::PERMISSION_DENIED);
  CHECK(status.message().find("revoked") != std::string::npos);
  // Relayed, an event is judged at its sent_at: signed the day before, it holds.
  event.revocation_check_ms = TestRegistry::kRevokedAtMs - 24 * 3600 * 1000;
  CHECK(check(registry, event).ok());
}

TEST_CASE("A dashboard acts for its unit with the receiving desk's follow-ups only") {
  const TestRegistry registry;
  v1::Event elsewhere = testing::sample_animal_disease();
  elsewhere.set_sender_unit("hai-duong/cnty");
  v1::Event acknowledge = follow_up_by(elsewhere, v1::ACKNOWLEDGE, "bac-giang/cnty");
  CHECK(check(registry, signed_by(registry, acknowledge, "bac-giang/dashboard")).ok());
  // Not for another unit.
  acknowledge.set_sender_unit("bac-giang/bvtv");
  Status status = check(registry, signed_by(registry, acknowledge, "bac-giang/dashboard"));
  CHECK(status.code() == v1::PERMISSION_DENIED);
  CHECK(status.field() == "sender_unit");
  // Not closing, nor issuing alerts.
  const v1::Event disease = testing::sample_animal_disease();
  status = check(registry, signed_by(registry, follow_up_by(disease, v1::CLOSE, "bac-giang/cnty"),
                                     "bac-giang/dashboard"));
  CHECK(status.code() == v1::PERMISSION_DENIED);
  CHECK(status.field() == "type");
  CHECK(check(registry, signed_by(registry, disease, "bac-giang/dashboard")).code() ==
        v1::PERMISSION_DENIED);
}

TEST_CASE("Operators and nodes issue no events, and a node issues only its own notices") {
  const TestRegistry registry;
  v1::Event disease = testing::sample_animal_disease();
  disease.set_sender_unit("bac-giang/operator");
  CHECK(check(registry, signed_by(registry, disease, "bac-giang/operator")).code() ==
        v1::PERMISSION_DENIED);
  disease.set_sender_unit("bac-giang");
  CHECK(check(registry, signed_by(registry, disease, "bac-giang")).code() == v1::PERMISSION_DENIED);

  const v1::Event food = testing::sample_unsafe_food();
  const v1::Event receipt = follow_up_by(food, v1::RECEIPT, "bac-giang/broker");
  CHECK(check(registry, signed_by(registry, receipt, "bac-giang")).ok());
  // A unit may not issue one; a node not in another's name, nor from another node.
  Status status = check(
      registry,
      signed_by(registry, follow_up_by(food, v1::RECEIPT, "bac-giang/cnty"), "bac-giang/cnty"));
  CHECK(status.code() == v1::PERMISSION_DENIED);
  CHECK(status.field() == "type");
  status = check(registry, signed_by(registry, follow_up_by(food, v1::RECEIPT, "hai-duong/broker"),
                                     "bac-giang"));
  CHECK(status.field() == "sender_unit");
  status = check(registry, signed_by(registry, receipt, "bac-giang", "hai-duong"));
  CHECK(status.code() == v1::PERMISSION_DENIED);
  CHECK(status.message().find("own node") != std::string::npos);
}

TEST_CASE(
    "A connection publishes only what its own principal signed, and only units and dashboards") {
  const TestRegistry registry;
  CHECK(authorize_publish(registry.principal("bac-giang/cnty"), "bac-giang/cnty").ok());
  CHECK(authorize_publish(registry.principal("bac-giang/dashboard"), "bac-giang/dashboard").ok());
  const Status other = authorize_publish(registry.principal("bac-giang/cnty"), "bac-giang/bvtv");
  CHECK(other.code() == v1::PERMISSION_DENIED);
  CHECK(other.field() == "signer");
  CHECK(authorize_publish(registry.principal("bac-giang/operator"), "bac-giang/operator").code() ==
        v1::PERMISSION_DENIED);
  CHECK(authorize_publish(registry.principal("bac-giang"), "bac-giang").code() ==
        v1::PERMISSION_DENIED);
}

TEST_CASE("A read scope narrows an empty filter and refuses kinds outside it") {
  const TestRegistry registry;
  const protocol::Principal& dashboard = registry.principal("bac-giang/dashboard");
  v1::Filter empty;
  REQUIRE(authorize_read(dashboard, &empty).ok());
  REQUIRE(empty.kinds_size() == 1);
  CHECK(empty.kinds(0) == v1::ANIMAL_DISEASE);
  v1::Filter outside;
  outside.add_kinds(v1::ANIMAL_DISEASE);
  outside.add_kinds(v1::CROP_PEST);
  const Status status = authorize_read(dashboard, &outside);
  CHECK(status.code() == v1::PERMISSION_DENIED);
  CHECK(status.field() == "filter.kinds");
  CHECK(authorize_read_kind(dashboard, v1::ANIMAL_DISEASE).ok());
  CHECK_FALSE(authorize_read_kind(dashboard, v1::UNSAFE_FOOD).ok());
  // A principal without a read scope reads everything, and its filter stays as it was.
  v1::Filter anything;
  REQUIRE(authorize_read(registry.principal("bac-giang/cnty"), &anything).ok());
  CHECK(anything.kinds_size() == 0);
}

TEST_CASE("A connection's principal must be in the registry and not revoked now") {
  const TestRegistry registry;
  auto found = connection_principal(*registry.registry(), "bac-giang/cnty", testing::now_unix_ms());
  REQUIRE(found.ok());
  CHECK(found.value()->id == "bac-giang/cnty");
  CHECK(connection_principal(*registry.registry(), "lang-son/cnty", testing::now_unix_ms())
            .status()
            .code() == v1::PERMISSION_DENIED);
  CHECK(connection_principal(*registry.registry(), "hai-duong/cnty", TestRegistry::kRevokedAtMs)
            .status()
            .code() == v1::PERMISSION_DENIED);
  CHECK(connection_principal(*registry.registry(), "hai-duong/cnty", TestRegistry::kRevokedAtMs - 1)
            .ok());
}

}  // namespace alertbus::broker
