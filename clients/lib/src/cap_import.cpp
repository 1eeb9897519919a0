// CAP 1.2 reader: from_cap() (cap.hpp): the document and its <alert>, field by field (the
// elements' readers are in cap_fields.cpp). The writer is cap.cpp.
//
// libxml2 parses; it is told never to touch the network, load a DTD or substitute entities,
// and a document with a DOCTYPE is refused before it reaches the parser at all: CAP has no
// use for one, and a DOCTYPE is how entity-expansion and external-entity attacks arrive. So
// is one whose markup is over the bounds below (elements, depth, attributes of one tag),
// found by one linear scan (xml_shape.hpp): the parser's work on such markup grows faster
// than the document.
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <google/protobuf/util/json_util.h>

#include "alertbus/client/cap.hpp"
#include "alertbus/protocol/event_body.hpp"
#include "alertbus/protocol/event_id.hpp"
#include "cap_fields.hpp"
#include "cap_words.hpp"
#include "xml_shape.hpp"

namespace alertbus::client {
namespace {

using namespace cap;  // cap_fields.hpp: the element readers.

// A CAP document is a few kilobytes; anything far larger is not one.
constexpr std::size_t kMaxDocumentBytes = 4 * 1024 * 1024;
// Its markup, bounded before the parser sees it (xml_shape.hpp): CAP 1.2 nests five deep,
// its elements carry no attributes but namespace declarations, and even an alert with many
// areas, polygons and parameters has a few hundred elements.
constexpr std::size_t kMaxElements = 10000;
constexpr std::size_t kMaxDepth = 32;
constexpr std::size_t kMaxAttributes = 32;

struct ContextFree {
  void operator()(xmlParserCtxt* context) const { xmlFreeParserCtxt(context); }
};

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

const char* const kKindList = "ANIMAL_DISEASE, CROP_PEST, FOREST_FIRE, UNSAFE_FOOD, EXTERNAL";

// The typed body (or follow-up) from the alertbus:body JSON.
Status read_body(const std::optional<std::string>& json, v1::EventType type, v1::Event* event,
                 const std::vector<std::string>& referenced_ids, const std::string& note) {
  const std::string path = "alert.info.parameter[alertbus:body]";
  google::protobuf::Message* body = nullptr;
  if (type != v1::ALERT) {
    body = event->mutable_follow_up();
  } else {
    body = protocol::mutable_alert_body(event, event->kind());
    if (body == nullptr) {
      return Status::from_code(v1::INTERNAL);  // read_kind() admits only the kinds with one.
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
            kKindList +
            ", and the typed body in parameter alertbus:body; another agency's alert is "
            "imported by rules: alertctl import cap --rules FILE)",
        std::string(" (đây không phải cảnh báo alertbus: cần loại cảnh báo, một trong ") +
            kKindList +
            ", và nội dung có cấu trúc trong tham số alertbus:body; cảnh báo của cơ quan khác "
            "được nhập theo quy tắc: alertctl import cap --rules TỆP)");
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

  if (Status read = read_info_words(info, &event); !read.ok()) {
    return read;
  }
  // A follow-up's urgency, severity and certainty are optional in alertbus, and the writer
  // says "Unknown" for an unset one: read it back as unset.
  if (type != v1::ALERT) {
    if (event.urgency() == v1::URGENCY_UNKNOWN) {
      event.set_urgency(v1::URGENCY_UNSPECIFIED);
    }
    if (event.severity() == v1::SEVERITY_UNKNOWN) {
      event.set_severity(v1::SEVERITY_UNSPECIFIED);
    }
    if (event.certainty() == v1::CERTAINTY_UNKNOWN) {
      event.set_certainty(v1::CERTAINTY_UNSPECIFIED);
    }
  }
  if (!child_text(info, "event")) {
    return missing("alert.info.event");
  }

  // The writer says vi-VN for an event without a language, and then adds alertbus:language
  // (empty), so that the event comes back as it was; an edited <language> wins.
  const std::string language = trimmed(child_text(info, "language").value_or(""));
  const bool default_language = language == cap::kDefaultLanguage &&
                                lookup(parameters, cap::kLanguageParameter) == std::string();
  event.set_language(default_language ? std::string() : language);
  // The writer names the alert by its reference in <headline> ("BG-2026-00042 — title").
  std::string headline = child_text(info, "headline").value_or("");
  if (const std::optional<std::string> reference = lookup(parameters, cap::kReferenceParameter)) {
    const std::string prefix = trimmed(*reference) + std::string(cap::kHeadlineSeparator);
    if (headline.rfind(prefix, 0) == 0) {
      headline.erase(0, prefix.size());
    }
  }
  event.set_title(headline);
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
    if (lookup(name_values(areas[i], "geocode"), cap::kPointCode)) {
      continue;  // A point of the body (an outbreak's location), written for other systems.
    }
    if (Status read =
            read_area(areas[i], "alert.info.area[" + std::to_string(i) + "]", event.add_areas());
        !read.ok()) {
      return read;
    }
  }
  return event;
}

}  // namespace

namespace cap {

Status parse_document(std::string_view xml, Document* out) {
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
  const XmlShape shape = xml_shape(xml, kMaxElements, kMaxDepth, kMaxAttributes);
  if (shape.max_attributes > kMaxAttributes) {
    return malformed("an element has more than " + std::to_string(kMaxAttributes) +
                         " attributes; CAP elements have none but namespace declarations",
                     "một phần tử có hơn " + std::to_string(kMaxAttributes) +
                         " thuộc tính; phần tử CAP không có thuộc tính nào ngoài khai báo không"
                         " gian tên");
  }
  if (shape.elements > kMaxElements) {
    return malformed("the document has more than " + std::to_string(kMaxElements) +
                         " elements; a CAP alert has a few hundred at most",
                     "tài liệu có hơn " + std::to_string(kMaxElements) +
                         " phần tử; một cảnh báo CAP có nhiều nhất vài trăm");
  }
  if (shape.max_depth > kMaxDepth) {
    return malformed(
        "elements are nested more than " + std::to_string(kMaxDepth) + " deep; CAP nests five",
        "các phần tử lồng nhau sâu hơn " + std::to_string(kMaxDepth) +
            " mức; CAP chỉ lồng năm mức");
  }
  init_libxml2();
  const std::unique_ptr<xmlParserCtxt, ContextFree> parser(xmlNewParserCtxt());
  if (!parser) {
    return Status::error(v1::INTERNAL, "libxml2 could not create a parser",
                         "libxml2 không tạo được bộ phân tích");
  }
  // No XML_PARSE_NOENT (no entity substitution), no XML_PARSE_DTDLOAD/DTDATTR/DTDVALID.
  const int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
  Document doc(xmlCtxtReadMemory(parser.get(), xml.data(), static_cast<int>(xml.size()), "cap.xml",
                                 "UTF-8", options));
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
  *out = std::move(doc);
  return {};
}

}  // namespace cap

StatusOr<v1::Event> from_cap(std::string_view xml) {
  cap::Document doc;
  if (Status parsed = cap::parse_document(xml, &doc); !parsed.ok()) {
    return parsed;
  }
  return read_alert(xmlDocGetRootElement(doc.get()));
}

}  // namespace alertbus::client
