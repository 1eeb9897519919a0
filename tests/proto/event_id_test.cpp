// Tests of event ids: UUIDv7 text, uniqueness, time order, and the canonical-form check.
#include "alertbus/protocol/event_id.hpp"

#include <chrono>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

namespace alertbus::protocol {
namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// "xxxxxxxx-xxxx-7xxx-yxxx-xxxxxxxxxxxx" with lowercase hex x and y in 8, 9, a, b: the shape
// RFC 9562 gives a version 7 UUID, checked independently of is_valid_event_id().
bool has_uuid_v7_shape(const std::string& id) {
  if (id.size() != 36) {
    return false;
  }
  for (std::size_t i = 0; i < id.size(); ++i) {
    const char c = id[i];
    const bool hyphen = i == 8 || i == 13 || i == 18 || i == 23;
    const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    if (hyphen ? c != '-' : !hex) {
      return false;
    }
  }
  return id[14] == '7' && std::string_view("89ab").find(id[19]) != std::string_view::npos;
}

// The 48-bit millisecond prefix of a UUIDv7.
std::int64_t time_prefix(const std::string& id) {
  return std::stoll(id.substr(0, 8) + id.substr(9, 4), nullptr, 16);
}

TEST_CASE("A new event id is a canonical lowercase UUID version 7", "[event_id]") {
  for (int i = 0; i < 1'000; ++i) {
    const std::string id = new_event_id();
    INFO(id);
    REQUIRE(id.size() == 36);
    CHECK(has_uuid_v7_shape(id));
    CHECK(id[14] == '7');
    CHECK(is_valid_event_id(id));
  }
}

TEST_CASE("10,000 new event ids are all different", "[event_id]") {
  std::set<std::string> ids;
  for (int i = 0; i < 10'000; ++i) {
    ids.insert(new_event_id());
  }
  CHECK(ids.size() == 10'000);
}

TEST_CASE("An event id starts with its Unix milliseconds", "[event_id]") {
  for (const std::int64_t ms : {std::int64_t{0}, std::int64_t{1}, std::int64_t{1'790'000'000'000},
                                std::int64_t{0xFFFF'FFFF'FFFF}}) {
    const std::string id = new_event_id_at(ms);
    INFO(id);
    CHECK(time_prefix(id) == ms);
    CHECK(is_valid_event_id(id));
  }
  const std::int64_t before = now_ms();
  const std::string id = new_event_id();
  const std::int64_t after = now_ms();
  CHECK(time_prefix(id) >= before);
  CHECK(time_prefix(id) <= after);
  CHECK(id.substr(0, 13) == new_event_id_at(time_prefix(id)).substr(0, 13));
}

TEST_CASE("Event ids of later milliseconds sort after earlier ones", "[event_id]") {
  const std::int64_t base = 1'790'000'000'000;
  for (std::int64_t step : {1, 2, 1'000, 86'400'000}) {
    INFO("step " << step);
    CHECK(new_event_id_at(base) < new_event_id_at(base + step));
  }
  // Ids made one after another never go back in time.
  std::vector<std::string> ids;
  ids.reserve(2'000);
  for (int i = 0; i < 2'000; ++i) {
    ids.push_back(new_event_id());
  }
  for (std::size_t i = 1; i < ids.size(); ++i) {
    REQUIRE(time_prefix(ids[i - 1]) <= time_prefix(ids[i]));
  }
}

TEST_CASE("is_valid_event_id accepts UUID versions 1 to 8 with the RFC 4122 variant",
          "[event_id]") {
  for (const char version : {'1', '2', '3', '4', '5', '6', '7', '8'}) {
    for (const char variant : {'8', '9', 'a', 'b'}) {
      std::string id = "0192f1a2-3b4c-7d5e-8f60-718293a4b5c6";
      id[14] = version;
      id[19] = variant;
      INFO(id);
      CHECK(is_valid_event_id(id));
    }
  }
}

TEST_CASE("is_valid_event_id rejects non-canonical text", "[event_id]") {
  const std::string good = "0192f1a2-3b4c-7d5e-8f60-718293a4b5c6";
  REQUIRE(is_valid_event_id(good));
  const std::vector<std::string> bad{
      "",
      "0192F1A2-3B4C-7D5E-8F60-718293A4B5C6",  // Uppercase.
      "0192f1a2-3b4c-7d5e-8f60-718293A4b5c6",  // One uppercase letter.
      good.substr(1),                          // 35 characters.
      good + "0",                              // 37 characters.
      good + "\n",                             // Trailing newline.
      "0192f1a23b4c7d5e8f60718293a4b5c6",      // No hyphens.
      "0192f1a-23b4c-7d5e-8f60-718293a4b5c6",  // Misplaced hyphen.
      "0192f1a2-3b4c-7d5e-8f60_718293a4b5c6",  // Underscore for hyphen.
      "0192f1a2-3b4c-7d5e-8f60-718293a4b5cg",  // Not hex.
      "0192f1a2-3b4c-0d5e-8f60-718293a4b5c6",  // Version 0.
      "0192f1a2-3b4c-9d5e-8f60-718293a4b5c6",  // Version 9.
      "0192f1a2-3b4c-fd5e-8f60-718293a4b5c6",  // Version 15.
      "0192f1a2-3b4c-7d5e-0f60-718293a4b5c6",  // NCS variant.
      "0192f1a2-3b4c-7d5e-7f60-718293a4b5c6",  // NCS variant.
      "0192f1a2-3b4c-7d5e-cf60-718293a4b5c6",  // Microsoft variant.
      "0192f1a2-3b4c-7d5e-ff60-718293a4b5c6",  // Reserved variant.
      "00000000-0000-0000-0000-000000000000",  // Nil UUID.
  };
  for (const std::string& id : bad) {
    INFO("\"" << id << "\"");
    CHECK_FALSE(is_valid_event_id(id));
  }
}

}  // namespace
}  // namespace alertbus::protocol
