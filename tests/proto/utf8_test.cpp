// Tests of the UTF-8 check (RFC 3629) and the code point count.
#include "alertbus/protocol/utf8.hpp"

#include <cstdint>
#include <string>

#include <catch2/catch.hpp>

namespace alertbus::protocol {
namespace {

using namespace std::string_literals;

// Encodes any value up to 0x10FFFF the plain way, surrogates included (those must then be
// rejected by the checker).
std::string encode(std::uint32_t code) {
  std::string out;
  const auto put = [&out](std::uint32_t byte) { out.push_back(static_cast<char>(byte)); };
  if (code < 0x80) {
    put(code);
  } else if (code < 0x800) {
    put(0xC0 | (code >> 6));
    put(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    put(0xE0 | (code >> 12));
    put(0x80 | ((code >> 6) & 0x3F));
    put(0x80 | (code & 0x3F));
  } else {
    put(0xF0 | (code >> 18));
    put(0x80 | ((code >> 12) & 0x3F));
    put(0x80 | ((code >> 6) & 0x3F));
    put(0x80 | (code & 0x3F));
  }
  return out;
}

TEST_CASE("Vietnamese text, ASCII and the empty string are valid UTF-8", "[utf8]") {
  CHECK(is_valid_utf8(""));
  CHECK(is_valid_utf8("bac-giang/cnty"));
  CHECK(is_valid_utf8("Lở mồm long móng"));
  CHECK(is_valid_utf8("Đông Triều, Uông Bí, Móng Cái"));
  CHECK(is_valid_utf8("Dịch tả lợn châu Phi 🐖"));
  CHECK(is_valid_utf8("a\0b"s));  // NUL is a code point; the validator rejects it separately.
}

TEST_CASE("Every code point encodes to valid UTF-8 except the surrogates", "[utf8]") {
  for (std::uint32_t code = 0; code <= 0x10FFFF; ++code) {
    const bool surrogate = code >= 0xD800 && code <= 0xDFFF;
    if (is_valid_utf8(encode(code)) == surrogate) {
      FAIL("code point " << code << " judged wrongly");
    }
  }
  SUCCEED("all code points checked");
}

TEST_CASE("Boundary code points of each sequence length are valid", "[utf8]") {
  for (const std::string& text :
       {"\x7F"s, "\xC2\x80"s, "\xDF\xBF"s, "\xE0\xA0\x80"s, "\xED\x9F\xBF"s, "\xEE\x80\x80"s,
        "\xEF\xBF\xBF"s, "\xF0\x90\x80\x80"s, "\xF4\x8F\xBF\xBF"s}) {
    INFO("bytes: " << text.size());
    CHECK(is_valid_utf8(text));
    CHECK(utf8_length(text) == 1);
  }
}

TEST_CASE("Overlong encodings are rejected", "[utf8]") {
  for (const std::string& text :
       {"\xC0\x80"s, "\xC0\xAF"s, "\xC1\xBF"s, "\xE0\x80\x80"s, "\xE0\x80\xAF"s, "\xE0\x9F\xBF"s,
        "\xF0\x80\x80\x80"s, "\xF0\x80\x80\xAF"s, "\xF0\x8F\xBF\xBF"s}) {
    CHECK_FALSE(is_valid_utf8(text));
  }
}

TEST_CASE("Surrogates are rejected, alone or paired", "[utf8]") {
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"s));              // U+D800.
  CHECK_FALSE(is_valid_utf8("\xED\xBF\xBF"s));              // U+DFFF.
  CHECK_FALSE(is_valid_utf8("\xED\xA0\xBD\xED\xB0\x96"s));  // CESU-8 style pair.
}

TEST_CASE("Truncated sequences are rejected", "[utf8]") {
  for (const std::string& text : {"\xC3"s, "\xE1\xBA"s, "\xF0\x9F\x90"s, "Lục Ng\xE1"s,
                                  "\xE1\xBA"
                                  "a"s,
                                  "\xF0\x9F"
                                  "ab"s}) {
    CHECK_FALSE(is_valid_utf8(text));
  }
}

TEST_CASE("Code points above U+10FFFF and invalid lead bytes are rejected", "[utf8]") {
  for (const std::string& text :
       {"\xF4\x90\x80\x80"s, "\xF5\x80\x80\x80"s, "\xF7\xBF\xBF\xBF"s, "\xF8\x88\x80\x80\x80"s,
        "\xFC\x84\x80\x80\x80\x80"s, "\xFE"s, "\xFF"s}) {
    CHECK_FALSE(is_valid_utf8(text));
  }
}

TEST_CASE("Lone and misplaced continuation bytes are rejected", "[utf8]") {
  for (const std::string& text : {"\x80"s, "\xBF"s, "a\x80z"s, "\xC3\x28"s, "\xE1\x28\xA1"s,
                                  "\xF0\x28\x8C\xBC"s, "\xC3\xA9\x80"s}) {
    CHECK_FALSE(is_valid_utf8(text));
  }
}

TEST_CASE("utf8_length counts code points, not bytes", "[utf8]") {
  CHECK(utf8_length("") == 0);
  CHECK(utf8_length("Bắc Giang") == 9);
  CHECK(utf8_length("Đ") == 1);
  // Precomposed "ệ" is one code point; decomposed (e + dot below + circumflex) is three.
  CHECK(utf8_length("\xE1\xBB\x87") == 1);
  CHECK(utf8_length("e\xCC\xA3\xCC\x82") == 3);
  CHECK(utf8_length("🐖🐄") == 2);
}

}  // namespace
}  // namespace alertbus::protocol
