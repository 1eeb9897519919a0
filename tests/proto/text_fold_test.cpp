// Tests of search folding: Vietnamese with or without diacritics, precomposed or decomposed,
// folds to the same text; other characters pass through; ill-formed UTF-8 becomes spaces.
#include "alertbus/protocol/text_fold.hpp"

#include <random>
#include <string>

#include <catch2/catch.hpp>

#include "alertbus/protocol/utf8.hpp"

namespace alertbus::protocol {
namespace {

using namespace std::string_literals;

TEST_CASE("Vietnamese names and diseases fold to plain lower-case ASCII", "[text_fold]") {
  CHECK(fold_for_search("Lở mồm long móng") == "lo mom long mong");
  CHECK(fold_for_search("Đông Triều") == "dong trieu");
  CHECK(fold_for_search("Bắc Giang") == "bac giang");
  CHECK(fold_for_search("Hải Dương") == "hai duong");
  CHECK(fold_for_search("Quảng Ninh") == "quang ninh");
  CHECK(fold_for_search("ĐẮK LẮK") == "dak lak");
  CHECK(fold_for_search("Dịch tả lợn châu Phi, cúm gia cầm A/H5N1") ==
        "dich ta lon chau phi, cum gia cam a/h5n1");
  CHECK(fold_for_search("đạo ôn, rầy nâu; sâu keo mùa thu") == "dao on, ray nau; sau keo mua thu");
}

TEST_CASE("Every Vietnamese vowel with every tone folds to its ASCII base", "[text_fold]") {
  struct Vowel {
    const char* lower;  // The vowel with no tone, huyền, sắc, hỏi, ngã, nặng.
    const char* upper;
    char base;
  };

  const Vowel vowels[] = {
      {"aàáảãạ", "AÀÁẢÃẠ", 'a'}, {"ăằắẳẵặ", "ĂẰẮẲẴẶ", 'a'}, {"âầấẩẫậ", "ÂẦẤẨẪẬ", 'a'},
      {"eèéẻẽẹ", "EÈÉẺẼẸ", 'e'}, {"êềếểễệ", "ÊỀẾỂỄỆ", 'e'}, {"iìíỉĩị", "IÌÍỈĨỊ", 'i'},
      {"oòóỏõọ", "OÒÓỎÕỌ", 'o'}, {"ôồốổỗộ", "ÔỒỐỔỖỘ", 'o'}, {"ơờớởỡợ", "ƠỜỚỞỠỢ", 'o'},
      {"uùúủũụ", "UÙÚỦŨỤ", 'u'}, {"ưừứửữự", "ƯỪỨỬỮỰ", 'u'}, {"yỳýỷỹỵ", "YỲÝỶỸỴ", 'y'},
  };
  int letters = 0;
  for (const Vowel& vowel : vowels) {
    for (const char* text : {vowel.lower, vowel.upper}) {
      INFO(text);
      REQUIRE(utf8_length(text) == 6);
      CHECK(fold_for_search(text) == std::string(6, vowel.base));
      letters += 6;
    }
  }
  CHECK(letters == 144);
  CHECK(fold_for_search("đĐdD") == "dddd");
}

TEST_CASE("Decomposed text folds like precomposed text", "[text_fold]") {
  CHECK(fold_for_search("e\u0301") == "e");
  CHECK(fold_for_search("E\u0301") == "e");
  // "Lở mồm long móng" in NFD: o + horn + hook above, o + circumflex + grave, o + acute.
  CHECK(fold_for_search("Lo\u031B\u0309 mo\u0302\u0300m long mo\u0301ng") == "lo mom long mong");
  // "ệ" written as e + dot below + circumflex, and as ê + dot below.
  CHECK(fold_for_search("e\u0323\u0302") == "e");
  CHECK(fold_for_search("ê\u0323") == "e");
  CHECK(fold_for_search("\u0301") == "");  // A stray mark is dropped too.
}

TEST_CASE("ASCII passes through with upper case lowered", "[text_fold]") {
  std::string ascii;
  std::string expected;
  for (int c = 0; c < 0x80; ++c) {
    ascii.push_back(static_cast<char>(c));
    expected.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
  }
  CHECK(fold_for_search(ascii) == expected);
  CHECK(fold_for_search("bac-giang/cnty 2026-07-01") == "bac-giang/cnty 2026-07-01");
  CHECK(fold_for_search("") == "");
}

TEST_CASE("Other Latin letters with diacritics fold too", "[text_fold]") {
  CHECK(fold_for_search("Ça été Ñandú Łódź Øresund Ÿ") == "ca ete nandu lodz oresund y");
  CHECK(fold_for_search("Ḃ ṡ Ț ǎ Ǖ İ ı") == "b s t a u i i");
  // U+00D0 (Icelandic eth) is often typed for Đ.
  CHECK(fold_for_search("\u00D0ặng") == "dang");
}

TEST_CASE("Characters that are not Latin letters with diacritics pass through", "[text_fold]") {
  CHECK(fold_for_search("中文 🐖🐄") == "中文 🐖🐄");
  CHECK(fold_for_search("Lợn 豬 🐖") == "lon 豬 🐖");
  CHECK(fold_for_search("ß æ Ω") == "ß æ Ω");  // No diacritic: unchanged, not even lowered.
  CHECK(fold_for_search("°C ±5 €") == "°c ±5 €");
}

TEST_CASE("Ill-formed UTF-8 is replaced by a space per ill-formed sequence", "[text_fold]") {
  CHECK(fold_for_search("a\xFF"
                        "b") == "a b");
  CHECK(fold_for_search("\x80\xBF") == "  ");
  CHECK(fold_for_search("Lục Ng\xE1") == "luc ng ");  // Truncated at the end.
  CHECK(fold_for_search("Qu\xE1\xBA"
                        "ng") == "qu ng");               // A truncated sequence counts once.
  CHECK(fold_for_search("\xC0\xAF") == "  ");            // Overlong: C0 is never a lead byte.
  CHECK(fold_for_search("\xED\xA0\x80") == "   ");       // A surrogate is three ill-formed bytes.
  CHECK(fold_for_search("\xF4\x90\x80\x80") == "    ");  // Beyond U+10FFFF.
  CHECK(fold_for_search("a\0b"s) == "a\0b"s);
}

TEST_CASE("Folding random bytes yields valid UTF-8 and is idempotent", "[text_fold]") {
  std::mt19937 random(20250701);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int round = 0; round < 2000; ++round) {
    std::string text(static_cast<std::size_t>(round % 40), '\0');
    for (char& c : text) {
      c = static_cast<char>(byte(random));
    }
    const std::string folded = fold_for_search(text);
    INFO("round " << round);
    CHECK(is_valid_utf8(folded));
    CHECK(fold_for_search(folded) == folded);
  }
}

}  // namespace
}  // namespace alertbus::protocol
