// alertctl report: every case sent in a period, fetched page by page, turned into a report
// (report.hpp) and printed as Markdown, CSV or HTML, to stdout or a file, or written as PDF or
// an Excel workbook to a file.
#include <filesystem>
#include <fstream>
#include <memory>

#include "alertbus/protocol/clock.hpp"
#include "alertbus/protocol/vietnam_time.hpp"
#include "alertctl/commands.hpp"
#include "alertctl/report.hpp"
#include "alertctl/report_build.hpp"

namespace alertbus::alertctl {
namespace {

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
constexpr Text kTableOnlyCsv{"--table chỉ dùng với --format csv (các định dạng khác có mọi bảng)",
                             "--table goes with --format csv only (the other formats hold every table)"};
constexpr Text kOptOut{"Ghi vào tệp này thay vì đầu ra chuẩn; với --format csv, một thư mục có sẵn: mỗi bảng một "
                       "tệp (alerts.csv, sent_by_kind.csv, …)",
                       "Write to this file instead of stdout; with --format csv, an existing directory: one "
                       "file per table (alerts.csv, sent_by_kind.csv, …)"};
constexpr Text kOptTable{"Với --format csv: bảng cần xuất (mặc định: alerts). Các bảng: report, comparison, sent_by_unit, "
                         "sent_by_kind, sent_by_origin, received, response_times, figures, "
                         "food_facilities, states, follow_ups, alerts, received_alerts (với --unit), cancelled, withdrawn, exercises",
                         "With --format csv: the table to write (default: alerts). The tables: report, "
                         "comparison, sent_by_unit, sent_by_kind, sent_by_origin, received, response_times, figures, "
                         "food_facilities, states, follow_ups, alerts, received_alerts (with --unit), cancelled, withdrawn, exercises"};
constexpr Text kOptReportAsOf{"Lập báo cáo như tại thời điểm này (mặc định: bây giờ)",
                              "Make the report as at this time (default: now)"};
constexpr Text kOptHeader{"Tệp TOML đầu và cuối văn bản hành chính (cơ quan, số, nơi nhận, người ký; mẫu: "
                          "deploy/report-header.toml)",
                          "TOML file of the administrative header and closing (bodies, number, recipients, "
                          "signer; sample: deploy/report-header.toml)"};
constexpr Text kOptAssessment{"Tệp văn bản UTF-8 (tối đa 64 KiB) của mục \"Đánh giá và kiến nghị\"; các đoạn "
                              "cách nhau bởi dòng trống",
                              "UTF-8 text file (at most 64 KiB) for the \"Assessment and recommendations\" "
                              "section; paragraphs separated by blank lines"};
constexpr Text kReportWritten{"Đã ghi báo cáo: ", "Report written: "};
constexpr Text kCannotWrite{"không ghi được tệp ", "cannot write file "};

// clang-format on

struct ReportInput {
  std::string period;
  std::string unit;
  std::string format = "md";
  std::string out;
  std::string as_of;
  std::string table;  // Empty: alerts (or every table into a directory).
  std::string header;
  std::string assessment;
};

Status write_file(const std::string& path, const std::string& text) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << text;
  file.close();
  if (!file) {
    return Status::error(v1::INVALID_VALUE, std::string(kCannotWrite.en) + path,
                         std::string(kCannotWrite.vi) + path);
  }
  return Status();
}

int run_report(Context& context, const ReportInput& input) {
  const bool binary = input.format == "pdf" || input.format == "xlsx";
  if (binary && input.out.empty()) {
    return context.usage_error(context.tr(kBinaryNeedsOut));
  }
  if (!input.table.empty() && input.format != "csv") {
    return context.usage_error(context.tr(kTableOnlyCsv));  // Other formats hold every table.
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
  // The officer's files are read before asking the broker: a mistake in them costs no query.
  std::optional<AdminFrame> frame;
  if (!input.header.empty()) {
    StatusOr<AdminFrame> read = read_admin_frame(input.header, now_ms);
    if (!read.ok()) {
      return context.input_error(read.status());
    }
    frame = std::move(*read);
  }
  std::vector<std::string> assessment;
  if (!input.assessment.empty()) {
    StatusOr<std::vector<std::string>> read = read_assessment(input.assessment);
    if (!read.ok()) {
      return context.input_error(read.status());
    }
    assessment = std::move(*read);
  }
  int exit_code = kExitOk;
  std::unique_ptr<client::Client> client = context.connect_client(&exit_code);
  if (!client) {
    return exit_code;
  }
  StatusOr<Report> built = build_report(*client, *period, now_ms, input.unit);
  if (!built.ok()) {
    return context.report(built.status());
  }
  Report report = std::move(built).value();
  report.frame = std::move(frame);
  report.assessment = std::move(assessment);
  const Language language = context.global.language;
  if (input.format == "csv" && !input.table.empty()) {
    if (StatusOr<std::string> known = report_csv(report, language, input.table); !known.ok()) {
      return context.input_error(known.status());
    }
  }
  std::error_code error;
  if (input.format == "csv" && !input.out.empty() &&
      std::filesystem::is_directory(input.out, error)) {
    // One file per table (or the one asked for) in the directory.
    for (const auto& [name, text] : report_csv_files(report, language)) {
      if (!input.table.empty() && name != input.table + ".csv") {
        continue;
      }
      const std::string path = (std::filesystem::path(input.out) / name).string();
      if (const Status written = write_file(path, text); !written.ok()) {
        return context.input_error(written);
      }
      context.err << context.tr(kReportWritten) << path << '\n';
    }
    return kExitOk;
  }
  std::string text;
  if (input.format == "csv") {
    StatusOr<std::string> csv =
        report_csv(report, language, input.table.empty() ? "alerts" : input.table);
    if (!csv.ok()) {
      return context.input_error(csv.status());
    }
    text = std::move(*csv);
  } else if (binary) {
    StatusOr<std::string> document =
        input.format == "pdf" ? report_pdf(report, language) : report_xlsx(report, language);
    if (!document.ok()) {
      return context.report(document.status());
    }
    text = std::move(*document);
  } else {
    text =
        input.format == "html" ? report_html(report, language) : report_markdown(report, language);
  }
  if (input.out.empty()) {
    context.out << text;
    return kExitOk;
  }
  if (const Status written = write_file(input.out, text); !written.ok()) {
    return context.input_error(written);
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
  report->add_option("--table", input->table, tr(kOptTable, lang));
  report->add_option("--header", input->header, tr(kOptHeader, lang));
  report->add_option("--assessment", input->assessment, tr(kOptAssessment, lang));
  commands.push_back({report, [input](Context& context) { return run_report(context, *input); }});
}

}  // namespace alertbus::alertctl
