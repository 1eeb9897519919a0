// Import of other agencies' CAP 1.2 alerts (cap_foreign.hpp): choosing the <info>, matching
// the rules, the envelope, areas and follow-ups. The typed body from a rule is
// cap_foreign_body.cpp; the document checks and element readers are shared with from_cap()
// (cap_fields.hpp).
#include "alertbus/client/cap_foreign.hpp"

#include <algorithm>
#include <sodium.h>

#include "alertbus/client/cap.hpp"
#include "alertbus/protocol/text_fold.hpp"
#include "alertbus/protocol/utf8.hpp"
#include "cap_fields.hpp"
#include "cap_foreign_body.hpp"
#include "cap_words.hpp"

namespace alertbus::client {
namespace {

using namespace cap;  // cap_fields.hpp: the element readers.
using google::protobuf::Timestamp;

// Text limits of the event (validation_checker.hpp), in code points.
constexpr std::size_t kMaxTitle = 200;
constexpr std::size_t kMaxDescription = 10'000;
// Each part of the source line (sender, identifier, sent, rule name).
constexpr std::size_t kMaxSourcePart = 200;

Status refused(const std::string& field, std::string en, std::string vi) {
  return Status::error(v1::INVALID_VALUE, std::move(en), std::move(vi), field);
}

// '*' matches any run of characters (also none); the rest exactly.
bool glob_match(std::string_view pattern, std::string_view text) {
  if (pattern.empty()) {
    return text.empty();
  }
  if (pattern.front() == '*') {
    for (std::size_t skip = 0; skip <= text.size(); ++skip) {
      if (glob_match(pattern.substr(1), text.substr(skip))) {
        return true;
      }
    }
    return false;
  }
  return !text.empty() && pattern.front() == text.front() &&
         glob_match(pattern.substr(1), text.substr(1));
}

// What the rules look at in one <info>.
struct InfoFacts {
  std::vector<std::string> categories;
  std::vector<std::pair<std::string, std::string>> codes;
  std::string event;
};

InfoFacts facts_of(const xmlNode* info) {
  InfoFacts facts;
  for (const xmlNode* category : children(info, "category")) {
    facts.categories.push_back(trimmed(content(category)));
  }
  facts.codes = name_values(info, "eventCode");
  for (auto& [name, value] : facts.codes) {
    value = trimmed(value);
  }
  facts.event = trimmed(child_text(info, "event").value_or(""));
  return facts;
}

bool matches(const CapRule& rule, const InfoFacts& facts, const std::string& sender) {
  if (!rule.categories.empty() &&
      std::none_of(rule.categories.begin(), rule.categories.end(), [&](const std::string& word) {
        return std::find(facts.categories.begin(), facts.categories.end(), word) !=
               facts.categories.end();
      })) {
    return false;
  }
  if (!rule.event_code_name.empty() &&
      std::none_of(facts.codes.begin(), facts.codes.end(), [&](const auto& code) {
        return code.first == rule.event_code_name &&
               (rule.event_code_value.empty() || code.second == rule.event_code_value);
      })) {
    return false;
  }
  if (!rule.sender.empty() && !glob_match(rule.sender, sender)) {
    return false;
  }
  if (!rule.event.empty() &&
      protocol::fold_for_search(facts.event).find(protocol::fold_for_search(rule.event)) ==
          std::string::npos) {
    return false;
  }
  return true;
}

// The refusal for an alert no rule matches: what it carries, and a rule that would match it.
Status unmatched(const std::vector<InfoFacts>& infos, const std::string& sender,
                 std::size_t rule_count) {
  std::string categories;
  std::string codes;
  for (const InfoFacts& facts : infos) {
    for (const std::string& category : facts.categories) {
      if (categories.find(category) == std::string::npos) {
        categories += (categories.empty() ? "" : ", ") + category;
      }
    }
    for (const auto& [name, value] : facts.codes) {
      codes += (codes.empty() ? "" : ", ") + name + "=" + value;
    }
  }
  const InfoFacts& first = infos.front();
  const std::string carries = "category " + (categories.empty() ? "-" : categories) +
                              ", eventCode " + (codes.empty() ? "-" : codes) + ", sender \"" +
                              sender + "\", event \"" + first.event + "\"";
  const std::string rule = "[[rule]] name = \"…\", category = [\"" +
                           (first.categories.empty() ? "Other" : first.categories.front()) +
                           "\"], sender = \"" + sender + "\", kind = \"animal-disease\"";
  return refused("alert.info",
                 "no rule of the " + std::to_string(rule_count) +
                     " in the rules file matches this CAP alert (" + carries +
                     "); it was not imported. Add a rule to the rules file, e.g. " + rule +
                     " (or crop-pest, forest-fire, unsafe-food) and [rule.body]",
                 "không quy tắc nào trong " + std::to_string(rule_count) +
                     " quy tắc của tệp quy tắc khớp với cảnh báo CAP này (" + carries +
                     "); cảnh báo chưa được nhập. Hãy thêm một quy tắc vào tệp quy tắc, ví dụ " +
                     rule + " (hoặc crop-pest, forest-fire, unsafe-food) và bảng [rule.body]");
}

// The Vietnamese <info> (vi, vi-VN, …), else the first.
const xmlNode* chosen_info(const std::vector<const xmlNode*>& infos) {
  for (const xmlNode* info : infos) {
    const std::string language = trimmed(child_text(info, "language").value_or(""));
    if (language == "vi" || language.rfind("vi-", 0) == 0) {
      return info;
    }
  }
  return infos.front();
}

// "sender,identifier,sent" triples of <references>: the imported alerts' event ids.
std::vector<std::pair<std::string, std::string>> referenced_ids(const xmlNode* alert,
                                                                const std::string& importing_unit) {
  std::vector<std::pair<std::string, std::string>> out;  // (event id, "sender,identifier")
  for (const std::string& triple : split_whitespace(child_text(alert, "references").value_or(""))) {
    const std::size_t first = triple.find(',');
    const std::size_t second = triple.find(',', first == std::string::npos ? 0 : first + 1);
    if (first == std::string::npos || second == std::string::npos) {
      continue;
    }
    const std::optional<Timestamp> sent = parse_date_time(triple.substr(second + 1));
    if (sent) {
      out.emplace_back(
          imported_event_id(importing_unit, triple.substr(0, first),
                            triple.substr(first + 1, second - first - 1), sent->seconds() * 1000),
          triple.substr(0, second));
    }
  }
  return out;
}

// An Update or Cancel: a follow-up to the imported alert its <references> name.
Status read_follow_up(const xmlNode* alert, const std::string& msg_type,
                      const ForeignCapOptions& options, v1::Event* event) {
  const auto references = referenced_ids(alert, options.sender_unit);
  if (references.empty()) {
    return missing("alert.references",
                   " (an " + msg_type + " names the alert it updates or cancels)",
                   " (" + msg_type + " phải nêu cảnh báo mà nó cập nhật hoặc hủy)");
  }
  for (const auto& [id, name] : references) {
    const std::optional<v1::AlertKind> kind =
        options.imported_kind ? options.imported_kind(id) : std::nullopt;
    if (kind) {
      event->set_kind(*kind);
      event->set_type(msg_type == "Cancel" ? v1::CANCEL : v1::ADDITIONAL_INFO);
      event->add_references(id);
      event->mutable_follow_up()->set_alert_event_id(id);
      return {};
    }
  }
  std::string names;
  for (const auto& reference : references) {
    names += (names.empty() ? "" : ", ") + reference.second;
  }
  return refused("alert.references",
                 "this " + msg_type + " refers to CAP alert " + names +
                     ", which was not imported into alertbus: import that alert first",
                 "thông báo " + msg_type + " này tham chiếu cảnh báo CAP " + names +
                     ", chưa được nhập vào alertbus: hãy nhập cảnh báo đó trước");
}

StatusOr<ForeignCap> read_foreign(const xmlNode* alert, std::string_view xml, const CapRules& rules,
                                  const ForeignCapOptions& options) {
  ForeignCap out;
  for (auto [name, field] :
       {std::pair{"identifier", &out.cap_identifier}, std::pair{"sender", &out.cap_sender},
        std::pair{"sent", &out.cap_sent}}) {
    *field = trimmed(child_text(alert, name).value_or(""));
    if (field->empty()) {
      return missing(std::string("alert.") + name);
    }
  }
  const std::optional<Timestamp> sent = parse_date_time(out.cap_sent);
  if (!sent) {
    return invalid("alert.sent", out.cap_sent,
                   "expected a CAP dateTime such as 2026-11-28T14:05:00+07:00",
                   "cần thời điểm dạng CAP, ví dụ 2026-11-28T14:05:00+07:00");
  }
  const std::string status = trimmed(child_text(alert, "status").value_or(""));
  const std::optional<int> status_value = cap::value_for(cap::kStatusWords, status);
  if (!status_value) {
    return refused("alert.status",
                   "CAP status \"" + status +
                       "\" is not imported: alertbus takes Actual, Exercise and Test alerts "
                       "(System messages and Drafts are not for officers)",
                   "trạng thái CAP \"" + status +
                       "\" không được nhập: alertbus chỉ nhận cảnh báo Actual, Exercise và Test "
                       "(thông báo System và bản nháp Draft không dành cho cán bộ)");
  }
  const std::vector<const xmlNode*> infos = children(alert, "info");
  if (infos.empty()) {
    return missing("alert.info");
  }
  const xmlNode* info = chosen_info(infos);

  v1::Event& event = out.event;
  event.set_event_id(imported_event_id(options.sender_unit, out.cap_sender, out.cap_identifier,
                                       sent->seconds() * 1000));
  event.set_sender_unit(options.sender_unit);
  event.mutable_sent_at()->set_seconds(options.now_unix_ms / 1000);
  event.mutable_sent_at()->set_nanos(static_cast<int>(options.now_unix_ms % 1000) * 1'000'000);
  event.set_status(static_cast<v1::MessageStatus>(*status_value));
  event.set_language(trimmed(child_text(info, "language").value_or("")));

  const std::string msg_type = trimmed(child_text(alert, "msgType").value_or(""));
  // Bounded, so that the texts before it always keep room (CAP sets no length on these).
  const std::string source = "Nguồn CAP / CAP source: " + limited(out.cap_sender, kMaxSourcePart) +
                             ", " + limited(out.cap_identifier, kMaxSourcePart) + ", " +
                             limited(out.cap_sent, kMaxSourcePart);
  if (msg_type == "Update" || msg_type == "Cancel") {
    if (Status read = read_follow_up(alert, msg_type, options, &event); !read.ok()) {
      return read;
    }
    std::string text = trimmed(child_text(alert, "note").value_or(""));
    for (const char* name : {"headline", "description", "instruction"}) {
      const std::string part = trimmed(child_text(info, name).value_or(""));
      if (!part.empty()) {
        text += (text.empty() ? "" : "\n\n") + part;
      }
    }
    text = limited(text, kMaxDescription - protocol::utf8_length(source) - 2);
    event.mutable_follow_up()->set_text(text + (text.empty() ? "" : "\n\n") + source);
    return out;
  }
  if (msg_type != "Alert") {
    return refused(
        "alert.msgType",
        "CAP msgType \"" + msg_type + "\" is not imported: alertbus takes Alert, Update and Cancel",
        "loại thông báo CAP \"" + msg_type +
            "\" không được nhập: alertbus chỉ nhận Alert, Update và Cancel");
  }

  std::vector<InfoFacts> facts;
  for (const xmlNode* each : infos) {
    facts.push_back(facts_of(each));
  }
  const CapRule* rule = nullptr;
  for (const CapRule& candidate : rules.rules) {
    if (std::any_of(facts.begin(), facts.end(), [&](const InfoFacts& one) {
          return matches(candidate, one, out.cap_sender);
        })) {
      rule = &candidate;
      break;
    }
  }
  if (rule == nullptr && !options.keep_unmatched) {
    return unmatched(facts, out.cap_sender, rules.rules.size());
  }
  out.external = rule == nullptr;
  if (rule != nullptr) {
    out.rule = rule->name;
    event.set_kind(rule->kind);
  } else {
    event.set_kind(v1::EXTERNAL);
  }
  event.set_type(v1::ALERT);
  if (Status read = read_info_words(info, &event); !read.ok()) {
    return read;
  }
  bool present = false;
  for (auto [name, field] : {std::pair{"effective", event.mutable_effective()},
                             std::pair{"expires", event.mutable_expires()}}) {
    if (Status read =
            read_time(info, name, std::string("alert.info.") + name, std::nullopt, field, &present);
        !read.ok()) {
      return read;
    }
    if (!present) {
      name == std::string("effective") ? event.clear_effective() : event.clear_expires();
    }
  }
  const std::string event_text = trimmed(child_text(info, "event").value_or(""));
  const std::string headline = trimmed(child_text(info, "headline").value_or(""));
  event.set_title(limited(headline.empty() ? event_text : headline, kMaxTitle));
  std::string description = trimmed(child_text(info, "description").value_or(""));
  if (const std::string instruction = trimmed(child_text(info, "instruction").value_or(""));
      !instruction.empty()) {
    description += (description.empty() ? "" : "\n\n") + std::string("Hướng dẫn / Instruction: ") +
                   instruction;
  }
  const std::string tail =
      source + (rule == nullptr
                    ? std::string(" (không quy tắc nào khớp / no rule matched)")
                    : " (quy tắc / rule \"" + limited(rule->name, kMaxSourcePart) + "\")");
  description = limited(description, kMaxDescription - protocol::utf8_length(tail) - 2);
  event.set_description(description + (description.empty() ? "" : "\n\n") + tail);
  event.set_contact(limited(trimmed(child_text(info, "contact").value_or("")), 200));

  std::vector<v1::GeoPoint> points;
  const std::vector<const xmlNode*> areas = children(info, "area");
  for (std::size_t i = 0; i < areas.size(); ++i) {
    if (Status read = read_foreign_area(areas[i], "alert.info.area[" + std::to_string(i) + "]",
                                        rules, &event, &points);
        !read.ok()) {
      return read;
    }
  }
  if (rule == nullptr) {
    if (event.areas_size() == 0 && !rules.default_area_code.empty()) {
      v1::Area* area = event.add_areas();  // Only points: the rules' default area.
      area->set_code(rules.default_area_code);
      area->set_scheme(rules.default_area_scheme);
    }
    if (Status filled = fill_external(alert, info, xml, *sent, &event); !filled.ok()) {
      return filled;
    }
    return out;
  }
  const std::optional<Timestamp> onset = [&]() -> std::optional<Timestamp> {
    const std::optional<std::string> text = child_text(info, "onset");
    return text ? parse_date_time(trimmed(*text)) : std::nullopt;
  }();
  BodyFacts body{event_text, onset ? *onset : *sent, points};
  if (Status filled = fill_body(*rule, body, &event); !filled.ok()) {
    return filled;
  }
  return out;
}

}  // namespace

std::string imported_event_id(std::string_view importing_unit, std::string_view sender,
                              std::string_view identifier, std::int64_t sent_unix_ms) {
  const std::string input = "alertbus CAP import\n" + std::string(importing_unit) + "\n" +
                            std::string(sender) + "\n" + std::string(identifier);
  unsigned char hash[16];
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(input.data()),
                     input.size(), nullptr, 0);
  unsigned char bytes[16];
  const auto ms = static_cast<std::uint64_t>(sent_unix_ms);
  for (int i = 0; i < 6; ++i) {
    bytes[i] = static_cast<unsigned char>(ms >> (8 * (5 - i)));
  }
  for (int i = 6; i < 16; ++i) {
    bytes[i] = hash[i];
  }
  bytes[6] = static_cast<unsigned char>(0x70 | (bytes[6] & 0x0F));  // Version 7.
  bytes[8] = static_cast<unsigned char>(0x80 | (bytes[8] & 0x3F));  // RFC 4122 variant.
  static const char* const kHex = "0123456789abcdef";
  std::string text;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) {
      text += '-';
    }
    text += kHex[bytes[i] >> 4];
    text += kHex[bytes[i] & 0x0F];
  }
  return text;
}

StatusOr<ForeignCap> from_foreign_cap(std::string_view xml, const CapRules& rules,
                                      const ForeignCapOptions& options) {
  cap::Document doc;
  if (Status parsed = cap::parse_document(xml, &doc); !parsed.ok()) {
    return parsed;
  }
  const xmlNode* alert = xmlDocGetRootElement(doc.get());
  for (const xmlNode* info : children(alert, "info")) {
    if (lookup(name_values(info, "eventCode"), cap::kKindCode)) {
      StatusOr<v1::Event> own = from_cap(xml);  // A document alertbus wrote.
      if (!own.ok()) {
        return own.status();
      }
      ForeignCap out;
      out.event = std::move(own).value();
      return out;
    }
  }
  return read_foreign(alert, xml, rules, options);
}

}  // namespace alertbus::client
