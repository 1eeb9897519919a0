// Tests of the province table: the shipped deploy/areas/provinces.csv loads and is consistent
// across the two schemes, lookups follow the 2025 merger, and every malformed row is refused
// with its line number.
#include "alertbus/protocol/areas.hpp"

#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

namespace alertbus::protocol {
namespace {

using Codes = std::vector<std::string>;

const std::string kShippedFile = std::string(ALERTBUS_SOURCE_DIR) + "/deploy/areas/provinces.csv";

const AreaTable& shipped() {
  static const AreaTable table = [] {
    auto loaded = AreaTable::load(kShippedFile);
    if (!loaded.ok()) {
      FAIL(loaded.status().to_string());
    }
    return std::move(loaded).value();
  }();
  return table;
}

// A small well-formed table: Bắc Giang and Bắc Ninh merged into Bắc Ninh (24), Hải Dương into
// Hải Phòng (31). `rows` are appended after it.
std::string small_table(const std::string& rows = {}) {
  return "# test table\n"
         "scheme,code,name_vi,name_en,successor\n"
         "VN-2004,24,Bắc Giang,Bac Giang,24\n"
         "VN-2004,27,Bắc Ninh,Bac Ninh,24\n"
         "VN-2025,24,Bắc Ninh,Bac Ninh,\n"
         "VN-2004,30,Hải Dương,Hai Duong,31\n"
         "VN-2004,31,Hải Phòng,Hai Phong,31\n"
         "VN-2025,31,Hải Phòng,Hai Phong,\n" +
         rows;
}

constexpr int kFirstAppendedLine = 9;  // The line `rows` start on in small_table().

// Parses `text`, expects a refusal naming "test.csv:<line>", and returns the status.
Status refusal(const std::string& text, int line) {
  auto parsed = AreaTable::parse(text, "test.csv");
  REQUIRE_FALSE(parsed.ok());
  const std::string where = "test.csv:" + std::to_string(line) + ":";
  INFO(parsed.status().to_string());
  CHECK(parsed.status().message().find(where) != std::string::npos);
  CHECK(parsed.status().message_vi().find(where) != std::string::npos);
  return parsed.status();
}

TEST_CASE("The shipped provinces file holds 63 VN-2004 and 34 VN-2025 provinces", "[areas]") {
  CHECK(shipped().count("VN-2004") == 63);
  CHECK(shipped().count("VN-2025") == 34);
  CHECK(shipped().count("VN-1976") == 0);
}

TEST_CASE("Every VN-2004 province of the shipped file has a VN-2025 successor", "[areas]") {
  int checked = 0;
  for (int number = 0; number < 100; ++number) {
    const std::string code = (number < 10 ? "0" : "") + std::to_string(number);
    const Province* old = shipped().find("VN-2004", code);
    if (old == nullptr) {
      continue;
    }
    ++checked;
    INFO("VN-2004 " << code);
    const Province* now = shipped().current("VN-2004", code);
    REQUIRE(now != nullptr);
    CHECK(now->scheme == "VN-2025");
    CHECK(now->code == old->successor);
  }
  CHECK(checked == 63);
}

TEST_CASE("Every VN-2025 province of the shipped file covers at least one VN-2004 province",
          "[areas]") {
  int checked = 0;
  std::set<std::string> old_codes;
  for (int number = 0; number < 100; ++number) {
    const std::string code = (number < 10 ? "0" : "") + std::to_string(number);
    if (shipped().find("VN-2025", code) == nullptr) {
      continue;
    }
    ++checked;
    INFO("VN-2025 " << code);
    bool covers_an_old_province = false;
    for (const std::string& covered : shipped().keys_covering("VN-2025:" + code)) {
      if (covered.rfind("VN-2004:", 0) != 0) {
        CHECK(covered == "VN-2025:" + code);
        continue;
      }
      const Province* old = shipped().find("VN-2004", covered.substr(8));
      REQUIRE(old != nullptr);
      CHECK(old->successor == code);
      covers_an_old_province = true;
      CHECK(old_codes.insert(covered).second);  // No VN-2004 code is covered twice.
    }
    CHECK(covers_an_old_province);
    CHECK(shipped().current("VN-2025", code) == shipped().find("VN-2025", code));
  }
  CHECK(checked == 34);
  CHECK(old_codes.size() == 63);
}

TEST_CASE("An area filter on a VN-2025 province covers the VN-2004 provinces merged into it",
          "[areas]") {
  CHECK(shipped().keys_covering("VN-2025:24") == Codes{"VN-2004:24", "VN-2004:27", "VN-2025:24"});
  CHECK(shipped().keys_covering("VN-2025:31") == Codes{"VN-2004:30", "VN-2004:31", "VN-2025:31"});
  CHECK(shipped().keys_covering("VN-2025:22") == Codes{"VN-2004:22", "VN-2025:22"});
  CHECK(shipped().keys_covering("VN-2025:79") ==
        Codes{"VN-2004:74", "VN-2004:77", "VN-2004:79", "VN-2025:79"});
  CHECK(shipped().keys_covering("VN-2025:25") ==
        Codes{"VN-2004:17", "VN-2004:25", "VN-2004:26", "VN-2025:25"});
  // VN-2025 15 is Lào Cai (VN-2004 10) with Yên Bái (VN-2004 15) merged into it.
  CHECK(shipped().keys_covering("VN-2025:15") == Codes{"VN-2004:10", "VN-2004:15", "VN-2025:15"});
}

TEST_CASE("A VN-2004 area key covers itself only, never the VN-2025 province of its number",
          "[areas]") {
  // VN-2004 24 (Bắc Giang) is a part of VN-2025 24 (Bắc Ninh): an alert coded with the whole
  // new province may lie outside it.
  CHECK(shipped().keys_covering("VN-2004:24") == Codes{"VN-2004:24"});
  CHECK(shipped().keys_covering("VN-2004:31") == Codes{"VN-2004:31"});
  CHECK(shipped().keys_covering("VN-2004:30") == Codes{"VN-2004:30"});
  // A code the 2025 scheme does not hold, and a commune: only themselves.
  CHECK(shipped().keys_covering("VN-2025:30") == Codes{"VN-2025:30"});
  CHECK(shipped().keys_covering("VN-2025:07360") == Codes{"VN-2025:07360"});
}

TEST_CASE("An area key is a scheme, a colon and a code of 2 to 10 digits", "[areas]") {
  CHECK(area_key("VN-2025", "24") == "VN-2025:24");
  for (const char* key : {"VN-2025:24", "VN-2004:24", "VN-2004:07360", "VN-2025:0123456789"}) {
    INFO(key);
    CHECK(is_area_key(key));
  }
  for (const char* key :
       {"24", "07360", "VN-2025", "VN-2025:", "VN-2025:2", "VN-2025:24a", "VN-2030:24",
        "vn-2025:24", ":24", "VN-2025:01234567890", "VN-2025:24:24", " VN-2025:24"}) {
    INFO(key);
    CHECK_FALSE(is_area_key(key));
  }
}

TEST_CASE("The three nodes' provinces have their names with diacritics", "[areas]") {
  const Province* bac_giang = shipped().find("VN-2004", "24");
  REQUIRE(bac_giang != nullptr);
  CHECK(bac_giang->name_vi == "Bắc Giang");
  CHECK(bac_giang->name_en == "Bac Giang");
  CHECK(bac_giang->successor == "24");
  CHECK(shipped().current("VN-2004", "24")->name_vi == "Bắc Ninh");

  const Province* hai_duong = shipped().find("VN-2004", "30");
  REQUIRE(hai_duong != nullptr);
  CHECK(hai_duong->name_vi == "Hải Dương");
  CHECK(hai_duong->successor == "31");
  CHECK(shipped().current("VN-2004", "30")->name_vi == "Hải Phòng");

  const Province* quang_ninh = shipped().find("VN-2025", "22");
  REQUIRE(quang_ninh != nullptr);
  CHECK(quang_ninh->name_vi == "Quảng Ninh");
  CHECK(quang_ninh->successor.empty());
  CHECK(shipped().find("VN-2004", "22")->name_vi == "Quảng Ninh");
}

TEST_CASE("Unknown areas are not found", "[areas]") {
  CHECK(shipped().find("VN-2004", "28") == nullptr);  // Hà Tây, merged into Hà Nội in 2008.
  CHECK(shipped().find("VN-2025", "30") == nullptr);
  CHECK(shipped().find("VN-2099", "24") == nullptr);
  CHECK(shipped().current("VN-2004", "28") == nullptr);
  CHECK(shipped().current("VN-2025", "27") == nullptr);
}

TEST_CASE("A small table parses, with CRLF line ends and a byte order mark", "[areas]") {
  std::string text = "\xEF\xBB\xBF" + small_table();
  std::string crlf;
  for (const char c : text) {
    if (c == '\n') {
      crlf += '\r';
    }
    crlf += c;
  }
  for (const std::string& variant : {text, crlf}) {
    auto table = AreaTable::parse(variant, "test.csv");
    REQUIRE(table.ok());
    CHECK(table->count("VN-2004") == 4);
    CHECK(table->count("VN-2025") == 2);
    CHECK(table->keys_covering("VN-2025:24") == Codes{"VN-2004:24", "VN-2004:27", "VN-2025:24"});
    CHECK(table->find("VN-2025", "31")->name_en == "Hai Phong");
  }
}

TEST_CASE("A successor may be declared before the VN-2025 row it names", "[areas]") {
  // small_table() already does (VN-2004 24 precedes VN-2025 24); and an empty table is fine.
  CHECK(AreaTable::parse(small_table(), "test.csv").ok());
  CHECK(AreaTable::parse("scheme,code,name_vi,name_en,successor\n", "test.csv").ok());
}

TEST_CASE("A missing or wrong header is refused", "[areas]") {
  CHECK(refusal("# only comments\n", 1).code() == v1::INVALID_VALUE);
  CHECK(refusal("", 1).code() == v1::INVALID_VALUE);
  CHECK(
      refusal("# comment\nscheme,code,name_vi,name_en\nVN-2025,24,Bắc Ninh,Bac Ninh\n", 2).code() ==
      v1::INVALID_VALUE);
  CHECK(refusal("VN-2025,24,Bắc Ninh,Bac Ninh,\n", 1).code() == v1::INVALID_VALUE);
}

TEST_CASE("A row with the wrong number of columns is refused", "[areas]") {
  CHECK(refusal(small_table("VN-2025,22,Quảng Ninh,Quang Ninh\n"), kFirstAppendedLine).code() ==
        v1::INVALID_VALUE);
  CHECK(refusal(small_table("VN-2025,22,Quảng Ninh,Quang Ninh,,\n"), kFirstAppendedLine).code() ==
        v1::INVALID_VALUE);
  CHECK(refusal(small_table("\nVN-2004,77,Bà Rịa, Vũng Tàu,Ba Ria - Vung Tau,79\n"),
                kFirstAppendedLine + 1)
            .code() == v1::INVALID_VALUE);
}

TEST_CASE("A row with an unknown scheme is refused", "[areas]") {
  const Status status =
      refusal(small_table("VN-2026,22,Quảng Ninh,Quang Ninh,\n"), kFirstAppendedLine);
  CHECK(status.code() == v1::INVALID_VALUE);
  CHECK(status.message().find("VN-2026") != std::string::npos);
  CHECK(refusal(small_table("vn-2025,22,Quảng Ninh,Quang Ninh,\n"), kFirstAppendedLine).code() ==
        v1::INVALID_VALUE);
}

TEST_CASE("A code that is not two ASCII digits is refused", "[areas]") {
  for (const std::string code : {"2", "022", "2a", "", " 2", "２２"}) {
    INFO("code '" << code << "'");
    CHECK(refusal(small_table("VN-2025," + code + ",Quảng Ninh,Quang Ninh,\n"), kFirstAppendedLine)
              .code() == v1::INVALID_VALUE);
  }
}

TEST_CASE("A row without a Vietnamese name is refused", "[areas]") {
  CHECK(refusal(small_table("VN-2025,22,,Quang Ninh,\n"), kFirstAppendedLine).code() ==
        v1::INVALID_VALUE);
  // The English name may be empty.
  CHECK(AreaTable::parse(small_table("VN-2025,22,Quảng Ninh,,\n"), "test.csv").ok());
}

TEST_CASE("A line that is not valid UTF-8 is refused, even a comment", "[areas]") {
  const Status status = refusal(small_table("VN-2025,22,Qu\xE1\xBA"
                                            "ng Ninh,Quang Ninh,\n"),
                                kFirstAppendedLine);
  CHECK(status.code() == v1::INVALID_UTF8);
  CHECK(refusal("# Qu\xE1 Ninh\nscheme,code,name_vi,name_en,successor\n", 1).code() ==
        v1::INVALID_UTF8);
}

TEST_CASE("A duplicate (scheme, code) is refused, naming the first occurrence", "[areas]") {
  const Status status =
      refusal(small_table("VN-2004,30,Hải Dương,Hai Duong,31\n"), kFirstAppendedLine);
  CHECK(status.code() == v1::INVALID_VALUE);
  CHECK(status.message().find("line 6") != std::string::npos);
  // The same code in the other scheme is no duplicate.
  CHECK(AreaTable::parse(small_table("VN-2004,22,Quảng Ninh,Quang Ninh,22\n"
                                     "VN-2025,22,Quảng Ninh,Quang Ninh,\n"),
                         "test.csv")
            .ok());
}

TEST_CASE("A VN-2004 row without a successor is refused", "[areas]") {
  CHECK(refusal(small_table("VN-2004,22,Quảng Ninh,Quang Ninh,\n"), kFirstAppendedLine).code() ==
        v1::INVALID_VALUE);
}

TEST_CASE("A VN-2004 row whose successor is not a VN-2025 row is refused", "[areas]") {
  // 22 is in no scheme of the table; 27 and 30 are VN-2004 rows only.
  for (const std::string successor : {"22", "27", "30"}) {
    INFO("successor " << successor);
    const Status status = refusal(
        small_table("VN-2004,22,Quảng Ninh,Quang Ninh," + successor + "\n"), kFirstAppendedLine);
    CHECK(status.code() == v1::INVALID_VALUE);
    CHECK(status.message().find("'" + successor + "'") != std::string::npos);
  }
}

TEST_CASE("A VN-2025 row with a successor is refused", "[areas]") {
  CHECK(refusal(small_table("VN-2025,22,Quảng Ninh,Quang Ninh,22\n"), kFirstAppendedLine).code() ==
        v1::INVALID_VALUE);
}

TEST_CASE("A file that cannot be read is refused with its path", "[areas]") {
  auto loaded = AreaTable::load(std::string(ALERTBUS_SOURCE_DIR) + "/deploy/areas/absent.csv");
  REQUIRE_FALSE(loaded.ok());
  CHECK(loaded.status().code() == v1::INVALID_VALUE);
  CHECK(loaded.status().message().find("absent.csv") != std::string::npos);
}

}  // namespace
}  // namespace alertbus::protocol
