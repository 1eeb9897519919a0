// The parts of a report that the officer writes rather than the broker's cases: the
// administrative frame (a header and a closing as in a Vietnamese administrative report,
// Nghị định 30/2020/NĐ-CP) read from a TOML file, and the assessment and recommendations
// read from a plain text file. Every renderer (Markdown, HTML, and the others that consume
// report_tables.hpp) lays them out from these plain values.
//
// The header file (alertctl report --header FILE; sample: deploy/report-header.toml):
//   governing_body = "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG TỈNH BẮC GIANG"   # cơ quan chủ quản
//   issuing_body = "CHI CỤC CHĂN NUÔI VÀ THÚ Y"                     # cơ quan ban hành
//   number = "15/BC-CCCNTY"                                         # Số: …
//   place = "Bắc Giang"
//   date = 2026-12-05            # optional (TOML date or "YYYY-MM-DD"); default: report day
//   title = "Kết quả …"          # optional; default: the report's title and period
//   recipients = ["Như trên;", "Lưu: VT."]                          # Nơi nhận
//   [signer]
//   roles = ["KT. CHI CỤC TRƯỞNG", "PHÓ CHI CỤC TRƯỞNG"]
//   name = "Nguyễn Văn An"
// Every key but date and title is required; a missing or mistyped key is an INVALID_VALUE
// naming it, in both languages.
//
// Threading: pure functions and plain values (the read_* functions read one file).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "alertbus/protocol/status.hpp"
#include "alertctl/messages.hpp"

namespace alertbus::alertctl {

struct AdminFrame {
  std::string governing_body;           // Cơ quan chủ quản (upper left, first line).
  std::string issuing_body;             // Cơ quan ban hành (upper left, bold, second line).
  std::string number;                   // "15/BC-CCCNTY": printed as "Số: 15/BC-CCCNTY".
  std::string place;                    // "Bắc Giang".
  std::int64_t date_ms = 0;             // The document's day (any instant of it, Vietnam time).
  std::string title;                    // Under "BÁO CÁO"; empty: the report's title and period.
  std::vector<std::string> recipients;  // Nơi nhận, one per line.
  std::vector<std::string> signer_roles;  // "KT. CHI CỤC TRƯỞNG", "PHÓ CHI CỤC TRƯỞNG".
  std::string signer_name;
};

// The largest assessment file read.
inline constexpr std::size_t kMaxAssessmentBytes = 64 * 1024;

// The frame from the TOML text (`source` names it in errors); `report_day_ms` is the date
// when the file sets none.
StatusOr<AdminFrame> parse_admin_frame(std::string_view toml_text, const std::string& source,
                                       std::int64_t report_day_ms);
StatusOr<AdminFrame> read_admin_frame(const std::string& path, std::int64_t report_day_ms);

// The paragraphs of an assessment text: separated by blank lines, each paragraph's lines
// joined by a space, surrounding blanks trimmed. Refused (INVALID_VALUE, both languages)
// when over kMaxAssessmentBytes or not UTF-8.
StatusOr<std::vector<std::string>> parse_assessment(std::string_view text,
                                                    const std::string& source);
StatusOr<std::vector<std::string>> read_assessment(const std::string& path);

namespace report_parts {

// clang-format off
inline constexpr Text kNation{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIET NAM"};
inline constexpr Text kMotto{"Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness"};
inline constexpr Text kDocumentKind{"BÁO CÁO", "REPORT"};
inline constexpr Text kNumber{"Số: ", "No.: "};
inline constexpr Text kRecipients{"Nơi nhận:", "Recipients:"};
inline constexpr Text kDocumentSubtitle{"Kết quả trao đổi cảnh báo liên tỉnh, kỳ ", "Results of the inter-province alert exchange, period "};
inline constexpr Text kAssessment{"Đánh giá và kiến nghị", "Assessment and recommendations"};
// clang-format on

// "Bắc Giang, ngày 05 tháng 12 năm 2026" (day below 10 and months 1 and 2 with a leading
// zero, as Nghị định 30/2020/NĐ-CP writes them); "Bắc Giang, 5 December 2026" in English.
std::string place_and_date(const AdminFrame& frame, Language lang);

// The line under "BÁO CÁO": the frame's title, else `report_title` and the period label.
std::string document_title(const AdminFrame& frame, const std::string& default_title);

}  // namespace report_parts
}  // namespace alertbus::alertctl
