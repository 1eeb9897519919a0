// Tests of validate_event() rules that hold for every field of a type (strings, enums,
// doubles, integers). Each test walks all such fields of every valid sample by reflection
// and checks that the walk reached every field of that type the Event schema has, so a new
// field cannot slip by unchecked.
#include <functional>
#include <limits>
#include <set>
#include <string>

#include <catch2/catch.hpp>
#include <google/protobuf/descriptor.h>

#include "alertbus/protocol/validation.hpp"
#include "proto/message_paths.hpp"
#include "proto/validation_test_helpers.hpp"
#include "support/sample_events.hpp"

namespace alertbus::protocol {
namespace {

namespace pb = google::protobuf;

using testing::check_failure;
using testing::check_ok;
using testing::sample_animal_disease;
using testing::sample_unsafe_food;

Status validate(const v1::Event& event) {
  return testing::validate_now(event);
}

// ---------------------------------------------------------------------------------------
// Strings, enums and numbers everywhere, by reflection.

// Runs `check(sample, path)` for every path of `type` in every sample and returns the full
// names of the fields visited. Plain loops with INFO rather than sections: Catch2 reruns a
// test case once per section, which would make these walks quadratic.
std::set<std::string> for_each_field_path(
    pb::FieldDescriptor::CppType type,
    const std::function<void(const testing::NamedSample&, const std::string&)>& check) {
  std::set<std::string> visited;
  for (const testing::NamedSample& sample : testing::all_valid_samples()) {
    const v1::Event event = sample.make();
    for (const std::string& path : testing::field_paths(event, type)) {
      visited.insert(testing::field_full_name(event, path));
      check(sample, path);
    }
  }
  return visited;
}

TEST_CASE("Every string field rejects invalid UTF-8 with INVALID_UTF8 and its path",
          "[validation]") {
  const auto visited =
      for_each_field_path(pb::FieldDescriptor::CPPTYPE_STRING,
                          [](const testing::NamedSample& sample, const std::string& path) {
                            INFO(sample.name << ": " << path);
                            v1::Event event = sample.make();
                            REQUIRE(testing::set_string(event, path, "Bắc Giang \xC3\x28"));
                            check_failure(validate(event), v1::INVALID_UTF8, path);
                          });
  CHECK(visited ==
        testing::reachable_fields(v1::Event::descriptor(), pb::FieldDescriptor::CPPTYPE_STRING));
}

TEST_CASE("Every string field rejects ASCII control characters with INVALID_VALUE",
          "[validation]") {
  for_each_field_path(pb::FieldDescriptor::CPPTYPE_STRING,
                      [](const testing::NamedSample& sample, const std::string& path) {
                        INFO(sample.name << ": " << path);
                        v1::Event event = sample.make();
                        REQUIRE(testing::set_string(event, path,
                                                    "ab\x01"
                                                    "c"));
                        const Status status = validate(event);
                        check_failure(status, v1::INVALID_VALUE, path);
                        CHECK_THAT(status.message(), Catch::Contains("U+0001"));
                        CHECK_THAT(status.message_vi(), Catch::Contains("ký tự điều khiển U+0001"));
                      });
}

TEST_CASE("Control characters other than tab, CR and LF are rejected", "[validation]") {
  using namespace std::string_literals;
  for (const std::string& text : {"a\x1b[31m"s, "a\x7f"s, "a\0z"s, "\b"s}) {
    INFO("description of " << text.size() << " bytes");
    v1::Event event = sample_animal_disease();
    event.set_description(text);
    check_failure(validate(event), v1::INVALID_VALUE, "description");
  }
  v1::Event event = sample_animal_disease();
  event.set_description("Dòng 1\r\nDòng 2\tcột 2\n");
  check_ok(event);
}

TEST_CASE("Every enum field rejects a number its enum does not know", "[validation]") {
  const auto visited =
      for_each_field_path(pb::FieldDescriptor::CPPTYPE_ENUM,
                          [](const testing::NamedSample& sample, const std::string& path) {
                            INFO(sample.name << ": " << path);
                            v1::Event event = sample.make();
                            REQUIRE(testing::set_enum_number(event, path, 99));
                            const Status status = validate(event);
                            check_failure(status, v1::UNKNOWN_ENUM_VALUE, path);
                            CHECK_THAT(status.message(), Catch::Contains("99"));
                          });
  CHECK(visited ==
        testing::reachable_fields(v1::Event::descriptor(), pb::FieldDescriptor::CPPTYPE_ENUM));
}

TEST_CASE("An unspecified measure in the list of food measures is invalid", "[validation]") {
  v1::Event event = sample_unsafe_food();
  event.mutable_unsafe_food()->add_measures(v1::UnsafeFoodAlert::MEASURE_UNSPECIFIED);
  check_failure(validate(event), v1::INVALID_VALUE, "unsafe_food.measures[2]");
}

TEST_CASE("Every double field rejects NaN and infinities with VALUE_OUT_OF_RANGE", "[validation]") {
  const auto visited =
      for_each_field_path(pb::FieldDescriptor::CPPTYPE_DOUBLE,
                          [](const testing::NamedSample& sample, const std::string& path) {
                            for (const double value : {std::numeric_limits<double>::quiet_NaN(),
                                                       std::numeric_limits<double>::infinity(),
                                                       -std::numeric_limits<double>::infinity()}) {
                              INFO(sample.name << ": " << path << " = " << value);
                              v1::Event event = sample.make();
                              REQUIRE(testing::set_double(event, path, value));
                              check_failure(validate(event), v1::VALUE_OUT_OF_RANGE, path);
                            }
                          });
  CHECK(visited ==
        testing::reachable_fields(v1::Event::descriptor(), pb::FieldDescriptor::CPPTYPE_DOUBLE));
}

TEST_CASE("Every integer field rejects the largest value of its type", "[validation]") {
  std::set<std::string> visited;
  std::set<std::string> reachable;
  for (const auto type :
       {pb::FieldDescriptor::CPPTYPE_INT32, pb::FieldDescriptor::CPPTYPE_INT64,
        pb::FieldDescriptor::CPPTYPE_UINT32, pb::FieldDescriptor::CPPTYPE_UINT64}) {
    visited.merge(
        for_each_field_path(type, [](const testing::NamedSample& sample, const std::string& path) {
          INFO(sample.name << ": " << path);
          v1::Event event = sample.make();
          REQUIRE(testing::set_integer_max(event, path));
          // A Timestamp's seconds or nanos make the whole timestamp out of range.
          std::string expected = path;
          for (const char* part : {".seconds", ".nanos"}) {
            const std::string suffix = part;
            if (path.size() > suffix.size() &&
                path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0) {
              expected = path.substr(0, path.size() - suffix.size());
            }
          }
          check_failure(validate(event), v1::VALUE_OUT_OF_RANGE, expected);
        }));
    reachable.merge(testing::reachable_fields(v1::Event::descriptor(), type));
  }
  CHECK(visited == reachable);
}

}  // namespace
}  // namespace alertbus::protocol
