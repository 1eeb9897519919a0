#include "alertctl/messages.hpp"

namespace alertbus::alertctl {

std::string fill(std::string_view pattern, std::initializer_list<std::string_view> args) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{' && i + 2 < pattern.size() && pattern[i + 2] == '}' &&
        pattern[i + 1] >= '1' && pattern[i + 1] <= '9') {
      const auto index = static_cast<std::size_t>(pattern[i + 1] - '1');
      if (index < args.size()) {
        out += *(args.begin() + index);
        i += 2;
        continue;
      }
    }
    out += pattern[i];
  }
  return out;
}

}  // namespace alertbus::alertctl

namespace alertbus::alertctl::msg {

// clang-format off
const Text kAppDescription{
    "alertctl: công cụ dòng lệnh của mạng trao đổi cảnh báo liên tỉnh alertbus (đăng cảnh báo, "
    "thông tin tiếp theo, theo dõi, tra cứu, kiểm tra nhật ký).",
    "alertctl: command-line tool of the alertbus inter-province alert exchange (post alerts, "
    "follow-ups, watch, look up, audit the log)."};
const Text kFooter{
    "Mã thoát:\n"
    "  0  thành công\n"
    "  1  lỗi khác\n"
    "  2  sai cú pháp lệnh, giá trị không hợp lệ hoặc không đọc được dữ liệu đầu vào\n"
    "  3  không kết nối được broker hoặc hết thời gian chờ\n"
    "  4  bị broker hoặc bước kiểm tra trước khi gửi từ chối (in mã lỗi và thông báo)\n"
    "  5  không tìm thấy\n"
    "  6  watch kết thúc trước khi nhận đủ --count sự kiện; audit checkpoints: nút này thiếu"
    " sự kiện mà nút gốc đã ký\n"
    "  7  audit verify: chuỗi băm của nhật ký bị phá vỡ (nhật ký đã bị sửa)\n"
    "  8  audit verify: nhật ký nguyên vẹn nhưng hồ sơ vụ việc khác với nhật ký (sửa bằng"
    " alertctl admin reproject)\n"
    "  9  audit checkpoints: một mã sự kiện thuộc về nhiều sự kiện (mã bị dùng lại)\n"
    "Biến môi trường:\n"
    "  ALERTBUS_BROKER  địa chỉ broker (mặc định ipc:///tmp/alertbus/bac-giang.sock)\n"
    "  ALERTBUS_LANG    ngôn ngữ vi|en (mặc định vi)\n"
    "  ALERTBUS_SENDER  đơn vị gửi mặc định, ví dụ bac-giang/cnty\n"
    "  ALERTBUS_KEY_FILE    tệp khóa của người dùng (như --key-file)\n"
    "  ALERTBUS_SERVER_KEY  khóa công khai CurveZMQ của broker (như --server-key)\n"
    "  ALERTBUS_AREAS_FILE  bảng tỉnh để post kiểm tra mã khu vực (như --areas-file)",
    "Exit codes:\n"
    "  0  success\n"
    "  1  other failure\n"
    "  2  usage error, invalid value or unreadable input\n"
    "  3  broker unreachable or timed out\n"
    "  4  refused by the broker or by local validation (prints the code and message)\n"
    "  5  not found\n"
    "  6  watch ended before --count events arrived; audit checkpoints: events the origin"
    " signed are missing here\n"
    "  7  audit verify: the log's hash chain is broken (the log was altered)\n"
    "  8  audit verify: the log is intact but the case records differ from it (repair:"
    " alertctl admin reproject)\n"
    "  9  audit checkpoints: an event id is held by more than one event (a reused id)\n"
    "Environment:\n"
    "  ALERTBUS_BROKER  broker endpoint (default ipc:///tmp/alertbus/bac-giang.sock)\n"
    "  ALERTBUS_LANG    language vi|en (default vi)\n"
    "  ALERTBUS_SENDER  default sending unit, e.g. bac-giang/cnty\n"
    "  ALERTBUS_KEY_FILE    your key file (as --key-file)\n"
    "  ALERTBUS_SERVER_KEY  the broker's CurveZMQ public key (as --server-key)\n"
    "  ALERTBUS_AREAS_FILE  province table post checks area codes against (as --areas-file)"};
const Text kOptHelp{"In hướng dẫn này rồi thoát", "Print this help and exit"};
const Text kOptBroker{"Địa chỉ broker: tcp://máy:cổng hoặc ipc:///đường/dẫn",
                      "Broker endpoint: tcp://host:port or ipc:///path"};
const Text kOptJson{"In dữ liệu dạng JSON (ánh xạ JSON của protobuf)",
                    "Print data as JSON (protobuf JSON mapping)"};
const Text kOptLang{"Ngôn ngữ: vi (mặc định) hoặc en", "Language: vi (default) or en"};
const Text kOptTimeout{"Thời gian chờ, giây (mặc định 10; với watch: tổng thời gian theo dõi)",
                       "Timeout in seconds (default 10; for watch: total watch time)"};
const Text kOptKeyFile{
    "Tệp khóa của bạn (alertctl keys generate): kết nối mã hóa CurveZMQ và ký sự kiện",
    "Your key file (alertctl keys generate): CurveZMQ connection and event signing"};
const Text kOptServerKey{"Khóa công khai CurveZMQ của broker (Z85, 40 ký tự)",
                         "The broker's CurveZMQ public key (Z85, 40 characters)"};
const Text kCmdKeys{"Quản lý khóa (tạo, xem)", "Manage keys (generate, show)"};
const Text kCmdKeysGenerate{
    "Tạo cặp khóa CurveZMQ và khóa ký Ed25519 cho một chủ thể, ghi vào tệp quyền 0600",
    "Generate a CurveZMQ key pair and an Ed25519 signing key for a principal, written with"
    " mode 0600"};
const Text kCmdKeysShow{"In các khóa công khai của một tệp khóa",
                        "Print the public keys of a key file"};
const Text kOptPrincipal{"Chủ thể: đơn vị nút/tên (bac-giang/cnty) hoặc mã nút (bac-giang)",
                         "Principal: a unit node/name (bac-giang/cnty) or a node id (bac-giang)"};
const Text kOptKeyOut{"Tệp khóa cần ghi", "Key file to write"};
const Text kOptForce{"Ghi đè tệp đã có", "Replace an existing file"};
const Text kOptRole{"Vai trò cho mục danh bạ in ra: unit, dashboard, operator, node",
                    "Role for the printed registry entry: unit, dashboard, operator, node"};
const Text kKeysWritten{"Đã ghi tệp khóa (chỉ chủ sở hữu đọc được): ",
                        "Key file written (owner-only): "};
const Text kKeysRegistryHint{
    "# Thêm mục sau vào danh bạ (registry.toml) của mọi nút, bổ sung kinds/acts_for:",
    "# Add this entry to every node's registry (registry.toml), completing kinds/acts_for:"};
const Text kLabelUsage{"Cách dùng", "Usage"};
const Text kLabelOptions{"TÙY CHỌN", "OPTIONS"};
const Text kLabelCommand{"LỆNH", "COMMAND"};
const Text kLabelRequired{"BẮT BUỘC", "REQUIRED"};
const Text kLabelArguments{"Đối số", "Arguments"};
const Text kLabelText{"CHUỖI", "TEXT"};
const Text kLabelNumber{"SỐ", "NUMBER"};
const Text kLabelExcludes{"Loại trừ", "Excludes"};
const Text kLabelNeeds{"Cần", "Needs"};
const Text kGroupOptions{"Tùy chọn", "Options"};
const Text kGroupCommands{"Lệnh", "Commands"};

const Text kCmdPost{"Đăng một cảnh báo mới", "Post a new alert"};
const Text kCmdFollowUp{"Gửi thông tin tiếp theo cho một cảnh báo",
                        "Send a follow-up to an alert"};
const Text kCmdAck{"Xác nhận đã nhận một cảnh báo", "Acknowledge receipt of an alert"};
const Text kCmdClose{"Kết thúc (báo cáo cuối cùng) một cảnh báo", "Close an alert (final report)"};
const Text kCmdCancel{"Hủy một cảnh báo sai", "Cancel a false or wrong alert"};
const Text kCmdWithdraw{"Thu hồi một cảnh báo do chính đơn vị mình phát",
                        "Withdraw an alert your unit issued"};
const Text kCmdWatch{"Theo dõi sự kiện: các sự kiện đã lưu, sau đó sự kiện mới",
                     "Watch events: the stored ones, then new ones as they arrive"};
const Text kCmdGet{"Xem một sự kiện theo mã sự kiện hoặc số hiệu",
                   "Show one event by event id or reference"};
const Text kCmdList{"Liệt kê sự kiện theo bộ lọc", "List events matching filters"};
const Text kCmdStatus{"Xem trạng thái của broker", "Show the broker's status"};
const Text kCmdPeers{"Xem các liên kết liên thông với nút ngang hàng (tỉnh khác)",
                     "Show the federation links to peer nodes (other provinces)"};
const Text kCmdAudit{"Kiểm tra nhật ký sự kiện của một nút", "Audit a node's event log"};
const Text kOptWatchCases{
    "Theo dõi hồ sơ vụ việc thay đổi (mỗi lần một dòng); --after VỊ-TRÍ để tiếp tục",
    "Follow the cases as they change (a line each); --after POSITION to resume"};
const Text kWatchCasesOptions{
    "watch --cases nhận --kind, --origin, --area, --min-severity, --after, --from-now, --count;"
    " không nhận --durable, --since, --type",
    "watch --cases takes --kind, --origin, --area, --min-severity, --after, --from-now, --count;"
    " not --durable, --since, --type"};
const Text kCmdAdmin{"Quản trị nút (người vận hành)", "Administer the node (operators)"};
const Text kCmdAdminReproject{"Dựng lại hồ sơ vụ việc từ nhật ký sự kiện",
                              "Rebuild the case records from the event log"};
const Text kCmdAuditVerify{
    "Tính lại chuỗi băm của nhật ký từ tệp cơ sở dữ liệu (chỉ đọc; chạy được khi broker đang "
    "chạy) và báo dòng đầu tiên bị phá vỡ; tính lại hồ sơ vụ việc từ nhật ký và báo hồ sơ nào "
    "khác",
    "Recompute the log's hash chain from the database file (read-only; works while the "
    "broker runs) and report the first broken row; recompute the case records from the log "
    "and report any that differs"};

const Text kOptKind{"Loại cảnh báo: animal-disease|crop-pest|forest-fire|unsafe-food",
                    "Alert kind: animal-disease|crop-pest|forest-fire|unsafe-food"};
const Text kOptTitle{"Tiêu đề (tối đa 200 ký tự)", "Headline (at most 200 characters)"};
const Text kOptSeverity{"Mức độ: unknown|minor|moderate|severe|extreme",
                        "Severity: unknown|minor|moderate|severe|extreme"};
const Text kOptUrgency{"Độ khẩn cấp: unknown|past|future|expected|immediate",
                       "Urgency: unknown|past|future|expected|immediate"};
const Text kOptCertainty{"Độ chắc chắn: unknown|unlikely|possible|likely|observed",
                         "Certainty: unknown|unlikely|possible|likely|observed"};
const Text kOptStatus{"Trạng thái tin: actual (mặc định)|exercise|test",
                      "Message status: actual (default)|exercise|test"};
const Text kOptFollowUpStatus{"Trạng thái tin: actual|exercise|test (mặc định: như cảnh báo)",
                              "Message status: actual|exercise|test (default: the alert's)"};
const Text kOptSender{"Đơn vị gửi <nút>/<đơn vị>, ví dụ bac-giang/cnty (hoặc ALERTBUS_SENDER)",
                      "Sending unit <node>/<unit>, e.g. bac-giang/cnty (or ALERTBUS_SENDER)"};
const Text kOptArea{"Khu vực MÃ:HỆ_MÃ:TÊN, ví dụ 24:VN-2004:Bắc Giang (lặp lại được)",
                    "Area CODE:SCHEME:NAME, e.g. 24:VN-2004:Bắc Giang (repeatable)"};
const Text kOptDescription{"Mô tả", "Description"};
const Text kOptContact{"Người liên hệ, số điện thoại", "Contact person, phone"};
const Text kOptBody{"Tệp TOML hoặc JSON nội dung chi tiết theo loại (hoặc cả sự kiện); - là đầu vào chuẩn",
                    "TOML or JSON file of the typed body (or the whole event); - reads stdin"};
const Text kOptFile{"Tệp TOML (xem --template) hoặc JSON của cả sự kiện; - là đầu vào chuẩn; các tùy chọn khác ghi đè",
                    "TOML (see --template) or JSON file of the whole event; - reads stdin; other options override it"};
const Text kOptAlert{"Mã sự kiện hoặc số hiệu của cảnh báo (ví dụ BG-2026-00042)",
                     "Event id or reference of the alert (e.g. BG-2026-00042)"};
const Text kOptType{
    "Loại thông tin: additional-info|measures-taken|request-info|answer-info|reclassify|"
    "correct|level-change|new-outbreak|verification|acknowledge|close|cancel|withdraw",
    "Follow-up type: additional-info|measures-taken|request-info|answer-info|reclassify|"
    "correct|level-change|new-outbreak|verification|acknowledge|close|cancel|withdraw"};
const Text kOptText{"Nội dung", "Text"};
const Text kOptNewSeverity{"Mức độ mới (reclassify)", "New severity (reclassify)"};
const Text kOptNewLevel{"Cấp dự báo cháy rừng mới 1..5 (level-change)",
                        "New forest-fire danger level 1..5 (level-change)"};
const Text kOptAnswers{"Mã sự kiện của yêu cầu được trả lời (answer-info)",
                       "Event id of the request being answered (answer-info)"};
const Text kOptQuantity{"Số lượng liên quan (measures-taken)", "Quantity concerned (measures-taken)"};
const Text kOptQuantityUnit{"Đơn vị của số lượng, ví dụ kg, t", "Unit of the quantity, e.g. kg, t"};
const Text kOptStable{
    "Đơn vị phát cảnh báo báo tình hình đã ổn định (với additional-info, measures-taken)",
    "The issuing unit reports the situation stable (with additional-info, measures-taken)"};
const Text kOptDurable{"Tên đăng ký bền vững: lần sau tiếp tục từ chỗ đã dừng",
                       "Durable name: resume where the last run stopped"};
const Text kOptFilterKind{"Chỉ loại cảnh báo này (lặp lại được)", "Only this alert kind (repeatable)"};
const Text kOptFilterType{"Chỉ loại sự kiện này: alert, acknowledge, ... (lặp lại được)",
                          "Only this event type: alert, acknowledge, ... (repeatable)"};
const Text kOptOrigin{"Chỉ sự kiện phát từ nút này, ví dụ hai-duong (lặp lại được)",
                      "Only events from this node, e.g. hai-duong (repeatable)"};
const Text kOptFilterArea{
    "Chỉ sự kiện có khu vực này, ghi cả hệ mã: VN-2025:24, VN-2004:30 (lặp lại được; tỉnh"
    " VN-2025 gồm cả các tỉnh VN-2004 đã nhập vào)",
    "Only events with this area, scheme included: VN-2025:24, VN-2004:30 (repeatable; a"
    " VN-2025 province includes the VN-2004 provinces merged into it)"};
const Text kOptAllKinds{
    "Theo dõi mọi loại cảnh báo (mặc định: các loại của đơn vị mình, theo danh bạ khóa, và "
    "cảnh báo từ hệ thống khác, liên quan đến mọi đơn vị)",
    "Watch every kind (default: your unit's kinds, from the registry, and external alerts, "
    "which concern every unit)"};
const Text kWatchOwnKinds{"Theo dõi các loại cảnh báo của đơn vị (--all-kinds để xem mọi loại): ",
                          "Watching your unit's kinds (--all-kinds for every kind): "};
const Text kOptNotices{
    "Hiện cả thông báo của máy chủ (xác nhận đã nhận, thông báo quá hạn), mặc định ẩn",
    "Show the brokers' notices too (receipts, overdue notices), hidden by default"};
const Text kOptMinSeverity{"Mức độ tối thiểu", "Minimum severity"};
const Text kOptFromBeginning{"Từ đầu nhật ký (mặc định)", "From the start of the log (default)"};
const Text kOptAfter{"Sau số thứ tự này", "After this seq"};
const Text kOptSince{"Từ thời điểm: 2026-11-28, \"2026-11-28 14:05\" (giờ Việt Nam) hoặc RFC 3339",
                     "From this time: 2026-11-28, \"2026-11-28 14:05\" (Vietnam time) or RFC 3339"};
const Text kOptUntil{"Đến trước thời điểm này (cùng định dạng với --since)",
                     "Before this time (same formats as --since)"};
const Text kOptFromNow{"Chỉ sự kiện mới từ bây giờ", "Only new events from now on"};
const Text kOptCount{"Dừng sau N sự kiện", "Stop after N events"};
const Text kOptLimit{"Số sự kiện mỗi trang, 1..1000 (mặc định 100)",
                     "Events per page, 1..1000 (default 100)"};
const Text kOptPageToken{"Mã trang tiếp theo từ lần liệt kê trước",
                         "Next-page token from the previous listing"};
const Text kArgAlertOrReference{"Mã sự kiện hoặc số hiệu", "Event id or reference"};
const Text kOptDatabase{"Tệp cơ sở dữ liệu của nút, ví dụ /var/lib/alertbus/alertbus.db",
                        "The node's database file, e.g. /var/lib/alertbus/alertbus.db"};
const Text kOptDataDir{"Thư mục dữ liệu của nút (broker.data_dir); tệp là <thư mục>/alertbus.db",
                       "The node's data directory (broker.data_dir); the file is <dir>/alertbus.db"};

const Text kReference{"Số hiệu", "Reference"};
const Text kSeq{"Số thứ tự", "Seq"};
const Text kEventId{"Mã sự kiện", "Event id"};
const Text kKind{"Loại", "Kind"};
const Text kTitle{"Tiêu đề", "Title"};
const Text kSeverity{"Mức độ", "Severity"};
const Text kUrgency{"Độ khẩn cấp", "Urgency"};
const Text kCertainty{"Độ chắc chắn", "Certainty"};
const Text kMessageStatus{"Trạng thái tin", "Status"};
const Text kAreas{"Khu vực", "Areas"};
const Text kSender{"Đơn vị gửi", "Sender"};
const Text kSentAt{"Thời gian gửi", "Sent at"};
const Text kOrigin{"Nơi phát", "Origin"};
const Text kStoredAt{"Lưu tại nút lúc", "Stored here at"};
const Text kVia{"Nhận qua", "Received via"};
const Text kDescription{"Mô tả", "Description"};
const Text kContact{"Liên hệ", "Contact"};
const Text kFollows{"Theo cảnh báo", "Follows alert"};
const Text kUnreadableEvent{"(không đọc được nội dung sự kiện)", "(the event bytes are unreadable)"};
const Text kNode{"Nút", "Node"};
const Text kLinks{"Liên kết với các tỉnh", "Links to the provinces"};
const Text kLinksConnected{"đã kết nối", "connected"};
const Text kNoLinks{"chưa khai báo", "none configured"};
const Text kCaseRecordsUpdating{"đang cập nhật hồ sơ", "case records still updating"};
const Text kHeadSeq{"Số thứ tự mới nhất", "Head seq"};
const Text kEventCount{"Số sự kiện", "Events"};
const Text kClients{"Máy khách đang kết nối", "Connected clients"};
const Text kSubscriptions{"Đăng ký theo dõi", "Subscriptions"};
const Text kVersion{"Phiên bản", "Version"};
const Text kStartedAt{"Khởi động lúc", "Started at"};
const Text kCasesOpen{"Vụ việc đang mở", "Open cases"};
const Text kCasesOverdue{"Vụ việc quá hạn", "Overdue cases"};
const Text kCaseRecords{"Hồ sơ vụ việc cập nhật đến", "Case records up to"};
const Text kCaseworkOff{"không bật ở nút này", "switched off at this node"};
const Text kPeers{"Nút ngang hàng", "Peers"};
const Text kPath{"Đường đi qua các nút", "Path through nodes"};
const Text kNoPeers{"Nút này chưa khai báo nút ngang hàng nào ([[peers]]).",
                    "This node has no peers configured ([[peers]])."};
const Text kLinkConnected{"đã kết nối", "connected"};
const Text kLinkDisconnected{"MẤT KẾT NỐI", "NOT CONNECTED"};
const Text kLinkEndpoint{"Địa chỉ", "Endpoint"};
const Text kLinkPosition{"Đã nhận đến", "Received up to"};
const Text kLinkLag{"Độ trễ", "Lag"};
const Text kLinkCaughtUp{"đã bắt kịp", "caught up"};
const Text kLinkEvents{"sự kiện", "events"};
const Text kLinkSeconds{"giây", "s"};
const Text kLastContact{"Liên lạc gần nhất", "Last contact"};
const Text kNever{"chưa lần nào", "never"};
const Text kLinkCounters{"Đã lưu/trùng/từ chối", "Stored/dup/refused"};
const Text kLastError{"Lỗi gần nhất", "Last error"};

const Text kChainIntact{"Chuỗi băm nguyên vẹn", "Chain intact"};
const Text kChainBroken{"CHUỖI BĂM BỊ PHÁ VỠ tại số thứ tự", "Chain BROKEN at seq"};
const Text kChainRows{"dòng", "rows"};
const Text kChainLastSeq{"số thứ tự cuối", "last seq"};
const Text kChainHeadHash{"mã băm mới nhất", "head hash"};
const Text kChainIntactBefore{"Nguyên vẹn trước đó", "Intact before it"};
const Text kChainNothingIntact{"Không có dòng nào nguyên vẹn trước đó.",
                               "No row before it is intact."};
const Text kChainStoredHash{"Mã băm đã lưu:  ", "Stored hash:    "};
const Text kChainComputedHash{"Mã băm tính lại:", "Recomputed hash:"};
const Text kChainHashMismatch{
    "mã băm đã lưu khác mã băm tính lại từ dòng này và dòng trước nó: dòng này hoặc mã băm của "
    "nó đã bị sửa",
    "the stored hash differs from the one recomputed from this row and the row before it: this "
    "row or its hash was altered"};
const Text kChainMissingHash{"dòng này không có mã băm", "this row has no hash"};
const Text kChainMalformedHash{"mã băm đã lưu không dài 32 byte mà",
                               "the stored hash is not 32 bytes long but"};
const Text kChainBytes{"byte", "bytes"};
const Text kChainRowMissing{"thiếu dòng số thứ tự", "missing the row with seq"};
const Text kChainRowsMissing{"thiếu các dòng số thứ tự", "missing the rows with seqs"};
const Text kChainTo{"đến", "to"};
const Text kChainOutOfOrder{"số thứ tự sai thứ tự, cần", "seq out of order, expected"};
const Text kProjectionMatches{"Hồ sơ vụ việc khớp với nhật ký", "Case records match the log"};
const Text kProjectionDiffers{"HỒ SƠ VỤ VIỆC KHÁC VỚI NHẬT KÝ", "Case records DIFFER from the log"};
const Text kProjectionCases{"vụ việc", "cases"};
const Text kProjectionOf{"trong", "of"};
const Text kProjectionUpToSeq{"đến số thứ tự", "up to seq"};
const Text kProjectionPerLog{"theo nhật ký", "per the log"};
const Text kProjectionNoRow{"không có dòng hồ sơ, dù nhật ký có sự kiện của nó",
                            "no case row, though the log holds its events"};
const Text kProjectionNotInLog{
    "có dòng hồ sơ, nhưng nhật ký không có cảnh báo hay thông tin tiếp theo nào của nó",
    "a case row, but the log holds no alert or follow-up of it"};
const Text kProjectionUnreadable{"dữ liệu hồ sơ đã lưu không đọc được",
                                 "the stored case does not parse"};
const Text kProjectionUnset{"(trống)", "(unset)"};
const Text kProjectionNotListed{"hồ sơ sai khác không liệt kê", "more differing cases not listed"};
const Text kProjectionStraySearch{"dòng chỉ mục tìm kiếm (case_text) không thuộc hồ sơ nào",
                                  "search index rows (case_text) belong to no case"};
const Text kProjectionStrayReceipts{"dòng biên nhận (case_receipts) không thuộc hồ sơ nào",
                                    "receipt rows (case_receipts) belong to no case"};
const Text kProjectionRepair{
    "Hồ sơ vụ việc được dựng từ nhật ký: giữ một bản sao tệp alertbus-projection.db để điều tra,"
    " rồi dựng lại bằng: alertctl admin reproject",
    "The case records are built from the log: keep a copy of alertbus-projection.db for the"
    " investigation, then rebuild them with: alertctl admin reproject"};
const Text kProjectionLogFirst{
    "Nhật ký đã bị sửa: khôi phục nhật ký trước (xem trên); chỉ sau đó mới dựng lại hồ sơ vụ việc"
    " từ nhật ký",
    "The log was altered: restore it first (above); only then rebuild the case records from it"};
const Text kProjectionNoFile{"Không kiểm hồ sơ vụ việc: không có tệp",
                             "Case records not checked: no file"};
const Text kProjectionOtherSchema{"Không kiểm hồ sơ vụ việc: tệp có phiên bản lược đồ",
                                  "Case records not checked: the file has schema version"};
const Text kProjectionChecksVersion{"còn alertctl này kiểm phiên bản",
                                    "this alertctl checks version"};
const Text kProjectionOtherVersion{
    "alertbusd cùng phiên bản với alertctl này dựng lại tệp khi khởi động",
    "an alertbusd of this alertctl's version rebuilds the file when it starts"};
const Text kProjectionOtherLog{"HỒ SƠ VỤ VIỆC KHÔNG PHẢI CỦA NHẬT KÝ NÀY: được dựng cho kỷ nguyên",
                               "Case records are NOT this log's: made for log epoch"};
const Text kProjectionLogEpoch{"còn nhật ký ở kỷ nguyên", "the log is epoch"};
const Text kProjectionAhead{"HỒ SƠ VỤ VIỆC KHÔNG PHẢI CỦA NHẬT KÝ NÀY: đã dựng đến số thứ tự",
                            "Case records are NOT this log's: projected up to seq"};
const Text kProjectionLogEnds{"còn nhật ký chỉ đến", "the log ends at"};
const Text kProjectionRebuiltAtStart{"alertbusd dựng lại khi khởi động",
                                     "alertbusd rebuilds them when it starts"};

const Text kOutbreaks{"ổ dịch", "outbreak(s)"};
const Text kCases{"mắc bệnh", "cases"};
const Text kDeaths{"chết", "deaths"};
const Text kDestroyed{"tiêu hủy", "destroyed"};
const Text kOnCrop{"trên", "on"};
const Text kInfestedHa{"ha nhiễm", "ha infested"};
const Text kQuarantinePest{"dịch hại kiểm dịch", "quarantine pest"};
const Text kCommunes{"xã", "commune(s)"};
const Text kConfidence{"độ tin cậy", "confidence"};
const Text kBurnedHa{"ha bị cháy", "ha burned"};
const Text kFromBorderKm{"km tới ranh giới tỉnh", "km from the provincial border"};
const Text kLot{"lô", "lot"};
const Text kHazards{"mối nguy", "hazards"};
const Text kNewSeverity{"mức độ mới", "new severity"};
const Text kNewLevel{"cấp mới", "new level"};

const Text kYes{"có", "yes"};
const Text kNo{"không", "no"};
const Text kUnitAnimals{"con", "animals"};

const Text kError{"Lỗi", "Error"};
const Text kField{"trường", "field"};
const Text kSeeHelp{"Xem hướng dẫn: alertctl --help", "See: alertctl --help"};
const Text kDuplicate{"Sự kiện này đã được lưu trước đó; không tạo bản sao.",
                      "This event had been stored before; no copy was made."};
const Text kNextPage{"Còn trang tiếp theo: --page-token ", "More pages: --page-token "};
const Text kWatchEnded{"Hết thời gian theo dõi: nhận được ", "Watch time is up: received "};
const Text kCannotReadFile{"không đọc được tệp ", "cannot read file "};
const Text kInputTooLarge{"tệp quá lớn (tối đa 4 MiB; một sự kiện tối đa 1 MiB): ",
                          "file too large (at most 4 MiB; an event is at most 1 MiB): "};
const Text kInvalidJson{"JSON không hợp lệ", "invalid JSON"};
const Text kInvalidArea{"khu vực phải có dạng MÃ:HỆ_MÃ:TÊN, ví dụ 24:VN-2004:Bắc Giang: ",
                        "an area must be CODE:SCHEME:NAME, e.g. 24:VN-2004:Bắc Giang: "};
const Text kInvalidTime{
    "thời gian không hợp lệ (dùng 2026-11-28, \"2026-11-28 14:05\" hoặc 2026-11-28T14:05:00+07:00): ",
    "invalid time (use 2026-11-28, \"2026-11-28 14:05\" or 2026-11-28T14:05:00+07:00): "};
const Text kMissingSender{"thiếu đơn vị gửi: dùng --sender hoặc biến ALERTBUS_SENDER",
                          "no sending unit: use --sender or ALERTBUS_SENDER"};
const Text kMissingKind{"thiếu loại cảnh báo: dùng --kind", "no alert kind: use --kind"};
const Text kLocalValidation{"kiểm tra trước khi gửi không đạt", "local validation failed"};
const Text kUnknownValue{"giá trị không hợp lệ: ", "invalid value: "};
const Text kChooseOneOf{"chọn một trong", "choose one of"};
const Text kUnconfirmed{
    "Broker chưa xác nhận sự kiện; có thể nó đã được lưu. Tra cứu trước khi gửi lại: alertctl get ",
    "The broker did not confirm the event; it may have been stored. Check before sending again: "
    "alertctl get "};
const Text kNeedCommand{"cần chỉ định một lệnh", "a command is required"};
const Text kMissingOption{"thiếu ", "missing "};
const Text kUnknownCommand{"không có lệnh ", "no such command: "};
const Text kNeedDatabase{"cần --db <tệp> hoặc --data-dir <thư mục>",
                         "--db <file> or --data-dir <dir> is required"};
const Text kNeedAdminCommand{"admin cần một lệnh con: reproject, backup hoặc restore",
                             "admin needs a subcommand: reproject, backup or restore"};
const Text kNeedAuditCommand{"audit cần một lệnh con: verify hoặc checkpoints",
                             "audit needs a subcommand: verify or checkpoints"};
const Text kCmdAuditCheckpoints{
    "Đối chiếu bản sao sự kiện của các tỉnh khác với điểm kiểm tra có chữ ký của tỉnh gốc",
    "Check this node's copies of other provinces' events against their signed checkpoints"};
const Text kOptRegistry{"Danh bạ khóa (registry.toml) để kiểm chữ ký của các nút",
                        "Registry (registry.toml) to check the nodes' signatures with"};
const Text kCheckpointMatch{"KHỚP", "MATCHES"};
const Text kCheckpointMismatch{"KHÔNG KHỚP: bản sao ở đây khác với bản gốc",
                               "MISMATCH: the copy here differs from the origin's"};
const Text kCheckpointIncomplete{"CHƯA ĐỦ: nút này chưa có hết các sự kiện đó",
                                 "INCOMPLETE: this node does not hold all those events yet"};
const Text kCheckpointSignatureOk{"chữ ký của nút gốc hợp lệ", "the origin's signature verifies"};
const Text kCheckpointSignatureBad{"CHỮ KÝ KHÔNG HỢP LỆ", "SIGNATURE DOES NOT VERIFY"};
const Text kCheckpointSignatureUnchecked{"chưa kiểm chữ ký (thiếu --registry)",
                                         "signature not checked (no --registry)"};
const Text kCheckpointNone{"Chưa nhận điểm kiểm tra nào từ các nút ngang hàng",
                           "No checkpoints received from peers yet"};
const Text kCheckpointEpoch{"kỷ nguyên", "epoch"};
const Text kCheckpointUpTo{"đến", "up to"};
const Text kCheckpointEvents{"sự kiện theo nút gốc", "events per the origin"};
const Text kCheckpointHeld{"có ở đây", "held here"};
const Text kSharedId{"MÃ SỰ KIỆN TRÙNG:", "SHARED EVENT ID:"};
const Text kSharedIdHeldBy{"thuộc về", "is held by"};
const Text kSharedIdEvents{"sự kiện", "events"};
const Text kSharedIdAdvice{
    "Một mã sự kiện đã bị dùng lại cho sự kiện khác. Cả hai đều được lưu và chuyển tiếp; sự "
    "kiện lưu trước giữ mã này trong hồ sơ vụ việc. Hãy xem từng sự kiện bằng `alertctl get "
    "<số hiệu>` và báo cho nút gốc của sự kiện sai để thu hồi nó.",
    "An event id was reused by another event. Both are stored and relayed; the one stored "
    "first keeps the id in casework. Read each with `alertctl get <reference>` and tell the "
    "origin of the wrong one to withdraw it."};

// clang-format on

}  // namespace alertbus::alertctl::msg
