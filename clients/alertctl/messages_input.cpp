// The texts of event files, the template and interactive posting (messages.hpp); apart from
// messages.cpp only to keep each file short.
#include "alertctl/messages.hpp"

namespace alertbus::alertctl::msg {

// clang-format off
// Event files, the template and interactive posting.
const Text kOptTemplate{
    "In mẫu tệp TOML có chú thích cho loại cảnh báo này (animal-disease, crop-pest, forest-fire, "
    "unsafe-food) rồi thoát; điền vào rồi gửi bằng --file",
    "Print a commented TOML template for this alert kind (animal-disease, crop-pest, "
    "forest-fire, unsafe-food) and exit; fill it in and post it with --file"};
const Text kOptInteractive{
    "Hỏi lần lượt từng trường trên đầu vào chuẩn, cho xem lại rồi mới gửi",
    "Ask field by field on standard input, show a summary and confirm before posting"};
const Text kOptAreasFile{
    "Bảng tỉnh để kiểm tra mã khu vực (mặc định ALERTBUS_AREAS_FILE hoặc bảng đã cài đặt)",
    "Province table to check area codes against (default ALERTBUS_AREAS_FILE or the installed "
    "table)"};
const Text kFileMistakes{"{1}: {2} lỗi cần sửa:", "{1}: {2} mistake(s) to correct:"};
const Text kInvalidJsonAt{
    "JSON không hợp lệ ở dòng {1}, cột {2}: kiểm tra dấu ngoặc { } [ ], dấu phẩy và dấu ngoặc "
    "kép gần chỗ này (chi tiết: {3})",
    "invalid JSON at line {1}, column {2}: {3}"};
const Text kInvalidTomlAt{
    "TOML không hợp lệ ở dòng {1}, cột {2}: kiểm tra dấu =, dấu ngoặc kép \"...\" và dấu "
    "ngoặc vuông [ ] gần chỗ này (chi tiết: {3})",
    "invalid TOML at line {1}, column {2}: {3}"};
const Text kUnknownField{"không có trường \"{1}\"; các trường ở đây: {2}",
                         "there is no field \"{1}\"; the fields here are: {2}"};
const Text kUnknownFieldGuess{"không có trường \"{1}\"; có phải là \"{2}\" ({3})?",
                              "there is no field \"{1}\"; did you mean \"{2}\" ({3})?"};
const Text kExpectedText{"cần một đoạn chữ trong dấu ngoặc kép, không phải {1}",
                         "expected text in double quotes, not {1}"};
const Text kExpectedWhole{"cần một số nguyên không âm, không phải {1}",
                          "expected a whole number, 0 or more, not {1}"};
const Text kExpectedNumber{"cần một số (dấu chấm thập phân, ví dụ 21.37), không phải {1}",
                           "expected a number (decimal point, e.g. 21.37), not {1}"};
const Text kExpectedBool{"cần true (có) hoặc false (không), không phải {1}",
                         "expected true or false, not {1}"};
const Text kExpectedList{"cần một danh sách trong ngoặc vuông [ ], không phải {1}",
                         "expected a list in square brackets [ ], not {1}"};
const Text kExpectedTable{"cần một nhóm trường (bảng [tên] trong TOML, { } trong JSON), không phải {1}",
                          "expected a group of fields (a [table] in TOML, { } in JSON), not {1}"};
const Text kTooLarge{"số {1} quá lớn", "the number {1} is too large"};
const Text kBadEnum{"giá trị \"{1}\" không hợp lệ; chọn một trong: {2}",
                    "invalid value \"{1}\"; choose one of: {2}"};
const Text kAmbiguousEnum{"\"{1}\" có thể là {2}; ghi rõ một giá trị",
                          "\"{1}\" could be {2}; write one of them"};
const Text kBadTime{
    "thời gian \"{1}\" không hợp lệ; viết theo giờ Việt Nam: 27/11/2026 15:00, 27/11/2026 "
    "(0 giờ), 2026-11-27 15:00, hoặc RFC 3339: 2026-11-27T15:00:00+07:00",
    "invalid time \"{1}\"; write Vietnam time: 27/11/2026 15:00, 27/11/2026 (midnight), "
    "2026-11-27 15:00, or RFC 3339: 2026-11-27T15:00:00+07:00"};
const Text kBadDate{"ngày \"{1}\" không hợp lệ; viết 27/11/2026 hoặc 2026-11-27",
                    "invalid date \"{1}\"; write 27/11/2026 or 2026-11-27"};
const Text kBadLevel{"cấp \"{1}\" không hợp lệ; chọn một trong: {2}",
                     "invalid level \"{1}\"; choose one of: {2}"};
const Text kAreaUnknownCode{"mã {1} không có trong hệ mã {2} ({3} tỉnh, thành phố)",
                            "code {1} does not exist in the {2} scheme ({3} provinces)"};
const Text kAreaCodeElsewhere{"; trong hệ mã {1}, mã {2} là {3}",
                              "; in the {1} scheme, code {2} is {3}"};
const Text kAreaNameMismatch{"mã {1} trong hệ mã {2} là {3}, không phải \"{4}\"; sửa mã hoặc tên",
                             "code {1} in the {2} scheme is {3}, not \"{4}\"; correct the code or the name"};
const Text kAreaUnknownName{"không có tỉnh, thành phố tên \"{1}\" trong hệ mã {2}; ghi mã (code)",
                            "no province named \"{1}\" in the {2} scheme; give its code"};
const Text kAreaBadScheme{"hệ mã \"{1}\" không hợp lệ; chọn VN-2025 hoặc VN-2004",
                          "invalid scheme \"{1}\"; choose VN-2025 or VN-2004"};
const Text kAreasNotChecked{
    "Lưu ý: không đọc được bảng tỉnh ({1}); mã và tên khu vực chưa được đối chiếu.",
    "Note: the province table could not be read ({1}); area codes and names were not checked."};
const Text kCoordinatesSwapped{
    "tọa độ ({1}, {2}) nằm ngoài Việt Nam (vĩ độ 8–24, kinh độ 102–110); có lẽ vĩ độ và kinh "
    "độ bị đảo: latitude = {2}, longitude = {1}",
    "the point ({1}, {2}) is outside Vietnam (latitude 8-24, longitude 102-110); perhaps "
    "latitude and longitude are swapped: latitude = {2}, longitude = {1}"};
const Text kTemplateHeader{
    "Mẫu cảnh báo: {1}\n"
    "Điền giá trị sau dấu =, để trong dấu ngoặc kép \"...\"; bỏ trống (\"\") là không khai báo.\n"
    "Dòng bắt đầu bằng # là chú thích. Ngày giờ theo giờ Việt Nam, ví dụ \"27/11/2026 15:00\".\n"
    "Gửi bằng: alertctl post --file tệp-này.toml",
    "Alert template: {1}\n"
    "Fill in the values after =, in double quotes \"...\"; empty (\"\") means not given.\n"
    "Lines starting with # are comments. Times are Vietnam time, e.g. \"27/11/2026 15:00\".\n"
    "Post it with: alertctl post --file this-file.toml"};
const Text kTemplateRequired{"bắt buộc", "required"};
const Text kTemplateOptional{"không bắt buộc", "optional"};
const Text kTemplateSometimes{"bắt buộc tùy trường hợp", "required in some cases"};
const Text kTemplateChoose{"chọn một trong", "one of"};
const Text kTemplateUsual{"thường dùng", "usual values"};
const Text kTemplateTime{"giờ Việt Nam, ví dụ \"27/11/2026 15:00\"", "Vietnam time, e.g. \"27/11/2026 15:00\""};
const Text kTemplateDate{"ngày, ví dụ \"25/11/2026\"", "date, e.g. \"25/11/2026\""};
const Text kTemplateList{"danh sách, ví dụ [\"...\", \"...\"]", "a list, e.g. [\"...\", \"...\"]"};
const Text kTemplateBody{"Nội dung chi tiết", "Details"};
const Text kTemplateOneOf{"Chỉ điền phần ứng với loại tin đã chọn; để trống các phần khác.",
                          "Fill in only the part for the notice chosen; leave the others empty."};
const Text kAskIntro{
    "Nhập từng trường rồi bấm Enter. Để trống là dùng giá trị mặc định hoặc bỏ qua.",
    "Type each field and press Enter. Leave it empty for the default or to skip it."};
const Text kAskDefault{"mặc định", "default"};
const Text kAskSkip{"để trống: bỏ qua", "empty: skip"};
const Text kAskPick{"gõ số hoặc tên", "type a number or a name"};
const Text kAskMore{"Thêm một mục nữa cho \"{1}\"? (c/k)", "Another item for \"{1}\"? (y/n)"};
const Text kAskSummary{"Cảnh báo sẽ gửi:", "The alert to post:"};
const Text kAskConfirm{"Gửi cảnh báo này? (c/k)", "Post this alert? (y/n)"};
const Text kAskCancelled{"Đã hủy, không gửi gì.", "Cancelled, nothing was posted."};
const Text kAskEnded{"đầu vào kết thúc trước khi trả lời xong", "the input ended before all the answers"};
const Text kAskYes{"c", "y"};
const Text kAskList{"mỗi dòng một mục; để trống để kết thúc", "one item per line; empty to finish"};
const Text kAskRequired{"trường này bắt buộc", "this field is required"};
const Text kAskGroup{"Nhập \"{1}\"? (c/k)", "Fill in \"{1}\"? (y/n)"};
// clang-format on

}  // namespace alertbus::alertctl::msg
