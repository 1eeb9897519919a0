// alertctl cases, search and case: the state of alerts as cases (CaseQuery -> CaseList),
// printed as a table, in detail, or as JSON.
#include <memory>
#include <optional>

#include <google/protobuf/util/time_util.h>

#include "alertbus/protocol/event_id.hpp"
#include "alertbus/protocol/vietnam_time.hpp"
#include "alertctl/case_render.hpp"
#include "alertctl/case_timeline.hpp"
#include "alertctl/commands.hpp"
#include "alertctl/names.hpp"
#include "alertctl/render.hpp"

namespace alertbus::alertctl {
namespace {

using google::protobuf::util::TimeUtil;

// clang-format off
constexpr Text kCmdCases{"Liệt kê vụ việc cảnh báo (tình trạng, tỉnh nhận, quá hạn)",
                         "List alert cases (state, receivers, overdue)"};
constexpr Text kCmdSearch{"Tìm vụ việc cảnh báo theo nội dung (có hoặc không dấu)",
                          "Search alert cases by text (with or without diacritics)"};
constexpr Text kCmdCase{"Xem chi tiết một vụ việc cảnh báo", "Show one alert case in detail"};
constexpr Text kArgSearchText{"Từ cần tìm, ví dụ \"lo mom long mong\"",
                              "Words to find, e.g. \"lo mom long mong\""};
constexpr Text kOptState{"Chỉ tình trạng này: active, stable, resolved, cancelled, withdrawn, expired "
                         "(lặp lại được)",
                         "Only this state: active, stable, resolved, cancelled, withdrawn, expired "
                         "(repeatable)"};
constexpr Text kOptCaseOrigin{"Chỉ cảnh báo phát từ nút này, ví dụ hai-duong (lặp lại được)",
                              "Only alerts from this node, e.g. hai-duong (repeatable)"};
constexpr Text kOptCaseArea{
    "Chỉ cảnh báo có khu vực này, ghi cả hệ mã: VN-2025:24, VN-2004:30 (lặp lại được; tỉnh"
    " VN-2025 gồm cả các tỉnh VN-2004 đã nhập vào)",
    "Only alerts with this area, scheme included: VN-2025:24, VN-2004:30 (repeatable; a"
    " VN-2025 province includes the VN-2004 provinces merged into it)"};
constexpr Text kOptFrom{"Gửi từ thời điểm: 2026-11-28, \"2026-11-28 14:05\" (giờ Việt Nam) hoặc RFC 3339",
                        "Sent from this time: 2026-11-28, \"2026-11-28 14:05\" (Vietnam time) or RFC 3339"};
constexpr Text kOptUntilSent{"Gửi trước thời điểm này (cùng định dạng với --from)",
                             "Sent before this time (same formats as --from)"};
constexpr Text kOptUnit{"Chỉ cảnh báo do đơn vị này phát hành, ví dụ bac-giang/cnty",
                        "Only alerts issued by this unit, e.g. bac-giang/cnty"};
constexpr Text kOptOverdue{"Chỉ vụ việc quá hạn", "Only overdue cases"};
constexpr Text kOptAsOf{"Tính tình trạng và quá hạn tại thời điểm này (mặc định: bây giờ)",
                        "Compute states and deadlines at this time (default: now)"};
constexpr Text kOptPageSize{"Số vụ việc mỗi trang, 1..1000 (mặc định 100)",
                            "Cases per page, 1..1000 (default 100)"};
constexpr Text kOptAll{"Lấy mọi trang", "Fetch every page"};
// clang-format on

// More than this from --all is refused rather than printed (a narrower query is better).
constexpr std::size_t kMaxCases = 100000;

struct CasesInput {
  std::string text;
  std::vector<std::string> kinds;
  std::vector<std::string> states;
  std::vector<std::string> origins;
  std::vector<std::string> areas;
  std::string min_severity;
  std::string from;
  std::string until;
  std::string unit;
  std::string as_of;
  std::string page_token;
  std::uint32_t page_size = 0;
  bool overdue = false;
  bool all = false;
};

// Parses a time option into `*out`; on failure prints a usage error and returns false.
bool parse_time_option(Context& context, const std::string& text, google::protobuf::Timestamp* out,
                       int* exit_code) {
  if (text.empty()) {
    return true;
  }
  const std::optional<std::int64_t> parsed = protocol::parse_vietnam_time(text);
  if (!parsed) {
    *exit_code = context.usage_error(std::string(context.tr(msg::kInvalidTime)) + text);
    return false;
  }
  *out = TimeUtil::MillisecondsToTimestamp(*parsed);
  return true;
}

std::optional<v1::CaseQuery> make_query(Context& context, const CasesInput& input, int* exit_code) {
  v1::CaseQuery query;
  query.set_text(input.text);
  for (const std::string& kind : input.kinds) {
    query.add_kinds(static_cast<v1::AlertKind>(parse_name(Vocabulary::kKind, kind).value_or(0)));
  }
  for (const std::string& state : input.states) {
    query.add_states(
        static_cast<v1::AlertState>(parse_name(Vocabulary::kAlertState, state).value_or(0)));
  }
  for (const std::string& origin : input.origins) {
    query.add_origin_nodes(origin);
  }
  for (const std::string& area : input.areas) {
    query.add_area_codes(area);
  }
  if (!input.min_severity.empty()) {
    query.set_min_severity(static_cast<v1::Severity>(
        parse_name(Vocabulary::kSeverity, input.min_severity).value_or(0)));
  }
  query.set_sender_unit(input.unit);
  query.set_overdue_only(input.overdue);
  query.set_page_size(input.page_size);
  query.set_page_token(input.page_token);
  if (!parse_time_option(context, input.from, query.mutable_sent_from(), exit_code) ||
      !parse_time_option(context, input.until, query.mutable_sent_until(), exit_code) ||
      !parse_time_option(context, input.as_of, query.mutable_as_of(), exit_code)) {
    return std::nullopt;
  }
  if (input.from.empty()) {
    query.clear_sent_from();
  }
  if (input.until.empty()) {
    query.clear_sent_until();
  }
  if (input.as_of.empty()) {
    query.clear_as_of();
  }
  return query;
}

int run_cases(Context& context, const CasesInput& input) {
  int exit_code = kExitOk;
  std::optional<v1::CaseQuery> query = make_query(context, input, &exit_code);
  if (!query) {
    return exit_code;
  }
  std::unique_ptr<client::Client> client = context.connect_client(&exit_code);
  if (!client) {
    return exit_code;
  }
  std::vector<v1::AlertCase> cases;
  std::string next_page_token;
  if (input.all) {
    StatusOr<std::vector<v1::AlertCase>> all = client->all_cases(*query, kMaxCases);
    if (!all.ok()) {
      return context.report(all.status());
    }
    cases = std::move(all).value();
  } else {
    StatusOr<v1::CaseList> page = client->cases(*query);
    if (!page.ok()) {
      return context.report(page.status());
    }
    cases.assign(page->cases().begin(), page->cases().end());
    next_page_token = page->next_page_token();
  }
  if (context.global.json) {
    context.out << cases_json(cases, next_page_token).dump(2) << '\n';
    return kExitOk;
  }
  context.out << cases_table(cases, context.global.language, fetch_names(*client));
  if (!next_page_token.empty()) {
    context.err << context.tr(msg::kNextPage) << next_page_token << '\n';
  }
  return kExitOk;
}

int run_case(Context& context, const std::string& id_or_reference, const std::string& as_of) {
  v1::CaseQuery query;
  int exit_code = kExitOk;
  if (!parse_time_option(context, as_of, query.mutable_as_of(), &exit_code)) {
    return exit_code;
  }
  if (as_of.empty()) {
    query.clear_as_of();
  }
  if (protocol::is_valid_event_id(id_or_reference)) {
    query.set_event_id(id_or_reference);
  } else {
    query.set_reference(id_or_reference);
  }
  std::unique_ptr<client::Client> client = context.connect_client(&exit_code);
  if (!client) {
    return exit_code;
  }
  StatusOr<v1::CaseList> list = client->cases(query);
  if (!list.ok()) {
    return context.report(list.status());
  }
  if (list->cases_size() == 0) {
    return context.report(Status::from_code(v1::NOT_FOUND));
  }
  // The case as a story: its events, from the log (a node without this query answers
  // with an error: the case is shown without them).
  StatusOr<std::vector<v1::StoredEvent>> found = client->case_events(list->cases(0).event_id());
  const std::vector<v1::StoredEvent> events =
      found.ok() ? std::move(found).value() : std::vector<v1::StoredEvent>();
  if (context.global.json) {
    nlohmann::ordered_json json = message_json(list->cases(0));
    json["timeline"] = case_timeline_json(events);
    context.out << json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
                << '\n';
  } else {
    const Names names = fetch_names(*client);
    context.out << case_detail(list->cases(0), context.global.language, names);
    if (!events.empty()) {
      context.out << case_timeline(events, context.global.language, names);
    }
  }
  return kExitOk;
}

void add_case_filter_options(CLI::App& command, CasesInput& input, Language lang) {
  command.add_option("--kind", input.kinds, tr(msg::kOptFilterKind, lang))
      ->check(member_of(cli_names(Vocabulary::kKind), lang));
  command.add_option("--state", input.states, tr(kOptState, lang))
      ->check(member_of(cli_names(Vocabulary::kAlertState), lang));
  command.add_option("--origin", input.origins, tr(kOptCaseOrigin, lang));
  command.add_option("--area", input.areas, tr(kOptCaseArea, lang));
  command.add_option("--min-severity", input.min_severity, tr(msg::kOptMinSeverity, lang))
      ->check(member_of(cli_names(Vocabulary::kSeverity), lang));
  command.add_option("--from", input.from, tr(kOptFrom, lang));
  command.add_option("--until", input.until, tr(kOptUntilSent, lang));
  command.add_option("--unit", input.unit, tr(kOptUnit, lang));
  command.add_flag("--overdue", input.overdue, tr(kOptOverdue, lang));
  command.add_option("--as-of", input.as_of, tr(kOptAsOf, lang));
  command.add_option("--page-size", input.page_size, tr(kOptPageSize, lang))
      ->check(quiet(CLI::Range(1, 1000)));
  command.add_option("--page-token", input.page_token, tr(msg::kOptPageToken, lang));
  command.add_flag("--all", input.all, tr(kOptAll, lang));
}

}  // namespace

void add_case_commands(CLI::App& parent, Language lang, std::vector<Command>& commands) {
  auto cases_input = std::make_shared<CasesInput>();
  CLI::App* cases = parent.add_subcommand("cases", tr(kCmdCases, lang));
  add_case_filter_options(*cases, *cases_input, lang);
  commands.push_back(
      {cases, [cases_input](Context& context) { return run_cases(context, *cases_input); }});

  auto search_input = std::make_shared<CasesInput>();
  CLI::App* search = parent.add_subcommand("search", tr(kCmdSearch, lang));
  search->add_option("text", search_input->text, tr(kArgSearchText, lang))->required();
  add_case_filter_options(*search, *search_input, lang);
  commands.push_back(
      {search, [search_input](Context& context) { return run_cases(context, *search_input); }});

  auto id = std::make_shared<std::string>();
  auto as_of = std::make_shared<std::string>();
  CLI::App* one = parent.add_subcommand("case", tr(kCmdCase, lang));
  one->add_option("alert", *id, tr(msg::kArgAlertOrReference, lang))->required();
  one->add_option("--as-of", *as_of, tr(kOptAsOf, lang));
  commands.push_back(
      {one, [id, as_of](Context& context) { return run_case(context, *id, *as_of); }});
}

}  // namespace alertbus::alertctl
