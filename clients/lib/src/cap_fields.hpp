// Internal to the client library: reading CAP 1.2's elements for the reader (cap_import.cpp):
// the refusals it gives (each naming the element's path), walking libxml2's tree by CAP
// element name, and the fields whose syntax CAP fixes: dateTime, the enumerated words, areas.
//
// Threading: pure functions over a parsed document.
#pragma once

#include <libxml/tree.h>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <google/protobuf/timestamp.pb.h>

#include "alertbus/v1/common.pb.h"
#include "alertbus/v1/event.pb.h"

#include "alertbus/protocol/status.hpp"
#include "cap_words.hpp"

namespace alertbus::client::cap {

struct DocumentFree {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};

using Document = std::unique_ptr<xmlDoc, DocumentFree>;

// The parsed document (cap_import.cpp), its root a {CAP 1.2}alert, after the checks from_cap()
// documents (size, DOCTYPE, markup bounds, well-formedness); MALFORMED_EVENT otherwise.
Status parse_document(std::string_view xml, Document* out);

// CAP dateTime "YYYY-MM-DDThh:mm:ss+hh:mm" (the schema's pattern: no "Z", no fraction).
std::optional<google::protobuf::Timestamp> parse_date_time(std::string_view text);

// MALFORMED_EVENT: the document is not a CAP alert at all.
Status malformed(std::string en, std::string vi, std::string field = "alert");

// MISSING_FIELD naming the element's path, with an optional explanation in each language.
Status missing(const std::string& field, std::string en_detail = {}, std::string vi_detail = {});

// INVALID_VALUE: the element's `value` is not what `expected` says.
Status invalid(const std::string& field, const std::string& value, const std::string& en_expected,
               const std::string& vi_expected);

// An element in the CAP 1.2 namespace (named `name`).
bool is_cap(const xmlNode* node);
bool named(const xmlNode* node, const char* name);

// The CAP children of `parent` named `name`, in document order.
std::vector<const xmlNode*> children(const xmlNode* parent, const char* name);

// The text content of `node`.
std::string content(const xmlNode* node);

// xs:token-like whitespace trimming for words, dates and codes.
std::string trimmed(std::string text);

// The text of the first child `name`, or nothing.
std::optional<std::string> child_text(const xmlNode* parent, const char* name);

// valueName → value of the <eventCode> or <parameter> children named `name`.
std::vector<std::pair<std::string, std::string>> name_values(const xmlNode* info, const char* name);

// The value of the first pair named `name`.
std::optional<std::string> lookup(const std::vector<std::pair<std::string, std::string>>& pairs,
                                  std::string_view name);

std::vector<std::string> split_whitespace(const std::string& text);

// The dateTime child `name` of `parent` ("YYYY-MM-DDThh:mm:ss+hh:mm") into `out`, or into the
// exact time `exact` (an alertbus parameter) when that names the same second. `present` says
// whether there was one; INVALID_VALUE for another form.
Status read_time(const xmlNode* parent, const char* name, const std::string& path,
                 const std::optional<std::string>& exact, google::protobuf::Timestamp* out,
                 bool* present);

// The enumerated CAP word of the child `name` into `out`, by `table`; MISSING_FIELD or
// INVALID_VALUE (listing the words).
Status read_word(const xmlNode* parent, const char* name, const std::string& path,
                 std::span<const Word> table, int* out);

// An <info>'s <urgency>, <severity> and <certainty> into `event` (CAP's scales are alertbus's).
Status read_info_words(const xmlNode* info, v1::Event* event);

// An <area>: its description, at most one polygon and one circle, and the administrative
// code (geocode VN-2004 or VN-2025, which alertbus requires).
Status read_area(const xmlNode* node, const std::string& path, v1::Area* area);

}  // namespace alertbus::client::cap
