// Tests of validate_event() on the envelope: event ids, sender unit, times, language, text
// lengths and list sizes.
#include <limits>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <google/protobuf/timestamp.pb.h>

#include "alertbus/protocol/event_id.hpp"
#include "alertbus/protocol/validation.hpp"
#include "proto/message_paths.hpp"
#include "proto/validation_test_helpers.hpp"
#include "support/sample_events.hpp"

namespace alertbus::protocol {
namespace {

using testing::check_failure;
using testing::check_ok;
using testing::Factory;
using testing::follow_up_of;
using testing::repeat;
using testing::sample_animal_disease;
using testing::sample_crop_pest;
using testing::sample_forest_fire;
using testing::sample_unsafe_food;

Status validate(const v1::Event& event) {
  return testing::validate_now(event);
}

// ---------------------------------------------------------------------------------------
// Event ids.

TEST_CASE("Every event id field rejects text that is not a canonical UUID", "[validation]") {
  const std::vector<std::string> bad_ids{
      "not-a-uuid",
      "0192F1A2-3B4C-7D5E-8F60-718293A4B5C6",  // Uppercase.
      "0192f1a23b4c7d5e8f60718293a4b5c6",      // No hyphens.
      "0192f1a2-3b4c-7d5e-8f60-718293a4b5c",   // 35 characters.
      "0192f1a2-3b4c-0d5e-8f60-718293a4b5c6",  // Version 0.
      "0192f1a2-3b4c-7d5e-cf60-718293a4b5c6",  // Variant bits 110.
      "{0192f1a2-3b4c-7d5e-8f60-718293a4b5c6}",
  };

  struct IdField {
    Factory make;
    const char* path;
  };

  const std::vector<IdField> fields{
      {sample_animal_disease, "event_id"},
      {sample_animal_disease, "references[0]"},
      {follow_up_of(v1::ACKNOWLEDGE), "references[0]"},
      {follow_up_of(v1::ACKNOWLEDGE), "follow_up.alert_event_id"},
      {follow_up_of(v1::ANSWER_INFO), "follow_up.answers_event_id"},
      {follow_up_of(v1::ADDITIONAL_INFO), "follow_up.answers_event_id"},
  };
  for (const IdField& field : fields) {
    for (const std::string& id : bad_ids) {
      DYNAMIC_SECTION(field.path << " = " << id) {
        v1::Event event = field.make();
        REQUIRE(testing::set_string(event, field.path, id));
        check_failure(validate(event), v1::INVALID_EVENT_ID, field.path);
      }
    }
  }
}

TEST_CASE("Any UUID version 1 to 8 with the RFC 4122 variant is accepted as event id",
          "[validation]") {
  v1::Event event = sample_animal_disease();
  event.set_event_id("6ba7b810-9dad-11d1-80b4-00c04fd430c8");  // Version 1.
  check_ok(event);
  event.set_event_id("0192f1a2-3b4c-4d5e-bf60-718293a4b5c6");  // Version 4.
  check_ok(event);
}

// ---------------------------------------------------------------------------------------
// Sender unit, times, language, lengths.

TEST_CASE("A sender unit must be <node>/<unit> in lowercase ascii, digits and hyphens",
          "[validation]") {
  for (const char* unit :
       {"bac-giang", "Bac-Giang/cnty", "bac giang/cnty", "bac-giang/", "/cnty", "bắc-giang/cnty",
        "bac-giang/cnty/x", "bac_giang/cnty", "bac-giang//cnty"}) {
    DYNAMIC_SECTION(unit) {
      v1::Event event = sample_animal_disease();
      event.set_sender_unit(unit);
      check_failure(validate(event), v1::INVALID_VALUE, "sender_unit");
    }
  }
  v1::Event event = sample_animal_disease();
  event.set_sender_unit("quang-ninh/kiem-lam-2");
  check_ok(event);
}

TEST_CASE("A sender unit may have at most 100 characters", "[validation]") {
  v1::Event event = sample_animal_disease();
  // Built in place: gcc 12's -Warray-bounds misreads `std::string(n, c) + "/"` (a false
  // positive that shows once <string> comes from the precompiled header).
  const auto unit = [](std::size_t node_length, std::size_t name_length) {
    std::string id(node_length, 'a');
    id.push_back('/');
    id.append(name_length, 'b');
    return id;
  };
  event.set_sender_unit(unit(50, 49));
  check_ok(event);
  event.set_sender_unit(unit(50, 50));
  check_failure(validate(event), v1::TOO_LONG, "sender_unit");
}

TEST_CASE("sent_at may be at most the allowed clock skew ahead of now", "[validation]") {
  constexpr std::int64_t kNow = 1'790'000'000'000;  // 2026-09-21.
  ValidationOptions options;
  options.now_unix_ms = kNow;
  v1::Event event = sample_animal_disease();
  const auto set_sent = [&](std::int64_t unix_ms) {
    event.mutable_sent_at()->set_seconds(unix_ms / 1000);
    event.mutable_sent_at()->set_nanos(static_cast<std::int32_t>(unix_ms % 1000) * 1'000'000);
  };
  set_sent(kNow + options.max_clock_skew_ms);
  CHECK(validate_event(event, options).ok());
  set_sent(kNow + options.max_clock_skew_ms + 1);
  const Status just_over = validate_event(event, options);
  check_failure(just_over, v1::VALUE_OUT_OF_RANGE, "sent_at");
  // Rounded up, so the message never claims the allowed skew itself.
  CHECK_THAT(just_over.message(), Catch::Contains("601 s ahead"));
  options.max_clock_skew_ms = 0;
  set_sent(kNow + 1);
  check_failure(validate_event(event, options), v1::VALUE_OUT_OF_RANGE, "sent_at");
  // Old events are fine: federation relays and re-sends after outages carry them.
  set_sent(978'307'200'000);  // 2001-01-01.
  CHECK(validate_event(event, options).ok());
}

TEST_CASE("Timestamps must have valid nanos and lie in the years 2000 to 2100", "[validation]") {
  struct TimeCase {
    const char* name;
    std::int64_t seconds;
    std::int32_t nanos;
  };

  const std::vector<TimeCase> bad{
      {"negative nanos", 1'790'000'000, -1},
      {"nanos of a whole second", 1'790'000'000, 1'000'000'000},
      {"the last second of 1999", 946'684'799, 0},
      {"the Unix epoch", 0, 0},
      {"the first second of 2101", 4'133'980'800, 0},
      {"the largest int64", std::numeric_limits<std::int64_t>::max(), 0},
      {"the smallest int64", std::numeric_limits<std::int64_t>::min(), 0},
  };
  for (const char* path : {"sent_at", "effective", "expires", "animal_disease.confirmed_at"}) {
    for (const TimeCase& c : bad) {
      DYNAMIC_SECTION(path << ": " << c.name) {
        v1::Event event = sample_animal_disease();
        auto ref = testing::resolve(event, path);
        REQUIRE(ref);
        auto* timestamp = dynamic_cast<google::protobuf::Timestamp*>(
            ref->parent->GetReflection()->MutableMessage(ref->parent, ref->field));
        REQUIRE(timestamp != nullptr);
        timestamp->set_seconds(c.seconds);
        timestamp->set_nanos(c.nanos);
        check_failure(validate(event), v1::VALUE_OUT_OF_RANGE, path);
      }
    }
  }
}

TEST_CASE("expires must be after effective when both are set", "[validation]") {
  v1::Event event = sample_animal_disease();
  *event.mutable_expires() = event.effective();
  check_failure(validate(event), v1::VALUE_OUT_OF_RANGE, "expires");
  event.mutable_expires()->set_seconds(event.effective().seconds() - 3600);
  check_failure(validate(event), v1::VALUE_OUT_OF_RANGE, "expires");
  event.mutable_expires()->set_seconds(event.effective().seconds() + 1);
  check_ok(event);
  event.clear_effective();
  event.mutable_expires()->set_seconds(event.sent_at().seconds() - 3600);
  check_ok(event);
}

TEST_CASE("language is a short BCP 47 tag", "[validation]") {
  for (const char* tag : {"vi", "en", "vi-VN", "en-GB", "fil"}) {
    DYNAMIC_SECTION("accepts " << tag) {
      v1::Event event = sample_animal_disease();
      event.set_language(tag);
      check_ok(event);
    }
  }
  for (const char* tag : {"VI", "v", "vietnamese", "vi_VN", "vi-vn", "vi-VNM", "vi-", "-VN",
                          "tiếng Việt", "zh-Hant"}) {
    DYNAMIC_SECTION("rejects " << tag) {
      v1::Event event = sample_animal_disease();
      event.set_language(tag);
      check_failure(validate(event), v1::INVALID_VALUE, "language");
    }
  }
}

TEST_CASE("Texts are limited in code points, not bytes", "[validation]") {
  struct LengthCase {
    Factory make;
    const char* path;
    std::size_t limit;
  };

  const std::vector<LengthCase> cases{
      {sample_animal_disease, "title", 200},
      {sample_animal_disease, "description", 10'000},
      {sample_animal_disease, "contact", 200},
      {sample_animal_disease, "areas[0].name", 500},
      {sample_animal_disease, "animal_disease.disease", 500},
      {sample_animal_disease, "animal_disease.outbreaks[0].hamlet", 500},
      {sample_animal_disease, "animal_disease.control_measures[0]", 500},
      {sample_animal_disease, "animal_disease.restricted_zone", 2'000},
      {sample_animal_disease, "animal_disease.agent_subtype", 100},
      {sample_crop_pest, "crop_pest.pest_name", 500},
      {sample_crop_pest, "crop_pest.growing_area_codes[1]", 100},
      {sample_crop_pest, "crop_pest.demarcated_area", 2'000},
      {[] { return sample_forest_fire(); }, "forest_fire.hotspot.satellite", 500},
      {[] { return sample_forest_fire(v1::ForestFireAlert::FIRE); },
       "forest_fire.fire.resources_requested", 2'000},
      {sample_unsafe_food, "unsafe_food.facility.name", 500},
      {sample_unsafe_food, "unsafe_food.product.lot", 100},
      {sample_unsafe_food, "unsafe_food.hazards[0].result", 500},
      {follow_up_of(v1::CLOSE), "follow_up.text", 10'000},
  };
  for (const LengthCase& c : cases) {
    DYNAMIC_SECTION(c.path << " up to " << c.limit) {
      v1::Event event = c.make();
      // "ệ" is 3 bytes: a byte count would reject the value at the limit.
      REQUIRE(testing::set_string(event, c.path, repeat("ệ", c.limit)));
      check_ok(event);
      REQUIRE(testing::set_string(event, c.path, repeat("ệ", c.limit + 1)));
      check_failure(validate(event), v1::TOO_LONG, c.path);
    }
  }
}

TEST_CASE("Lists are limited in items", "[validation]") {
  struct ListCase {
    Factory make;
    const char* path;
    int limit;
  };

  const std::vector<ListCase> cases{
      {sample_animal_disease, "areas", 200},
      {sample_animal_disease, "animal_disease.outbreaks", 500},
      {sample_animal_disease, "animal_disease.outbreaks[0].species", 50},
      {sample_animal_disease, "animal_disease.control_measures", 100},
      {sample_crop_pest, "crop_pest.growing_area_codes", 1'000},
      {sample_crop_pest, "crop_pest.packing_house_codes", 1'000},
      {sample_crop_pest, "crop_pest.measures", 100},
      {[] { return sample_forest_fire(v1::ForestFireAlert::DANGER_LEVEL); },
       "forest_fire.danger.communes", 1'000},
      {sample_unsafe_food, "unsafe_food.hazards", 100},
      {sample_unsafe_food, "unsafe_food.distribution", 100},
      {sample_unsafe_food, "unsafe_food.measures", 20},
  };
  for (const ListCase& c : cases) {
    DYNAMIC_SECTION(c.path << " up to " << c.limit) {
      v1::Event event = c.make();
      REQUIRE(testing::grow_list(event, c.path, c.limit));
      check_ok(event);
      REQUIRE(testing::grow_list(event, c.path, c.limit + 1));
      check_failure(validate(event), v1::TOO_LONG, c.path);
    }
  }
  SECTION("references up to 100") {
    v1::Event event = sample_animal_disease();
    for (int i = 0; i < 100; ++i) {
      event.add_references(new_event_id());
    }
    check_ok(event);
    event.add_references(new_event_id());
    check_failure(validate(event), v1::TOO_LONG, "references");
  }
}

}  // namespace
}  // namespace alertbus::protocol
