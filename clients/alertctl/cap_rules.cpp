// The rules file of `alertctl import cap --rules` (cap_rules.hpp).
#include "alertctl/cap_rules.hpp"

#include <fstream>
#include <sstream>

#include "alertctl/event_document.hpp"
#include "alertctl/names.hpp"

namespace alertbus::alertctl {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxRulesBytes = 1024 * 1024;

const char* const kCategories[] = {"Geo",    "Met", "Safety",    "Security", "Rescue", "Fire",
                                   "Health", "Env", "Transport", "Infra",    "CBRNE",  "Other"};

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) {
    out += (out.empty() ? "" : ", ") + name;
  }
  return out;
}

Status bad(const std::string& where, const std::string& en, const std::string& vi) {
  return Status::error(v1::INVALID_VALUE, where + ": " + en, where + ": " + vi, where);
}

// A text value of `object[key]` into `out` (absent: left as it is).
Status text_of(const json& object, const char* key, const std::string& where, std::string* out) {
  if (!object.contains(key)) {
    return {};
  }
  if (!object[key].is_string()) {
    return bad(where + "." + key, "must be text", "phải là văn bản");
  }
  *out = object[key].get<std::string>();
  return {};
}

Status read_rule(const json& item, const std::string& where, client::CapRule* rule) {
  if (!item.is_object()) {
    return bad(where, "must be a table ([[rule]])", "phải là một bảng ([[rule]])");
  }
  for (const auto& entry : item.items()) {
    const std::string& key =
        entry.key();  // A named copy: clang 14 lambdas cannot capture bindings.
    static const char* const kKeys[] = {"name",   "kind",  "category", "event_code",
                                        "sender", "event", "body"};
    if (std::find_if(std::begin(kKeys), std::end(kKeys),
                     [&](const char* known) { return key == known; }) == std::end(kKeys)) {
      return bad(where + "." + key,
                 "unknown key; a rule has name, kind, category, event_code, sender, event, body",
                 "khóa không hợp lệ; quy tắc có name, kind, category, event_code, sender, event, "
                 "body");
    }
  }
  std::string kind;
  for (const Status& read :
       {text_of(item, "name", where, &rule->name), text_of(item, "kind", where, &kind),
        text_of(item, "sender", where, &rule->sender),
        text_of(item, "event", where, &rule->event)}) {
    if (!read.ok()) {
      return read;
    }
  }
  if (rule->name.empty()) {
    return Status::error(v1::MISSING_FIELD, where + ": a rule needs a name",
                         where + ": quy tắc cần có tên (name)", where + ".name");
  }
  const std::string named = where + " (\"" + rule->name + "\")";
  const std::optional<int> kind_value = parse_name(Vocabulary::kKind, kind);
  if (!kind_value || *kind_value == v1::ALERT_KIND_UNSPECIFIED) {
    return bad(named + ".kind",
               "\"" + kind + "\" is not one of " + join(cli_names(Vocabulary::kKind)),
               "\"" + kind + "\" không phải một trong " + join(cli_names(Vocabulary::kKind)));
  }
  rule->kind = static_cast<v1::AlertKind>(*kind_value);
  if (item.contains("category")) {
    const json& categories = item["category"];
    const json list = categories.is_array() ? categories : json::array({categories});
    for (const json& category : list) {
      const bool known =
          category.is_string() && std::find(std::begin(kCategories), std::end(kCategories),
                                            category.get<std::string>()) != std::end(kCategories);
      if (!known) {
        return bad(named + ".category",
                   category.dump() +
                       " is not a CAP category (Geo, Met, "
                       "Safety, Security, Rescue, Fire, Health, Env, Transport, "
                       "Infra, CBRNE, Other)",
                   category.dump() +
                       " không phải nhóm (category) của CAP (Geo, Met, Safety, "
                       "Security, Rescue, Fire, Health, Env, Transport, Infra, "
                       "CBRNE, Other)");
      }
      rule->categories.push_back(category.get<std::string>());
    }
  }
  if (item.contains("event_code")) {
    const json& code = item["event_code"];
    if (!code.is_object()) {
      return bad(named + ".event_code", "must be { name = \"…\", value = \"…\" }",
                 "phải có dạng { name = \"…\", value = \"…\" }");
    }
    for (const Status& read :
         {text_of(code, "name", named + ".event_code", &rule->event_code_name),
          text_of(code, "value", named + ".event_code", &rule->event_code_value)}) {
      if (!read.ok()) {
        return read;
      }
    }
    if (rule->event_code_name.empty()) {
      return bad(named + ".event_code.name", "is missing", "còn thiếu");
    }
  }
  if (item.contains("body")) {
    if (!item["body"].is_object()) {
      return bad(named + ".body", "must be a table ([rule.body])",
                 "phải là một bảng ([rule.body])");
    }
    rule->body_json = item["body"].dump();
  }
  return {};
}

}  // namespace

StatusOr<client::CapRules> parse_cap_rules(std::string_view text, std::string_view source) {
  StatusOr<json> document = parse_document(text, source);
  if (!document.ok()) {
    return document.status();
  }
  const std::string file(source);
  client::CapRules rules;
  if (document->contains("province_schemes")) {
    const json& schemes = (*document)["province_schemes"];
    if (!schemes.is_object()) {
      return bad(file + ": province_schemes", "must be a table", "phải là một bảng");
    }
    for (const auto& [name, scheme] : schemes.items()) {
      if (!scheme.is_string() || (scheme != "VN-2004" && scheme != "VN-2025")) {
        return bad(file + ": province_schemes." + name, "must be \"VN-2004\" or \"VN-2025\"",
                   "phải là \"VN-2004\" hoặc \"VN-2025\"");
      }
      rules.province_schemes.emplace_back(name, scheme.get<std::string>());
    }
  }
  if (document->contains("default_area")) {
    const json& area = (*document)["default_area"];
    const std::string where = file + ": default_area";
    for (const Status& read : {text_of(area, "code", where, &rules.default_area_code),
                               text_of(area, "scheme", where, &rules.default_area_scheme)}) {
      if (!read.ok()) {
        return read;
      }
    }
  }
  if (document->contains("rule")) {
    const json& list = (*document)["rule"];
    if (!list.is_array()) {
      return bad(file + ": rule", "must be a list of tables ([[rule]])",
                 "phải là danh sách bảng ([[rule]])");
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
      client::CapRule rule;
      if (Status read = read_rule(list[i], file + ": rule[" + std::to_string(i + 1) + "]", &rule);
          !read.ok()) {
        return read;
      }
      rules.rules.push_back(std::move(rule));
    }
  }
  return rules;
}

StatusOr<client::CapRules> load_cap_rules(const std::string& path) {
  std::ifstream stream(path, std::ios::binary);
  std::string text(kMaxRulesBytes + 1, '\0');
  stream.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (stream.bad() || (!stream && !stream.eof())) {
    return Status::error(v1::INVALID_VALUE, "cannot read the rules file " + path,
                         "không đọc được tệp quy tắc " + path, "--rules");
  }
  text.resize(static_cast<std::size_t>(stream.gcount()));
  if (text.size() > kMaxRulesBytes) {
    return Status::error(v1::INVALID_VALUE, "the rules file " + path + " is larger than 1 MiB",
                         "tệp quy tắc " + path + " lớn hơn 1 MiB", "--rules");
  }
  return parse_cap_rules(text, path);
}

}  // namespace alertbus::alertctl
