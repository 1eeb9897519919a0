// The one vocabulary of the pages' own strings, Vietnamese first, English second.
// Texts the server renders (labels, names, dates) come in the language sent as `lang=`.

import { vietnamParts } from './vn_date.js';

const STORAGE_KEY = 'alertbus.lang';
const LANGS = ['vi', 'en'];

const STRINGS = {
  app_name: ['alertbus', 'alertbus'],
  skip_to_content: ['Chuyển tới nội dung chính', 'Skip to main content'],
  nav_label: ['Điều hướng chính', 'Main navigation'],
  nav_inbox: ['Hộp thư', 'Inbox'],
  nav_post: ['Đăng cảnh báo', 'Post an alert'],
  nav_map: ['Bản đồ', 'Map'],
  nav_network: ['Mạng lưới', 'Network'],
  nav_reports: ['Báo cáo', 'Reports'],
  unread: ['{n} chưa đọc', '{n} unread'],
  unread_none: ['Không có cảnh báo chưa đọc', 'No unread alerts'],
  node: ['Nút', 'Node'],
  language_toggle: ['English', 'Tiếng Việt'],
  language_toggle_label: ['Switch to English', 'Chuyển sang Tiếng Việt'],
  large_mode: ['Chữ lớn', 'Large text'],
  sound_alerts: ['Chuông và thông báo', 'Sound and notifications'],
  sound_alerts_help: ['Cảnh báo nghiêm trọng hoặc khẩn cấp thuộc lĩnh vực của đơn vị', 'Severe or extreme alerts of your unit\u2019s kinds'],
  logout: ['Đăng xuất', 'Log out'],
  loading: ['Đang tải…', 'Loading…'],
  error_generic: ['Đã xảy ra lỗi. Vui lòng thử lại.', 'Something went wrong. Please try again.'],
  error_network: ['Không liên lạc được với máy chủ bảng điều khiển.', 'Cannot reach the dashboard server.'],
  retry: ['Thử lại', 'Try again'],

  banner_links_down: ['Mất kết nối tới {names}', 'Lost connection to {names}'],
  banner_broker_down: ['Bảng điều khiển mất kết nối với máy chủ tỉnh', 'The dashboard has lost its connection to the province server'],
  banner_stream_down: ['Mất kết nối trực tiếp với bảng điều khiển, đang kết nối lại…', 'Live connection to the dashboard lost, reconnecting…'],

  inbox_title: ['Hộp thư cảnh báo', 'Alert inbox'],
  waiting_title: ['Chờ tôi xác nhận', 'Waiting for my acknowledgement'],
  waiting_none: ['Không có cảnh báo nào chờ xác nhận.', 'Nothing is waiting for your acknowledgement.'],
  waiting_hidden: ['Đang hiện {shown} cảnh báo mới nhất trong {n} cảnh báo chờ xác nhận; chọn bộ lọc (loại, tỉnh, thời gian) để xem các cảnh báo khác.', 'Showing the newest {shown} of {n} alerts waiting for acknowledgement; use the filters (kind, province, time) to see the others.'],
  feed_title: ['Tất cả cảnh báo', 'All alerts'],
  feed_none: ['Không có cảnh báo nào khớp bộ lọc.', 'No alert matches the filters.'],
  load_more: ['Xem thêm', 'Show more'],
  new_updates: ['Có {n} cập nhật mới', '{n} new updates'],
  overdue: ['Quá hạn', 'Overdue'],
  unread_mark: ['Chưa đọc', 'Unread'],
  from_province: ['Từ', 'From'],
  follow_ups: ['{n} cập nhật', '{n} follow-ups'],

  filters_title: ['Bộ lọc', 'Filters'],
  filter_kind: ['Loại cảnh báo', 'Kind'],
  filter_severity: ['Mức độ tối thiểu', 'Minimum severity'],
  filter_province: ['Tỉnh / thành phố', 'Province'],
  filter_origin: ['Nơi phát', 'Origin'],
  filter_state: ['Trạng thái', 'State'],
  filter_from: ['Từ ngày', 'From'],
  filter_until: ['Đến ngày', 'Until'],
  filter_overdue: ['Chỉ cảnh báo quá hạn', 'Overdue only'],
  filter_q: ['Tìm kiếm (có thể gõ không dấu)', 'Search (diacritics optional)'],
  filter_any: ['Tất cả', 'Any'],
  filter_clear: ['Xoá bộ lọc', 'Clear filters'],
  scheme_2004: ['trước 1/7/2025', 'before 1 July 2025'],
  scheme_2025: ['từ 1/7/2025', 'since 1 July 2025'],
  export_csv: ['Tải CSV', 'Download CSV'],
  export_geojson: ['Tải GeoJSON', 'Download GeoJSON'],
  export_label: ['Xuất danh sách đã lọc', 'Export the filtered list'],

  alert_reference: ['Số hiệu', 'Reference'],
  alert_kind: ['Loại', 'Kind'],
  alert_severity: ['Mức độ', 'Severity'],
  alert_state: ['Trạng thái', 'State'],
  alert_sent: ['Thời gian phát', 'Sent'],
  alert_origin: ['Nơi phát', 'Origin'],
  alert_sender: ['Đơn vị phát', 'Sender'],
  alert_envelope: ['Thông tin chung', 'General information'],
  alert_body: ['Nội dung chi tiết', 'Details'],
  alert_receivers: ['Các tỉnh nhận', 'Receiving provinces'],
  alert_timeline: ['Diễn biến', 'Timeline'],
  alert_timeline_none: ['Chưa có cập nhật nào.', 'No follow-ups yet.'],
  alert_path: ['Đường truyền', 'Path travelled'],
  alert_cap: ['Tải bản CAP (XML)', 'Download as CAP (XML)'],
  alert_actions: ['Xử lý', 'Actions'],
  alert_not_found: ['Không tìm thấy cảnh báo này.', 'This alert was not found.'],
  back_to_inbox: ['Quay lại hộp thư', 'Back to the inbox'],
  receiver_province: ['Tỉnh nhận', 'Province'],
  receiver_state: ['Trạng thái', 'State'],
  receiver_delivered: ['Đã nhận lúc', 'Delivered'],
  receiver_ack_by: ['Xác nhận bởi', 'Acknowledged by'],
  receiver_ack_at: ['Xác nhận lúc', 'Acknowledged at'],
  receiver_due: ['Hạn xác nhận', 'Deadline'],
  entry_by: ['Cán bộ', 'Officer'],
  entry_not_applied: ['chưa áp dụng', 'not applied'],
  action_text: ['Nội dung', 'Text'],
  action_quantity: ['Số lượng', 'Quantity'],
  action_quantity_unit: ['Đơn vị tính', 'Unit'],
  action_stable: ['Đánh dấu ổn định (chưa kết thúc hẳn)', 'Mark as stable (not fully over)'],
  action_submit: ['Gửi', 'Send'],
  action_cancel: ['Huỷ bỏ', 'Cancel'],
  action_done: ['Đã ghi nhận.', 'Recorded.'],
  action_refused: ['Không thể thực hiện', 'Not possible'],
  updated_live: ['Cảnh báo vừa được cập nhật.', 'This alert has just been updated.'],

  post_title: ['Đăng cảnh báo mới', 'Post a new alert'],
  post_choose_kind: ['Chọn loại cảnh báo', 'Choose the kind of alert'],
  post_cannot_issue: ['Khoá của đơn vị trên bảng điều khiển này chỉ được xác nhận và cập nhật, không được đăng cảnh báo. Hãy đăng bằng khoá của đơn vị (alertctl) hoặc liên hệ quản trị.', 'This dashboard\u2019s key for your unit may acknowledge and follow up, not post alerts. Post with the unit\u2019s own key (alertctl) or ask your administrator.'],
  post_no_kinds: ['Đơn vị của bạn không có loại cảnh báo nào để đăng.', 'Your unit has no alert kinds to post.'],
  post_required: ['bắt buộc', 'required'],
  post_add: ['Thêm', 'Add'],
  post_remove: ['Xoá', 'Remove'],
  post_lat: ['Vĩ độ', 'Latitude'],
  post_lon: ['Kinh độ', 'Longitude'],
  post_choose: ['— Chọn —', '— Choose —'],
  post_submit: ['Đăng cảnh báo', 'Post the alert'],
  post_sending: ['Đang gửi…', 'Sending…'],
  post_errors: ['Biểu mẫu còn {n} lỗi, xem các ô được đánh dấu.', 'The form has {n} errors; see the marked fields.'],
  date_label: ['Ngày', 'Date'],
  time_label: ['Giờ', 'Time'],
  date_hint: ['ngày/tháng/năm, ví dụ 05/12/2026', 'day/month/year, e.g. 05/12/2026'],
  time_hint: ['giờ:phút theo 24 giờ, ví dụ 14:30', '24-hour hours:minutes, e.g. 14:30'],
  times_note: ['Thời gian trên trang này theo giờ Việt Nam (UTC+07:00), dạng ngày/tháng/năm giờ:phút.', 'Times on this page are Vietnam time (UTC+07:00), as day/month/year hours:minutes.'],
  vietnam_zone: ['Giờ Việt Nam (UTC+07:00, Asia/Ho_Chi_Minh)', 'Vietnam time (UTC+07:00, Asia/Ho_Chi_Minh)'],
  date_format: ['Ngày «{text}» chưa đúng dạng ngày/tháng/năm (dd/mm/yyyy), ví dụ 05/12/2026.', 'The date “{text}” is not in day/month/year form (dd/mm/yyyy), e.g. 05/12/2026.'],
  date_month: ['Ngày {text} không có thật: không có tháng {month} (tháng từ 1 đến 12).', '{text} is not a real date: there is no month {month} (months are 1 to 12).'],
  date_day: ['Ngày {text} không có thật: tháng {month}/{year} chỉ có {days} ngày.', '{text} is not a real date: month {month} of {year} has only {days} days.'],
  time_format: ['Giờ «{text}» chưa đúng dạng giờ:phút theo 24 giờ (HH:mm), ví dụ 14:30.', 'The time “{text}” is not 24-hour hours:minutes (HH:mm), e.g. 14:30.'],
  time_missing: ['Hãy nhập cả giờ (HH:mm).', 'Enter the time too (HH:mm).'],
  date_missing: ['Hãy nhập cả ngày (dd/mm/yyyy).', 'Enter the date too (dd/mm/yyyy).'],
  post_fix_first: ['Biểu mẫu còn {n} ô chưa đúng, xem các ô được đánh dấu.', 'Fields to correct: {n}; see the marked fields.'],
  commune_province: ['Tỉnh/thành phố có xã', 'Province of the commune'],
  commune_name: ['Tên xã/phường', 'Commune or ward name'],
  commune_name_hint: ['ví dụ: xã Lục Ngạn', 'e.g. xã Lục Ngạn'],
  commune_code: ['Mã xã/phường', 'Commune or ward code'],
  commune_code_hint: ['5 chữ số theo danh mục đơn vị hành chính, ví dụ 07360; mã tỉnh (2 chữ số) không dùng ở đây', '5 digits from the list of administrative units, e.g. 07360; a province code (2 digits) does not go here'],
  commune_code_format: ['Mã xã «{text}» phải gồm đúng 5 chữ số, ví dụ 07360.', 'The commune code “{text}” must be exactly 5 digits, e.g. 07360.'],

  network_title: ['Mạng lưới', 'Network'],
  network_broker: ['Máy chủ tỉnh', 'Province server'],
  network_connected: ['Đang kết nối', 'Connected'],
  network_disconnected: ['Mất kết nối', 'Disconnected'],
  network_since: ['từ {t}', 'since {t}'],
  network_links: ['Kết nối tới các tỉnh', 'Links to other provinces'],
  network_peer: ['Tỉnh', 'Peer'],
  network_state: ['Trạng thái', 'State'],
  network_lag_events: ['Tin chưa chuyển', 'Events behind'],
  network_lag_seconds: ['Độ trễ', 'Lag'],
  network_last_contact: ['Liên lạc gần nhất', 'Last contact'],
  network_last_error: ['Lỗi gần nhất', 'Last error'],
  network_no_links: ['Chưa cấu hình kết nối nào.', 'No links configured.'],
  seconds: ['{n} giây', '{n} s'],

  login_title: ['Đăng nhập', 'Log in'],
  login_user: ['Tên đăng nhập', 'User name'],
  login_password: ['Mật khẩu', 'Password'],
  login_submit: ['Đăng nhập', 'Log in'],
  login_bad: ['Tên đăng nhập hoặc mật khẩu không đúng.', 'Wrong user name or password.'],
  login_too_many: ['Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {wait}.', 'Too many failed attempts. Please try again in {wait}.'],
  minutes: ['{n} phút', '{n} min'],

  map_title: ['Bản đồ cảnh báo', 'Alert map'],
  map_region: ['Bản đồ cảnh báo theo tỉnh', 'Map of alerts by province'],
  map_scheme: ['Ranh giới tỉnh', 'Province boundaries'],
  map_scheme_2025: ['34 tỉnh, thành phố (VN-2025, từ 1/7/2025)', '34 provinces (VN-2025, since 1 July 2025)'],
  map_scheme_2004: ['63 tỉnh, thành phố (VN-2004, trước 1/7/2025)', '63 provinces (VN-2004, before 1 July 2025)'],
  map_list_title: ['Cảnh báo trên bản đồ', 'Alerts on the map'],
  map_absent: ['Không có vị trí trên bản đồ', 'Not on the map'],
  map_show: ['Xem trên bản đồ', 'Show on the map'],
  map_skipped: ['{n} cảnh báo không có vị trí vẽ được trên bản đồ (chỉ có trong danh sách).', 'Alerts without a place the map can draw: {n} (in the list only).'],
  map_more: ['Bản đồ chỉ hiển thị {n} cảnh báo đầu tiên; hãy thu hẹp bộ lọc để xem các cảnh báo khác.', 'The map shows the first {n} alerts only; narrow the filters to see the others.'],
  map_unavailable: ['Không tải được bản đồ. Danh sách cảnh báo vẫn dùng được.', 'The map could not be loaded. The list of alerts still works.'],
  map_unavailable_short: ['Không tải được bản đồ.', 'The map could not be loaded.'],
  map_unavailable_pick: ['Không tải được bản đồ; hãy chọn trong danh sách hoặc gõ toạ độ.', 'The map could not be loaded; choose from the list or type the coordinates.'],
  map_border_distance: ['Cách ranh giới tỉnh {km} km ({province})', '{km} km from the province border ({province})'],
  map_border_reported: ['Khoảng cách đến ranh giới tỉnh (đơn vị báo cáo): {km} km', 'Distance to the provincial border (as reported): {km} km'],
  alert_map: ['Vị trí trên bản đồ', 'Location on the map'],
  map_pick: ['Chọn trên bản đồ', 'Pick on the map'],
  map_pick_point: ['Chọn điểm trên bản đồ', 'Pick the point on the map'],
  map_pick_area_hint: ['Bấm vào một tỉnh trên bản đồ để chọn tỉnh đó trong danh sách.', 'Click a province on the map to choose it in the list.'],
  map_pick_point_hint: ['Bấm vào bản đồ để điền vĩ độ và kinh độ.', 'Click the map to fill in the latitude and longitude.'],
  map_picked: ['Đã chọn: {name}', 'Chosen: {name}'],
  map_pick_missing: ['{name} không có trong danh sách tỉnh của biểu mẫu.', '{name} is not in the form\u2019s list of provinces.'],
  map_point_picked: ['Đã điền toạ độ {lat}, {lon} ({name}).', 'Filled in {lat}, {lon} ({name}).'],
  map_point_picked_outside: ['Đã điền toạ độ {lat}, {lon} (ngoài ranh giới các tỉnh).', 'Filled in {lat}, {lon} (outside the provinces).'],
  reports_title: ['Báo cáo', 'Reports'],
  coming_soon: ['Trang này đang được xây dựng và sẽ sớm có.', 'This view is being built and is coming soon.'],
  reports_intro: ['Báo cáo 6 tháng (trước ngày 10/6) và báo cáo năm (trước ngày 10/12) theo Kế hoạch: cùng số liệu như lệnh alertctl report.', 'The half-yearly report (before 10 June) and the yearly report (before 10 December) of the plan: the same figures as alertctl report.'],
  reports_period: ['Kỳ báo cáo', 'Period'],
  reports_year: ['Năm', 'Year'],
  reports_h1: ['6 tháng đầu năm', 'First half-year'],
  reports_h2: ['6 tháng cuối năm', 'Second half-year'],
  reports_whole_year: ['Cả năm', 'Whole year'],
  reports_scope: ['Phạm vi', 'Scope'],
  reports_scope_unit: ['Đơn vị của tôi ({unit})', 'My unit ({unit})'],
  reports_scope_network: ['Toàn mạng lưới', 'The whole network'],
  reports_read: ['Xem báo cáo (mở thẻ mới)', 'Read the report (new tab)'],
  reports_download: ['Tải về', 'Download'],
  reports_pdf: ['PDF', 'PDF'],
  reports_xlsx: ['Excel (.xlsx)', 'Excel (.xlsx)'],
  reports_csv: ['CSV (danh sách cảnh báo)', 'CSV (the alerts)'],
  reports_md: ['Markdown', 'Markdown'],
  reports_slow: ['Lập báo cáo có thể mất vài giây với nhiều cảnh báo.', 'A report over many alerts may take a few seconds.'],
  not_found: ['Không có trang này.', 'There is no such page.'],
};

let current = load();

function load() {
  let stored = null;
  try {
    stored = localStorage.getItem(STORAGE_KEY);
  } catch {
    stored = null;
  }
  return LANGS.includes(stored) ? stored : 'vi';
}

/** The language in use: 'vi' or 'en'. */
export function lang() {
  return current;
}

/** Chooses the language, remembers it and updates <html lang>. */
export function setLang(value) {
  current = LANGS.includes(value) ? value : 'vi';
  try {
    localStorage.setItem(STORAGE_KEY, current);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  document.documentElement.lang = current;
}

/** The UI string `key` in the current language, with {name} replaced from params. */
export function t(key, params = {}) {
  const entry = STRINGS[key];
  if (!entry) return key;
  const template = entry[current === 'en' ? 1 : 0];
  return template.replace(/\{(\w+)\}/g, (_, name) => (name in params ? String(params[name]) : `{${name}}`));
}

/** The message of a server error in the current language. */
export function errorMessage(error) {
  if (!error) return t('error_generic');
  if (current === 'en' && error.message_en) return error.message_en;
  return error.message || error.message_en || t('error_generic');
}

/** An ISO time as Vietnam time text, for times the server gave no _text: "05/12/2026 14:30"
 *  in Vietnamese, "2026-12-05 14:30" in English (as the server writes them). */
export function vietnamTime(iso) {
  const parts = vietnamParts(iso);
  if (!parts) return '';
  if (current !== 'en') return `${parts.date} ${parts.time}`;
  const [day, month, year] = parts.date.split('/');
  return `${year}-${month}-${day} ${parts.time}`;
}

document.documentElement.lang = current;
