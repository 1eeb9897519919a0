// Search folding: the form in which full-text search indexes and matches text, so that
// "lo mom long mong" finds "Lở mồm long móng" (docs: DOMAIN.md, Language).
//
// Threading: pure function.
#pragma once

#include <string>
#include <string_view>

namespace alertbus::protocol {

// The text as full-text search indexes and matches it: lower case, Vietnamese (and other
// Latin) diacritics removed, đ/Đ folded to d. "Lở mồm long móng" -> "lo mom long mong",
// "Đông Triều" -> "dong trieu". Characters that are not letters with diacritics pass
// through (ASCII upper case lowered). Decomposed input (base letter + U+0300..U+036F
// combining marks) folds the same as precomposed. Invalid UTF-8 bytes are replaced by a space.
//
// Details: the letters folded are those of the Latin-1 Supplement, Latin Extended-A and -B and
// Latin Extended Additional blocks whose canonical decomposition starts with an ASCII letter,
// plus đ Đ ð Ð (-> d), ø Ø (-> o), ł Ł ŀ Ŀ (-> l), ħ Ħ (-> h), ŧ Ŧ (-> t) and ı (-> i). Other
// characters (ß, æ, Greek, CJK, emoji) are copied unchanged. Combining marks U+0300..U+036F
// are dropped wherever they stand. Each maximal ill-formed subsequence (the Unicode
// "substitution of maximal subparts" practice: a truncated sequence counts once, a stray byte
// once) becomes one space, so the output is always valid UTF-8.
std::string fold_for_search(std::string_view utf8);

}  // namespace alertbus::protocol
