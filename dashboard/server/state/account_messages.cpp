// The `account` commands' texts (account_messages.hpp). Vietnamese with full diacritics.
#include "state/account_messages.hpp"

namespace alertbus::dashboard::msg {

const Text kCmdAccount{"Quản lý tài khoản cán bộ của bảng điều khiển",
                       "Manage the dashboard's officer accounts"};
const Text kCmdAccountAdd{"Thêm tài khoản (hỏi mật khẩu hai lần)",
                          "Add an account (asks for the password twice)"};
const Text kCmdAccountDisable{"Khóa tài khoản: không đăng nhập được nữa",
                              "Disable an account: it can no longer log in"};
const Text kCmdAccountEnable{"Mở khóa tài khoản", "Enable a disabled account"};
const Text kCmdAccountPassword{"Đặt mật khẩu mới cho tài khoản", "Set an account's password"};
const Text kCmdAccountList{"Liệt kê các tài khoản", "List the accounts"};
const Text kOptAccounts{"Tệp tài khoản (TOML, chỉ chủ sở hữu được đọc)",
                        "The accounts file (TOML, owner-only)"};
const Text kOptUser{"Tên đăng nhập (a-z, 0-9, '.', '_', '-')",
                    "User name (a-z, 0-9, '.', '_', '-')"};
const Text kOptName{"Họ tên cán bộ, ví dụ \"Nguyễn Văn An\"",
                    "The officer's name, e.g. \"Nguyễn Văn An\""};
const Text kOptUnit{"Đơn vị (mã chủ thể), ví dụ bac-giang/cnty",
                    "The unit (principal id), e.g. bac-giang/cnty"};
const Text kOptPasswordStdin{"Đọc mật khẩu từ dòng đầu của đầu vào chuẩn",
                             "Read the password from the first line of standard input"};

const Text kPromptPassword{"Mật khẩu: ", "Password: "};
const Text kPromptPasswordAgain{"Nhập lại mật khẩu: ", "Password again: "};
const Text kPasswordsDiffer{"hai lần nhập mật khẩu không khớp", "the two passwords differ"};
const Text kNoPassword{"không đọc được mật khẩu từ đầu vào", "no password on the input"};

const Text kError{"Lỗi: ", "Error: "};
const Text kAdded{"Đã thêm tài khoản ", "Added account "};
const Text kDisabled{"Đã khóa tài khoản ", "Disabled account "};
const Text kEnabled{"Đã mở khóa tài khoản ", "Enabled account "};
const Text kPasswordChanged{"Đã đổi mật khẩu của tài khoản ", "Changed the password of account "};
const Text kSessionsNotEnded{"không kết thúc được các phiên đăng nhập đang mở: ",
                             "cannot end the open sessions: "};
const Text kNoAccounts{"Chưa có tài khoản nào.", "No accounts."};

const Text kColumnUser{"Tên đăng nhập", "User"};
const Text kColumnName{"Họ tên", "Name"};
const Text kColumnUnit{"Đơn vị", "Unit"};
const Text kColumnState{"Trạng thái", "State"};
const Text kStateActive{"đang dùng", "active"};
const Text kStateDisabled{"đã khóa", "disabled"};

}  // namespace alertbus::dashboard::msg
