// fold_for_search: a table of the letters with diacritics and their ASCII base letters, and a
// UTF-8 decoder that replaces ill-formed bytes instead of failing.
#include "alertbus/protocol/text_fold.hpp"

#include <array>
#include <cassert>
#include <cstdint>

namespace alertbus::protocol {
namespace {

struct FoldRow {
  char base;
  const char* letters;  // UTF-8: every letter that folds to `base`.
};

// Kept as text rather than code points so that a reader can check it letter by letter.
constexpr FoldRow kFoldRows[] = {
    // Vietnamese letters: each vowel with its tones (none, huyền, sắc, hỏi, ngã, nặng).
    {'a',
     "àáảãạ"
     "ăằắẳẵặ"
     "âầấẩẫậ"},
    {'a',
     "ÀÁẢÃẠ"
     "ĂẰẮẲẴẶ"
     "ÂẦẤẨẪẬ"},
    {'e',
     "èéẻẽẹ"
     "êềếểễệ"},
    {'e',
     "ÈÉẺẼẸ"
     "ÊỀẾỂỄỆ"},
    {'i', "ìíỉĩị"},
    {'i', "ÌÍỈĨỊ"},
    {'o',
     "òóỏõọ"
     "ôồốổỗộ"
     "ơờớởỡợ"},
    {'o',
     "ÒÓỎÕỌ"
     "ÔỒỐỔỖỘ"
     "ƠỜỚỞỠỢ"},
    {'u',
     "ùúủũụ"
     "ưừứửữự"},
    {'u',
     "ÙÚỦŨỤ"
     "ƯỪỨỬỮỰ"},
    {'y', "ỳýỷỹỵ"},
    {'y', "ỲÝỶỸỴ"},
    {'d', "đĐ"},
    // Other Latin letters with diacritics (Latin-1 Supplement, Latin Extended-A and -B, Latin
    // Extended Additional), and a few letters with a stroke.
    {'a', "ÄÅäåĀāĄąǍǎǞǟǠǡǺǻȀȁȂȃȦȧḀḁ"},
    {'b', "ḂḃḄḅḆḇ"},
    {'c', "ÇçĆćĈĉĊċČčḈḉ"},
    {'d', "ĎďḊḋḌḍḎḏḐḑḒḓðÐ"},
    {'e', "ËëĒēĔĕĖėĘęĚěȄȅȆȇȨȩḔḕḖḗḘḙḚḛḜḝ"},
    {'f', "Ḟḟ"},
    {'g', "ĜĝĞğĠġĢģǦǧǴǵḠḡ"},
    {'h', "ĤĥȞȟḢḣḤḥḦḧḨḩḪḫẖħĦ"},
    {'i', "ÎÏîïĪīĬĭĮįİǏǐȈȉȊȋḬḭḮḯı"},
    {'j', "Ĵĵǰ"},
    {'k', "ĶķǨǩḰḱḲḳḴḵ"},
    {'l', "ĹĺĻļĽľḶḷḸḹḺḻḼḽłŁŀĿ"},
    {'m', "ḾḿṀṁṂṃ"},
    {'n', "ÑñŃńŅņŇňǸǹṄṅṆṇṈṉṊṋ"},
    {'o', "ÖöŌōŎŏŐőǑǒǪǫǬǭȌȍȎȏȪȫȬȭȮȯȰȱṌṍṎṏṐṑṒṓøØ"},
    {'p', "ṔṕṖṗ"},
    {'r', "ŔŕŖŗŘřȐȑȒȓṘṙṚṛṜṝṞṟ"},
    {'s', "ŚśŜŝŞşŠšȘșṠṡṢṣṤṥṦṧṨṩ"},
    {'t', "ŢţŤťȚțṪṫṬṭṮṯṰṱẗŧŦ"},
    {'u', "ÛÜûüŪūŬŭŮůŰűŲųǓǔǕǖǗǘǙǚǛǜȔȕȖȗṲṳṴṵṶṷṸṹṺṻ"},
    {'v', "ṼṽṾṿ"},
    {'w', "ŴŵẀẁẂẃẄẅẆẇẈẉẘ"},
    {'x', "ẊẋẌẍ"},
    {'y', "ÿŶŷŸȲȳẎẏẙ"},
    {'z', "ŹźŻżŽžẐẑẒẓẔẕ"},
};

// The two ranges the table covers: Latin-1 Supplement to the end of Latin Extended-B, and
// Latin Extended Additional.
constexpr char32_t kLatinFirst = 0x00C0;
constexpr char32_t kLatinEnd = 0x0250;
constexpr char32_t kAdditionalFirst = 0x1E00;
constexpr char32_t kAdditionalEnd = 0x1F00;
constexpr char32_t kCombiningFirst = 0x0300;
constexpr char32_t kCombiningLast = 0x036F;

// One decoded step: a code point, or (valid == false) an ill-formed subsequence to replace.
struct Decoded {
  char32_t code = 0;
  std::size_t length = 1;
  bool valid = false;
};

// Decodes the sequence at `at`, a non-ASCII lead byte. The allowed range of the second byte
// excludes overlongs, surrogates and code points above U+10FFFF (RFC 3629, table 3-7 of the
// Unicode standard), so a sequence that decodes is well-formed.
Decoded decode(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(text[i]); };
  const std::uint8_t lead = byte(at);
  std::size_t extra = 0;
  std::uint8_t low = 0x80;
  std::uint8_t high = 0xBF;
  char32_t code = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    extra = 1;
    code = lead & 0x1Fu;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    extra = 2;
    code = lead & 0x0Fu;
    low = lead == 0xE0 ? 0xA0 : 0x80;
    high = lead == 0xED ? 0x9F : 0xBF;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    extra = 3;
    code = lead & 0x07u;
    low = lead == 0xF0 ? 0x90 : 0x80;
    high = lead == 0xF4 ? 0x8F : 0xBF;
  } else {
    return {};  // A continuation byte, C0, C1 or F5..FF: one byte replaced.
  }
  Decoded decoded;
  for (std::size_t k = 1; k <= extra; ++k) {
    if (at + k >= text.size() || byte(at + k) < low || byte(at + k) > high) {
      decoded.length = k;  // The lead and the continuation bytes seen so far, replaced once.
      return decoded;
    }
    code = (code << 6) | (byte(at + k) & 0x3Fu);
    low = 0x80;
    high = 0xBF;
  }
  decoded.code = code;
  decoded.length = extra + 1;
  decoded.valid = true;
  return decoded;
}

using LatinTable = std::array<char, kLatinEnd - kLatinFirst>;
using AdditionalTable = std::array<char, kAdditionalEnd - kAdditionalFirst>;

struct FoldTables {
  LatinTable latin{};
  AdditionalTable additional{};
};

FoldTables build_tables() {
  FoldTables tables;
  for (const FoldRow& row : kFoldRows) {
    const std::string_view letters(row.letters);
    std::size_t at = 0;
    while (at < letters.size()) {
      const Decoded letter = decode(letters, at);
      // A table entry outside both ranges, or ill-formed, is a bug in the table.
      if (letter.code >= kLatinFirst && letter.code < kLatinEnd) {
        tables.latin[letter.code - kLatinFirst] = row.base;
      } else if (letter.code >= kAdditionalFirst && letter.code < kAdditionalEnd) {
        tables.additional[letter.code - kAdditionalFirst] = row.base;
      } else {
        assert(false && "kFoldRows holds a letter outside the folded ranges");
      }
      at += letter.length;
    }
  }
  return tables;
}

// The ASCII base letter of `code`, or 0 when it is not a letter the table folds.
char base_letter(char32_t code) {
  static const FoldTables tables = build_tables();
  if (code >= kLatinFirst && code < kLatinEnd) {
    return tables.latin[code - kLatinFirst];
  }
  if (code >= kAdditionalFirst && code < kAdditionalEnd) {
    return tables.additional[code - kAdditionalFirst];
  }
  return 0;
}

}  // namespace

std::string fold_for_search(std::string_view utf8) {
  std::string folded;
  folded.reserve(utf8.size());
  std::size_t at = 0;
  while (at < utf8.size()) {
    const char c = utf8[at];
    if (static_cast<std::uint8_t>(c) < 0x80) {
      folded.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
      ++at;
      continue;
    }
    const Decoded decoded = decode(utf8, at);
    if (!decoded.valid) {
      folded.push_back(' ');
    } else if (decoded.code >= kCombiningFirst && decoded.code <= kCombiningLast) {
      // Dropped: a decomposed "e" + U+0301 must fold like the precomposed "é".
    } else if (const char base = base_letter(decoded.code); base != 0) {
      folded.push_back(base);
    } else {
      folded.append(utf8.substr(at, decoded.length));
    }
    at += decoded.length;
  }
  return folded;
}

}  // namespace alertbus::protocol
