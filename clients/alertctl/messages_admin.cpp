// The texts of `alertctl admin backup` and `admin restore` (messages_admin.hpp).
#include "alertctl/messages_admin.hpp"

namespace alertbus::alertctl::msg {

// clang-format off
const Text kCmdAdminBackup{
    "Sao lưu cơ sở dữ liệu của nút khi broker đang chạy (API sao lưu trực tuyến của SQLite), "
    "kiểm tra bản sao rồi mới lưu; chạy trên máy của nút, bằng tài khoản của nút",
    "Back up the node's database while the broker runs (SQLite's online backup API), checked "
    "before it is saved; run on the node's machine, as the node's user"};
const Text kCmdAdminRestore{
    "Khôi phục cơ sở dữ liệu của nút đã dừng từ một bản sao lưu (kiểm tra trước; giữ lại "
    "tệp cũ)",
    "Restore a stopped node's database from a backup (checked first; the old file is kept)"};
const Text kOptBackupOut{"Tệp bản sao lưu sẽ ghi (chế độ 0600)",
                         "The backup file to write (mode 0600)"};
const Text kOptRestoreFrom{"Tệp bản sao lưu để khôi phục", "The backup file to restore"};
const Text kOptRestoreDataDir{"Thư mục dữ liệu của nút (broker.data_dir)",
                              "The node's data directory (broker.data_dir)"};
const Text kBackupSaved{"Đã sao lưu vào {1}", "Backed up to {1}"};
const Text kBackupNotSaved{"KHÔNG lưu bản sao: bản sao của {1} không qua được kiểm tra",
                           "Backup NOT saved: the copy of {1} failed its checks"};
const Text kBackupFacts{
    "nút {1}, {2} sự kiện, số thứ tự cuối {3}, kỷ nguyên nhật ký {4}, lược đồ {5}, {6} byte",
    "node {1}, {2} events, head seq {3}, log epoch {4}, schema {5}, {6} bytes"};
const Text kBackupIntegrity{"chuỗi băm nguyên vẹn; SQLite quick_check: {1}",
                            "hash chain intact; SQLite quick_check: {1}"};
const Text kBackupBesides{
    "Ngoài tệp này, hãy giữ riêng tệp khóa của nút (security.key_file); KHÔNG sao lưu "
    "alertbus.head: khi khôi phục, tệp đó phải là tệp của nút",
    "Besides this file, keep the node's key file (security.key_file) safe; do NOT back up "
    "alertbus.head: a restore needs the node's own"};
const Text kRestoreChecked{"Bản sao lưu {1} hợp lệ", "Backup {1} checked"};
const Text kRestoreRefused{"KHÔNG khôi phục: bản sao lưu {1} không qua được kiểm tra",
                           "NOT restored: backup {1} failed its checks"};
const Text kRestoreMovedAside{"Cơ sở dữ liệu cũ được giữ lại (cùng WAL của nó): {1}",
                              "The previous database is kept (with its WAL): {1}"};
const Text kRestoreNothingAside{"Thư mục dữ liệu chưa có cơ sở dữ liệu: không có gì để giữ lại",
                                "The data directory held no database: nothing kept aside"};
const Text kRestoreMarkerKept{
    "Giữ nguyên alertbus.head (kỷ nguyên {1}, đầu nhật ký sau số thứ tự {2} của bản sao lưu)",
    "alertbus.head kept (epoch {1}, its head beyond the backup's seq {2})"};
const Text kRestoreMarkerWritten{
    "alertbus.head thiếu hoặc thuộc kỷ nguyên khác: đã ghi lại (kỷ nguyên {1}, sau số thứ tự {2}) "
    "để nút nhận ra việc khôi phục",
    "alertbus.head was missing or of another epoch: written (epoch {1}, beyond seq {2}) so "
    "that the node notices the restore"};
const Text kRestoreNextStart{
    "Khi khởi động lại, nút nhận ra nhật ký đã được khôi phục, lấy kỷ nguyên nhật ký mới; các "
    "liên kết lấy lại từ các nút ngang hàng những gì bản sao lưu thiếu (sự kiện của họ, và sự "
    "kiện của chính nút này đến điểm kiểm tra cuối cùng họ giữ); hồ sơ vụ việc được chiếu lại",
    "At its next start the node sees the restored log and takes a new log epoch; its links "
    "pull back from the peers what the backup lacks (their events, and this node's own up to "
    "the last checkpoint of them they keep); the case records are projected again"};
// clang-format on

}  // namespace alertbus::alertctl::msg
