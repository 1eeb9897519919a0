#include "alertctl/filter_options.hpp"

#include "alertctl/commands.hpp"
#include "alertctl/names.hpp"

namespace alertbus::alertctl {

void add_filter_options(CLI::App& command, FilterInput& input, Language language) {
  command.add_option("--kind", input.kinds, tr(msg::kOptFilterKind, language))
      ->check(member_of(cli_names(Vocabulary::kKind), language));
  std::vector<std::string> types = cli_names(Vocabulary::kType);
  types.emplace_back("ack");
  command.add_option("--type", input.types, tr(msg::kOptFilterType, language))
      ->check(member_of(types, language));
  command.add_option("--origin", input.origins, tr(msg::kOptOrigin, language));
  command.add_option("--area", input.areas, tr(msg::kOptFilterArea, language));
  command.add_option("--min-severity", input.min_severity, tr(msg::kOptMinSeverity, language))
      ->check(member_of(cli_names(Vocabulary::kSeverity), language));
  command.add_flag("--notices", input.notices, tr(msg::kOptNotices, language));
}

v1::Filter make_filter(const FilterInput& input) {
  v1::Filter filter;
  for (const std::string& kind : input.kinds) {
    filter.add_kinds(static_cast<v1::AlertKind>(parse_name(Vocabulary::kKind, kind).value_or(0)));
  }
  for (const std::string& type : input.types) {
    filter.add_types(static_cast<v1::EventType>(parse_name(Vocabulary::kType, type).value_or(0)));
  }
  if (input.types.empty() && !input.notices) {
    // Every type but the brokers' notices, which are about delivery, not about the alert.
    const google::protobuf::EnumDescriptor* types = v1::EventType_descriptor();
    for (int i = 0; i < types->value_count(); ++i) {
      const auto type = static_cast<v1::EventType>(types->value(i)->number());
      if (type != v1::EVENT_TYPE_UNSPECIFIED && type != v1::RECEIPT && type != v1::OVERDUE) {
        filter.add_types(type);
      }
    }
  }
  for (const std::string& origin : input.origins) {
    filter.add_origin_nodes(origin);
  }
  for (const std::string& area : input.areas) {
    filter.add_area_codes(area);
  }
  if (!input.min_severity.empty()) {
    filter.set_min_severity(static_cast<v1::Severity>(
        parse_name(Vocabulary::kSeverity, input.min_severity).value_or(0)));
  }
  return filter;
}

}  // namespace alertbus::alertctl
