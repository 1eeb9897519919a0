// CAP 1.2 reader: from_cap() (cap.hpp). The writer is cap.cpp.
//
// libxml2 parses; it is told never to touch the network, load a DTD or substitute entities,
// and a document with a DOCTYPE is refused before it reaches the parser at all: CAP has no
// use for one, and a DOCTYPE is how entity-expansion and external-entity attacks arrive.
#include <charconv>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>

#include "alertbus/client/cap.hpp"
#include "alertbus/protocol/event_id.hpp"
#include "alertbus/protocol/vietnam_time.hpp"
#include "cap_words.hpp"

namespace alertbus::client {
namespace {

using google::protobuf::Timestamp;
using google::protobuf::util::TimeUtil;

// A CAP document is a few kilobytes; anything far larger is not one.
constexpr std::size_t kMaxDocumentBytes = 4 * 1024 * 1024;

Status malformed(std::string en, std::string vi, std::string field = "alert") {
  return Status::error(v1::MALFORMED_EVENT, std::move(en), std::move(vi), std::move(field));
}

Status missing(const std::string& field, std::string en_detail = {}, std::string vi_detail = {}) {
  return Status::error(v1::MISSING_FIELD, "CAP element " + field + " is missing" + en_detail,
                       "thiếu phần tử CAP " + field + vi_detail, field);
}

Status invalid(const std::string& field, const std::string& value, const std::string& en_expected,
               const std::string& vi_expected) {
  return Status::error(v1::INVALID_VALUE, field + " \"" + value + "\" is not valid: " + en_expected,
                       field + " \"" + value + "\" không hợp lệ: " + vi_expected, field);
}

struct DocumentFree {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};

struct ContextFree {
  void operator()(xmlParserCtxt* context) const { xmlFreeParserCtxt(context); }
};

bool is_cap(const xmlNode* node) {
  return node->type == XML_ELEMENT_NODE && node->ns != nullptr &&
         xmlStrcmp(node->ns->href, reinterpret_cast<const xmlChar*>(kCapNamespace)) == 0;
}

bool named(const xmlNode* node, const char* name) {
  return is_cap(node) && xmlStrcmp(node->name, reinterpret_cast<const xmlChar*>(name)) == 0;
}

std::vector<const xmlNode*> children(const xmlNode* parent, const char* name) {
  std::vector<const xmlNode*> found;
  for (const xmlNode* child = parent->children; child != nullptr; child = child->next) {
    if (named(child, name)) {
      found.push_back(child);
    }
  }
  return found;
}

std::string content(const xmlNode* node) {
  xmlChar* text = xmlNodeGetContent(node);
  std::string out = text != nullptr ? reinterpret_cast<const char*>(text) : "";
  xmlFree(text);
  return out;
}

// xs:token-like whitespace trimming for words, dates and codes.
std::string trimmed(std::string text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) {
    return {};
  }
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

// The text of the one child `name`, or nothing.
std::optional<std::string> child_text(const xmlNode* parent, const char* name) {
  const std::vector<const xmlNode*> found = children(parent, name);
  if (found.empty()) {
    return std::nullopt;
  }
  return content(found.front());
}

// valueName → value of the <eventCode> or <parameter> children.
std::vector<std::pair<std::string, std::string>> name_values(const xmlNode* info,
                                                             const char* name) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const xmlNode* node : children(info, name)) {
    out.emplace_back(trimmed(child_text(node, "valueName").value_or("")),
                     child_text(node, "value").value_or(""));
  }
  return out;
}

std::optional<std::string> lookup(const std::vector<std::pair<std::string, std::string>>& pairs,
                                  std::string_view name) {
  for (const auto& [key, value] : pairs) {
    if (key == name) {
      return value;
    }
  }
  return std::nullopt;
}

std::vector<std::string> split_whitespace(const std::string& text) {
  std::vector<std::string> parts;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t start = text.find_first_not_of(" \t\r\n", i);
    if (start == std::string::npos) {
      break;
    }
    const std::size_t end = std::min(text.find_first_of(" \t\r\n", start), text.size());
    parts.push_back(text.substr(start, end - start));
    i = end;
  }
  return parts;
}

bool two_digits(std::string_view text, std::size_t at, int* value) {
  return std::from_chars(text.data() + at, text.data() + at + 2, *value).ptr ==
         text.data() + at + 2;
}

// CAP dateTime "YYYY-MM-DDThh:mm:ss+hh:mm" (the schema's pattern: no "Z", no fraction).
std::optional<Timestamp> parse_date_time(std::string_view text) {
  if (text.size() != 25 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':' || (text[19] != '+' && text[19] != '-') || text[22] != ':') {
    return std::nullopt;
  }
  int year = 0;
  if (std::from_chars(text.data(), text.data() + 4, year).ptr != text.data() + 4) {
    return std::nullopt;
  }
  int month = 0, day = 0, hour = 0, minute = 0, second = 0, offset_hours = 0, offset_minutes = 0;
  if (!two_digits(text, 5, &month) || !two_digits(text, 8, &day) || !two_digits(text, 11, &hour) ||
      !two_digits(text, 14, &minute) || !two_digits(text, 17, &second) ||
      !two_digits(text, 20, &offset_hours) || !two_digits(text, 23, &offset_minutes)) {
    return std::nullopt;
  }
  const protocol::CivilTime civil{year,
                                  static_cast<unsigned>(month),
                                  static_cast<unsigned>(day),
                                  static_cast<unsigned>(hour),
                                  static_cast<unsigned>(minute),
                                  static_cast<unsigned>(second)};
  if (year < 1970 || !protocol::is_valid(civil) || second > 59 || offset_hours > 14 ||
      offset_minutes > 59) {
    return std::nullopt;
  }
  const std::int64_t offset_ms =
      (offset_hours * 3600 + offset_minutes * 60) * std::int64_t{1000} * (text[19] == '-' ? -1 : 1);
  Timestamp time;
  time.set_seconds(protocol::unix_ms_of(civil, offset_ms) / 1000);
  return time;
}

// The dateTime child `name` of `parent` into `out` (with the exact time from the parameter
// `exact_name`, when that names the same second). `present` says whether there was one.
Status read_time(const xmlNode* parent, const char* name, const std::string& path,
                 const std::optional<std::string>& exact, Timestamp* out, bool* present) {
  const std::optional<std::string> text = child_text(parent, name);
  *present = text.has_value();
  if (!text) {
    return {};
  }
  const std::string value = trimmed(*text);
  const std::optional<Timestamp> time = parse_date_time(value);
  if (!time) {
    return invalid(path, value, "expected a CAP dateTime such as 2026-11-28T14:05:00+07:00",
                   "cần thời điểm dạng CAP, ví dụ 2026-11-28T14:05:00+07:00");
  }
  *out = *time;
  Timestamp precise;
  if (exact && TimeUtil::FromString(trimmed(*exact), &precise) &&
      precise.seconds() == time->seconds()) {
    *out = precise;
  }
  return {};
}

// An enumerated CAP word into `out`.
Status read_word(const xmlNode* parent, const char* name, const std::string& path,
                 std::span<const cap::Word> table, int* out) {
  const std::optional<std::string> text = child_text(parent, name);
  if (!text) {
    return missing(path);
  }
  const std::string word = trimmed(*text);
  const std::optional<int> value = cap::value_for(table, word);
  if (!value) {
    std::string words;
    for (const cap::Word& entry : table) {
      words += (words.empty() ? "" : ", ") + std::string(entry.word);
    }
    return invalid(path, word, "expected one of " + words, "cần một trong " + words);
  }
  *out = *value;
  return {};
}

bool parse_double(std::string_view text, double* out) {
  return !text.empty() && std::from_chars(text.data(), text.data() + text.size(), *out).ptr ==
                              text.data() + text.size();
}

// "lat,lon" into `point`.
bool parse_point(std::string_view text, v1::GeoPoint* point) {
  const std::size_t comma = text.find(',');
  double latitude = 0;
  double longitude = 0;
  if (comma == std::string_view::npos || !parse_double(text.substr(0, comma), &latitude) ||
      !parse_double(text.substr(comma + 1), &longitude)) {
    return false;
  }
  point->set_latitude(latitude);
  point->set_longitude(longitude);
  return true;
}

Status read_area(const xmlNode* node, const std::string& path, v1::Area* area) {
  const std::optional<std::string> description = child_text(node, "areaDesc");
  if (!description) {
    return missing(path + ".areaDesc");
  }
  area->set_name(*description);
  const std::vector<const xmlNode*> polygons = children(node, "polygon");
  const std::vector<const xmlNode*> circles = children(node, "circle");
  if (polygons.size() > 1 || circles.size() > 1) {
    return Status::error(
        v1::INVALID_VALUE, path + " has more than one polygon or circle; alertbus keeps one each",
        path + " có nhiều hơn một polygon hoặc circle; alertbus chỉ nhận một", path);
  }
  if (!polygons.empty()) {
    const std::string text = content(polygons[0]);
    for (const std::string& point_text : split_whitespace(text)) {
      if (!parse_point(point_text, area->add_polygon())) {
        return invalid(path + ".polygon", point_text, "expected \"lat,lon\" pairs",
                       "cần các cặp \"vĩ độ,kinh độ\"");
      }
    }
  }
  if (!circles.empty()) {
    const std::vector<std::string> parts = split_whitespace(content(circles[0]));
    double radius = 0;
    if (parts.size() != 2 || !parse_point(parts[0], area->mutable_circle_center()) ||
        !parse_double(parts[1], &radius)) {
      return invalid(path + ".circle", trimmed(content(circles[0])),
                     "expected \"lat,lon radius_km\"", "cần \"vĩ độ,kinh độ bán_kính_km\"");
    }
    area->set_circle_radius_km(radius);
  }
  for (const auto& [scheme, code] : name_values(node, "geocode")) {
    if (scheme == "VN-2004" || scheme == "VN-2025") {
      area->set_scheme(scheme);
      area->set_code(trimmed(code));
      return {};
    }
  }
  return missing(path + ".geocode", " (an administrative code with valueName VN-2004 or VN-2025)",
                 " (mã đơn vị hành chính với valueName VN-2004 hoặc VN-2025)");
}

// EventType from <msgType> and our alertbus:type event code (which says which follow-up an
// Update is); they must agree.
Status read_type(const std::string& msg_type, const std::optional<std::string>& type_code,
                 v1::EventType* type) {
  const std::string path = "alert.msgType";
  if (msg_type != "Alert" && msg_type != "Update" && msg_type != "Cancel" && msg_type != "Ack") {
    return invalid(path, msg_type, "expected Alert, Update, Cancel or Ack",
                   "cần Alert, Update, Cancel hoặc Ack");
  }
  if (!type_code) {
    if (msg_type == "Update") {
      return missing("alert.info.eventCode[alertbus:type]",
                     " (which follow-up an Update is, e.g. ADDITIONAL_INFO)",
                     " (loại thông tin tiếp theo của Update, ví dụ ADDITIONAL_INFO)");
    }
    *type = msg_type == "Alert" ? v1::ALERT : msg_type == "Cancel" ? v1::CANCEL : v1::ACKNOWLEDGE;
    return {};
  }
  const std::string code = trimmed(*type_code);
  if (!v1::EventType_Parse(code, type) || *type == v1::EVENT_TYPE_UNSPECIFIED) {
    return invalid("alert.info.eventCode[alertbus:type]", code, "not an alertbus event type",
                   "không phải loại sự kiện của alertbus");
  }
  const bool agrees = msg_type == "Alert"    ? *type == v1::ALERT
                      : msg_type == "Cancel" ? *type == v1::CANCEL || *type == v1::WITHDRAW
                      : msg_type == "Ack"    ? *type == v1::ACKNOWLEDGE
                                             : *type != v1::ALERT && *type != v1::CANCEL &&
                                                *type != v1::WITHDRAW && *type != v1::ACKNOWLEDGE;
  if (!agrees) {
    return invalid(path, msg_type, "contradicts alertbus:type " + code,
                   "mâu thuẫn với alertbus:type " + code);
  }
  return {};
}

const char* const kKindList = "ANIMAL_DISEASE, CROP_PEST, FOREST_FIRE, UNSAFE_FOOD";

// The typed body (or follow-up) from the alertbus:body JSON.
Status read_body(const std::optional<std::string>& json, v1::EventType type, v1::Event* event,
                 const std::vector<std::string>& referenced_ids, const std::string& note) {
  const std::string path = "alert.info.parameter[alertbus:body]";
  google::protobuf::Message* body = nullptr;
  if (type != v1::ALERT) {
    body = event->mutable_follow_up();
  } else {
    switch (event->kind()) {
      case v1::ANIMAL_DISEASE:
        body = event->mutable_animal_disease();
        break;
      case v1::CROP_PEST:
        body = event->mutable_crop_pest();
        break;
      case v1::FOREST_FIRE:
        body = event->mutable_forest_fire();
        break;
      case v1::UNSAFE_FOOD:
        body = event->mutable_unsafe_food();
        break;
      default:
        return Status::from_code(v1::INTERNAL);  // read_kind() admits only these.
    }
  }
  if (!json) {
    if (type != v1::ALERT && !referenced_ids.empty()) {
      // A follow-up from elsewhere: what it follows is in <references>, its text in <note>.
      event->mutable_follow_up()->set_alert_event_id(referenced_ids.front());
      event->mutable_follow_up()->set_text(note);
      return {};
    }
    return missing(path,
                   " (the alert's typed body as JSON: " + v1::AlertKind_Name(event->kind()) +
                       " needs its own fields, which CAP has no elements for)",
                   " (nội dung có cấu trúc của cảnh báo dạng JSON: loại " +
                       v1::AlertKind_Name(event->kind()) +
                       " cần các trường riêng mà CAP không có phần tử tương ứng)");
  }
  google::protobuf::util::JsonParseOptions options;
  const auto parsed = google::protobuf::util::JsonStringToMessage(*json, body, options);
  if (!parsed.ok()) {
    return Status::error(v1::INVALID_VALUE,
                         path + " is not valid JSON for " + body->GetDescriptor()->name() + ": " +
                             std::string(parsed.message()),
                         path + " không phải JSON hợp lệ của " + body->GetDescriptor()->name() +
                             ": " + std::string(parsed.message()),
                         path);
  }
  return {};
}

void init_libxml2() {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
}

// The event in a parsed <alert>.
StatusOr<v1::Event> read_alert(const xmlNode* alert) {
  v1::Event event;
  const auto required = [&](const char* name) -> StatusOr<std::string> {
    std::optional<std::string> text = child_text(alert, name);
    if (!text || trimmed(*text).empty()) {
      return missing(std::string("alert.") + name);
    }
    return *text;
  };
  StatusOr<std::string> identifier = required("identifier");
  StatusOr<std::string> sender = required("sender");
  StatusOr<std::string> msg_type = required("msgType");
  for (const StatusOr<std::string>* field : {&identifier, &sender, &msg_type}) {
    if (!field->ok()) {
      return field->status();
    }
  }
  if (Status scope = required("scope").status(); !scope.ok()) {
    return scope;
  }
  const std::string identifier_text = trimmed(*identifier);
  event.set_event_id(protocol::is_valid_event_id(identifier_text) ? identifier_text
                                                                  : protocol::new_event_id());
  event.set_sender_unit(trimmed(*sender));
  int status = 0;
  if (Status read = read_word(alert, "status", "alert.status", cap::kStatusWords, &status);
      !read.ok()) {
    return read;
  }
  event.set_status(static_cast<v1::MessageStatus>(status));

  const std::vector<const xmlNode*> infos = children(alert, "info");
  if (infos.empty()) {
    return missing("alert.info");
  }
  if (infos.size() > 1) {
    return Status::error(v1::INVALID_VALUE,
                         "the alert has " + std::to_string(infos.size()) +
                             " <info> blocks; alertbus imports one (one language per event)",
                         "cảnh báo có " + std::to_string(infos.size()) +
                             " khối <info>; alertbus chỉ nhận một (mỗi sự kiện một ngôn ngữ)",
                         "alert.info");
  }
  const xmlNode* info = infos.front();
  const auto codes = name_values(info, "eventCode");
  const auto parameters = name_values(info, "parameter");

  v1::EventType type = v1::EVENT_TYPE_UNSPECIFIED;
  if (Status read = read_type(trimmed(*msg_type), lookup(codes, cap::kTypeCode), &type);
      !read.ok()) {
    return read;
  }
  event.set_type(type);
  const std::optional<std::string> kind_code = lookup(codes, cap::kKindCode);
  v1::AlertKind kind = v1::ALERT_KIND_UNSPECIFIED;
  if (!kind_code) {
    return missing(
        "alert.info.eventCode[alertbus:kind]",
        std::string(" (this is not an alertbus alert: it needs the alert kind, one of ") +
            kKindList + ", and the typed body in parameter alertbus:body)",
        std::string(" (đây không phải cảnh báo alertbus: cần loại cảnh báo, một trong ") +
            kKindList + ", và nội dung có cấu trúc trong tham số alertbus:body)");
  }
  if (!v1::AlertKind_Parse(trimmed(*kind_code), &kind) || kind == v1::ALERT_KIND_UNSPECIFIED) {
    return invalid("alert.info.eventCode[alertbus:kind]", trimmed(*kind_code),
                   std::string("expected one of ") + kKindList,
                   std::string("cần một trong ") + kKindList);
  }
  event.set_kind(kind);

  bool present = false;
  if (Status read =
          read_time(alert, "sent", "alert.sent", lookup(parameters, cap::kSentAtParameter),
                    event.mutable_sent_at(), &present);
      !read.ok()) {
    return read;
  }
  if (!present) {
    return missing("alert.sent");
  }
  if (Status read = read_time(info, "effective", "alert.info.effective",
                              lookup(parameters, cap::kEffectiveParameter),
                              event.mutable_effective(), &present);
      !read.ok()) {
    return read;
  } else if (!present) {
    event.clear_effective();
  }
  if (Status read =
          read_time(info, "expires", "alert.info.expires",
                    lookup(parameters, cap::kExpiresParameter), event.mutable_expires(), &present);
      !read.ok()) {
    return read;
  } else if (!present) {
    event.clear_expires();
  }

  int urgency = 0, severity = 0, certainty = 0;
  for (const Status& read :
       {read_word(info, "urgency", "alert.info.urgency", cap::kUrgencyWords, &urgency),
        read_word(info, "severity", "alert.info.severity", cap::kSeverityWords, &severity),
        read_word(info, "certainty", "alert.info.certainty", cap::kCertaintyWords, &certainty)}) {
    if (!read.ok()) {
      return read;
    }
  }
  // A follow-up's urgency, severity and certainty are optional in alertbus, and the writer
  // says "Unknown" for an unset one: read it back as unset.
  const bool follow_up = type != v1::ALERT;
  event.set_urgency(follow_up && urgency == v1::URGENCY_UNKNOWN
                        ? v1::URGENCY_UNSPECIFIED
                        : static_cast<v1::Urgency>(urgency));
  event.set_severity(follow_up && severity == v1::SEVERITY_UNKNOWN
                         ? v1::SEVERITY_UNSPECIFIED
                         : static_cast<v1::Severity>(severity));
  event.set_certainty(follow_up && certainty == v1::CERTAINTY_UNKNOWN
                          ? v1::CERTAINTY_UNSPECIFIED
                          : static_cast<v1::Certainty>(certainty));
  if (!child_text(info, "event")) {
    return missing("alert.info.event");
  }

  // The writer says vi-VN for an event without a language, and then adds alertbus:language
  // (empty), so that the event comes back as it was; an edited <language> wins.
  const std::string language = trimmed(child_text(info, "language").value_or(""));
  const bool default_language = language == cap::kDefaultLanguage &&
                                lookup(parameters, cap::kLanguageParameter) == std::string();
  event.set_language(default_language ? std::string() : language);
  event.set_title(child_text(info, "headline").value_or(""));
  event.set_description(child_text(info, "description").value_or(""));
  event.set_contact(child_text(info, "contact").value_or(""));

  // References: our exact list if present, else the identifiers of CAP's triples.
  std::vector<std::string> referenced;
  for (const std::string& triple : split_whitespace(child_text(alert, "references").value_or(""))) {
    const std::size_t first = triple.find(',');
    const std::size_t second = triple.find(',', first == std::string::npos ? 0 : first + 1);
    if (first != std::string::npos && second != std::string::npos) {
      const std::string id = triple.substr(first + 1, second - first - 1);
      if (protocol::is_valid_event_id(id)) {
        referenced.push_back(id);
      }
    }
  }
  if (const std::optional<std::string> ids = lookup(parameters, cap::kReferencesParameter)) {
    for (const std::string& id : split_whitespace(*ids)) {
      event.add_references(id);
    }
  } else {
    for (const std::string& id : referenced) {
      event.add_references(id);
    }
  }

  if (Status read = read_body(lookup(parameters, cap::kBodyParameter), type, &event, referenced,
                              child_text(alert, "note").value_or(""));
      !read.ok()) {
    return read;
  }

  const std::vector<const xmlNode*> areas = children(info, "area");
  for (std::size_t i = 0; i < areas.size(); ++i) {
    if (Status read =
            read_area(areas[i], "alert.info.area[" + std::to_string(i) + "]", event.add_areas());
        !read.ok()) {
      return read;
    }
  }
  return event;
}

}  // namespace

StatusOr<v1::Event> from_cap(std::string_view xml) {
  if (xml.size() > kMaxDocumentBytes) {
    return malformed("the document is larger than 4 MiB; a CAP alert is far smaller",
                     "tài liệu lớn hơn 4 MiB; một cảnh báo CAP nhỏ hơn nhiều");
  }
  if (xml.find("<!DOCTYPE") != std::string_view::npos ||
      xml.find("<!ENTITY") != std::string_view::npos) {
    return malformed(
        "the document has a DOCTYPE or entity declaration, which CAP never needs; "
        "refused (entity expansion and external entities are attacks)",
        "tài liệu có khai báo DOCTYPE hoặc thực thể, điều CAP không bao giờ cần; "
        "bị từ chối (mở rộng thực thể và thực thể ngoài là hình thức tấn công)");
  }
  init_libxml2();
  const std::unique_ptr<xmlParserCtxt, ContextFree> parser(xmlNewParserCtxt());
  if (!parser) {
    return Status::error(v1::INTERNAL, "libxml2 could not create a parser",
                         "libxml2 không tạo được bộ phân tích");
  }
  // No XML_PARSE_NOENT (no entity substitution), no XML_PARSE_DTDLOAD/DTDATTR/DTDVALID.
  const int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
  const std::unique_ptr<xmlDoc, DocumentFree> doc(xmlCtxtReadMemory(
      parser.get(), xml.data(), static_cast<int>(xml.size()), "cap.xml", "UTF-8", options));
  if (!doc) {
    const xmlError& error = parser->lastError;
    std::string detail = error.message != nullptr ? trimmed(error.message) : "unknown error";
    if (detail.find("line") == std::string::npos) {
      detail += " (line " + std::to_string(error.line) + ")";
    }
    return malformed("the document is not well-formed XML: " + detail,
                     "tài liệu không phải XML đúng cú pháp: " + detail);
  }
  if (doc->intSubset != nullptr || doc->extSubset != nullptr) {
    return malformed("the document has a DOCTYPE, which CAP never needs; refused",
                     "tài liệu có khai báo DOCTYPE, điều CAP không bao giờ cần; bị từ chối");
  }
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (root == nullptr || xmlStrcmp(root->name, reinterpret_cast<const xmlChar*>("alert")) != 0) {
    return malformed("the root element is not <alert>", "phần tử gốc không phải <alert>");
  }
  if (!is_cap(root)) {
    const std::string ns =
        root->ns != nullptr ? reinterpret_cast<const char*>(root->ns->href) : "(none)";
    return malformed(
        "<alert> is in namespace " + ns + ", not " + kCapNamespace + " (CAP 1.2)",
        "<alert> thuộc không gian tên " + ns + ", không phải " + kCapNamespace + " (CAP 1.2)");
  }
  return read_alert(root);
}

}  // namespace alertbus::client
