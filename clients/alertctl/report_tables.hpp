// Internal to alertctl: what the report's renderers (report_render.cpp: Markdown and CSV;
// report_html.cpp: HTML) print, made once from a Report: its tables, the lines under its
// title, and the texts they share.
//
// Threading: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "alertctl/messages.hpp"
#include "alertctl/report.hpp"

namespace alertbus::alertctl::report_parts {

// clang-format off
inline constexpr Text kReportTitle{"Báo cáo trao đổi cảnh báo liên tỉnh", "Inter-province alert exchange report"};
inline constexpr Text kDefinitions{"Cách tính", "Definitions"};
inline constexpr Text kChartKind{"Số cảnh báo theo loại", "Alerts per kind"};
inline constexpr Text kChartOrigin{"Số cảnh báo theo tỉnh gửi", "Alerts per origin province"};
inline constexpr Text kChartReceived{"Số cảnh báo đã nhận theo tỉnh nhận", "Alerts received per receiving province"};

inline constexpr Text kColField{"Mục", "Field"};
inline constexpr Text kColValue{"Giá trị", "Value"};
inline constexpr Text kNone{"Không có", "None"};
inline constexpr Text kOpen{"Đang mở (đang hiệu lực + ổn định)", "Open (active + stable)"};
inline constexpr Text kOverdue{"Quá hạn", "Overdue"};

inline constexpr Text kDefinitionText{
    "Chỉ tính cảnh báo thực tế gửi trong kỳ (giờ Việt Nam, UTC+7); cảnh báo đã hủy, đã thu hồi "
    "và cảnh báo diễn tập, thử nghiệm được liệt kê riêng và không tính vào mọi tổng số và số "
    "liệu. Tình trạng và quá hạn tính "
    "tại thời điểm lập báo cáo. Tỉnh nhận \"đã nhận\" khi nút đó đã lưu cảnh báo; \"đã xác "
    "nhận\" khi một đơn vị của tỉnh xác nhận hoặc báo biện pháp. Thời gian đến xác nhận: từ lúc "
    "gửi đến lần xác nhận đầu tiên của tỉnh nhận; thời gian đến kết thúc: từ lúc gửi đến khi "
    "cảnh báo được kết thúc (chỉ cảnh báo đã kết thúc). Trung vị và P90 theo phương pháp hạng "
    "gần nhất: sắp xếp tăng dần, phân vị p của N giá trị là giá trị thứ ⌈p·N/100⌉. Với một đơn "
    "vị: \"đã gửi\" là cảnh báo đơn vị phát hành, \"đã tiếp nhận\" là cảnh báo của tỉnh khác mà "
    "đơn vị đã xác nhận hoặc báo biện pháp. Số liệu theo loại lấy từ nội dung của từng cảnh báo "
    "(động vật: con; diện tích: ha; thực phẩm: kg, 1 tấn tính 1.000 kg); lượng thực phẩm thu hồi "
    "của một cảnh báo là số báo cáo biện pháp gần nhất (không cộng dồn các lần báo), nếu không có "
    "thì là lượng sản phẩm khi cảnh báo yêu cầu thu hồi. Kỳ trước: 6 tháng đầu năm so với 6 tháng "
    "cuối năm trước, 6 tháng cuối năm so với 6 tháng đầu năm, cả năm so với năm trước, khoảng "
    "tùy chọn so với khoảng cùng độ dài ngay trước đó.",
    "Only actual alerts sent in the period (Vietnam time, UTC+7); cancelled, withdrawn, "
    "exercise and test alerts are listed apart and left out of every total and figure. States and overdue flags are "
    "those at the time the report is made. A receiving province \"received\" an alert when its "
    "node stored it; \"acknowledged\" when a unit of the province acknowledged it or reported "
    "measures. Time to acknowledge: from sending to the province's first acknowledgement; time "
    "to close: from sending to the alert's closing (resolved alerts only). Median and P90 by "
    "nearest rank: sorted ascending, the p-th percentile of N values is the value at rank "
    "ceil(p*N/100). For a unit: \"sent\" are the alerts the unit issued, \"received\" the other "
    "provinces' alerts the unit acknowledged or reported measures on. Figures per kind come "
    "from each alert's content (animals; hectares; kilograms, 1 t counted as 1,000 kg); the food "
    "recalled for an alert is its latest measures report (repeated reports are never summed), "
    "else the product quantity when the alert orders a recall. Previous period: H1 against the "
    "previous year's H2, H2 against the same year's H1, a year against the previous year, a "
    "range against the range of the same length just before it."};

// clang-format on

struct Table {
  const char* id;  // The CSV section.
  std::string heading;
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
  // The first column holds alert references ("BG-2026-00001"), which must not be broken
  // at their hyphens (HTML: white-space: nowrap on that column).
  bool reference_column = false;
};

// The CSV wants numbers where people want words.
enum class Audience { kPeople, kMachines };

// The day in Vietnam: "28/11/2026" in Vietnamese, "2026-11-28" in English.
std::string date_text(std::int64_t unix_ms, Language language);

// Every table of the report, in order, for people (words, minutes) or machines (numbers).
std::vector<Table> report_tables(const Report& report, Language lang, Audience audience);

// The lines under the title: period, scope, when, due date, what was left out.
std::vector<std::pair<std::string, std::string>> preamble(const Report& report, Language lang);

// The comparison with the previous period (report.previous must be set), and the tables of
// the figures per kind appended to `tables` (report_figure_tables.cpp).
Table comparison_table(const Report& report, Language lang, Audience audience);
void add_figure_tables(const Report& report, Language lang, Audience audience,
                       std::vector<Table>& tables);

// The note that the period is not over yet, or empty.
std::string not_over_note(const Report& report, Language lang);

}  // namespace alertbus::alertctl::report_parts
