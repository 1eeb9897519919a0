// alertctl report: every case sent in a period, fetched page by page, turned into a report
// (report.hpp) and printed as Markdown, CSV or HTML, to stdout or a file, or written as PDF or
// an Excel workbook to a file.
#include <fstream>
#include <memory>

#include <google/protobuf/util/time_util.h>

#include "alertbus/protocol/clock.hpp"
#include "alertbus/protocol/vietnam_time.hpp"
#include "alertctl/commands.hpp"
#include "alertctl/report.hpp"

namespace alertbus::alertctl {
namespace {

using google::protobuf::util::TimeUtil;

// clang-format off
constexpr Text kCmdReport{"Lập báo cáo định kỳ (6 tháng trước 10/6, năm trước 10/12) từ các vụ việc cảnh báo",
                          "Make the periodic report (half-year before 10 June, year before 10 December) "
                          "from the alert cases"};
constexpr Text kOptPeriod{"Kỳ báo cáo: 2026-H1, 2026-H2, 2026 hoặc TỪ..ĐẾN (2026-01-01..2026-03-31)",
                          "Period: 2026-H1, 2026-H2, 2026 or FROM..TO (2026-01-01..2026-03-31)"};
constexpr Text kOptReportUnit{"Báo cáo của một đơn vị, ví dụ bac-giang/cnty: cảnh báo đơn vị đã gửi "
                              "và đã tiếp nhận (mặc định: toàn mạng)",
                              "Report of one unit, e.g. bac-giang/cnty: alerts it sent and received "
                              "(default: the whole network)"};
constexpr Text kOptFormat{"Định dạng: md (mặc định), csv, html, pdf, xlsx (pdf và xlsx cần --out)",
                          "Format: md (default), csv, html, pdf, xlsx (pdf and xlsx need --out)"};
constexpr Text kBinaryNeedsOut{"định dạng pdf và xlsx là tệp nhị phân, không in ra màn hình: cần --out TỆP",
                               "pdf and xlsx are binary files, not printed on the terminal: give --out FILE"};
constexpr Text kOptOut{"Ghi vào tệp này thay vì đầu ra chuẩn", "Write to this file instead of stdout"};
constexpr Text kOptReportAsOf{"Lập báo cáo như tại thời điểm này (mặc định: bây giờ)",
                              "Make the report as at this time (default: now)"};
constexpr Text kReportWritten{"Đã ghi báo cáo: ", "Report written: "};
constexpr Text kCannotWrite{"không ghi được tệp ", "cannot write file "};
// clang-format on

// A period's cases beyond this are refused: a report over a truncated list would be wrong.
constexpr std::size_t kMaxReportCases = 100000;

struct ReportInput {
  std::string period;
  std::string unit;
  std::string format = "md";
  std::string out;
  std::string as_of;
};

int run_report(Context& context, const ReportInput& input) {
  const bool binary = input.format == "pdf" || input.format == "xlsx";
  if (binary && input.out.empty()) {
    return context.usage_error(context.tr(kBinaryNeedsOut));
  }
  StatusOr<ReportPeriod> period = parse_period(input.period);
  if (!period.ok()) {
    return context.input_error(period.status());
  }
  std::int64_t now_ms = protocol::now_unix_ms();
  if (!input.as_of.empty()) {
    const std::optional<std::int64_t> as_of = protocol::parse_vietnam_time(input.as_of);
    if (!as_of) {
      return context.usage_error(std::string(context.tr(msg::kInvalidTime)) + input.as_of);
    }
    now_ms = *as_of;
  }
  // No sender_unit filter even for a unit's report: its "received" side is made of other
  // units' alerts (report.hpp). compute_report() selects.
  v1::CaseQuery query;
  *query.mutable_sent_from() = TimeUtil::MillisecondsToTimestamp(period->from_ms);
  *query.mutable_sent_until() = TimeUtil::MillisecondsToTimestamp(period->until_ms);
  *query.mutable_as_of() = TimeUtil::MillisecondsToTimestamp(now_ms);
  query.set_page_size(1000);
  int exit_code = kExitOk;
  std::unique_ptr<client::Client> client = context.connect_client(&exit_code);
  if (!client) {
    return exit_code;
  }
  StatusOr<std::vector<v1::AlertCase>> cases = client->all_cases(query, kMaxReportCases);
  if (!cases.ok()) {
    return context.report(cases.status());
  }
  const Report report = compute_report(*cases, *period, now_ms, input.unit);
  const Language language = context.global.language;
  StatusOr<std::string> document = input.format == "pdf"    ? report_pdf(report, language)
                                   : input.format == "xlsx" ? report_xlsx(report, language)
                                                            : StatusOr<std::string>(std::string());
  if (!document.ok()) {
    return context.report(document.status());
  }
  const std::string text = binary                   ? std::move(*document)
                           : input.format == "csv"  ? report_csv(report, language)
                           : input.format == "html" ? report_html(report, language)
                                                    : report_markdown(report, language);
  if (input.out.empty()) {
    context.out << text;
    return kExitOk;
  }
  std::ofstream file(input.out, std::ios::binary | std::ios::trunc);
  file << text;
  file.close();
  if (!file) {
    return context.input_error(Status::error(v1::INVALID_VALUE,
                                             std::string(kCannotWrite.en) + input.out,
                                             std::string(kCannotWrite.vi) + input.out));
  }
  context.err << context.tr(kReportWritten) << input.out << '\n';
  return kExitOk;
}

}  // namespace

void add_report_command(CLI::App& parent, Language lang, std::vector<Command>& commands) {
  auto input = std::make_shared<ReportInput>();
  CLI::App* report = parent.add_subcommand("report", tr(kCmdReport, lang));
  report->add_option("--period", input->period, tr(kOptPeriod, lang))->required();
  report->add_option("--unit", input->unit, tr(kOptReportUnit, lang));
  report->add_option("--format", input->format, tr(kOptFormat, lang))
      ->check(member_of({"md", "csv", "html", "pdf", "xlsx"}, lang));
  report->add_option("--out", input->out, tr(kOptOut, lang));
  report->add_option("--as-of", input->as_of, tr(kOptReportAsOf, lang));
  commands.push_back({report, [input](Context& context) { return run_report(context, *input); }});
}

}  // namespace alertbus::alertctl
