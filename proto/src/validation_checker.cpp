#include "validation_checker.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

#include "alertbus/protocol/event_id.hpp"
#include "alertbus/protocol/utf8.hpp"

namespace alertbus::protocol::detail {
namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;

constexpr int kMinYear = 2000;
constexpr int kMaxYear = 2100;

// Timestamps share the year range of dates: anything outside it is a unit or clock error.
constexpr auto kMinInstant = Instant{sys_days{std::chrono::year{kMinYear} / 1 / 1}};
constexpr auto kEndInstant = Instant{sys_days{std::chrono::year{kMaxYear + 1} / 1 / 1}};

bool is_blank(std::string_view value) {
  return value.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// The first ASCII control character other than tab, CR and LF, and its 1-based position in
// code points. Such characters break log lines, CSV reports and terminals.
struct ControlCharacter {
  unsigned char byte;
  std::size_t position;
};

std::optional<ControlCharacter> find_control_character(std::string_view value) {
  std::size_t position = 0;
  for (const char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte & 0xC0) != 0x80) {
      ++position;
    }
    if ((byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r') || byte == 0x7F) {
      return ControlCharacter{byte, position};
    }
  }
  return std::nullopt;
}

std::string code_point_name(unsigned char byte) {
  constexpr std::string_view kHex = "0123456789ABCDEF";
  std::string name = "U+00";
  name += kHex[static_cast<std::size_t>(byte >> 4)];
  name += kHex[static_cast<std::size_t>(byte & 0x0F)];
  return name;
}

std::string pad(long long value, int width) {
  std::string text = std::to_string(value);
  if (text.size() < static_cast<std::size_t>(width)) {
    text.insert(0, static_cast<std::size_t>(width) - text.size(), '0');
  }
  return text;
}

int parse_digits(std::string_view text) {
  int value = 0;
  for (const char c : text) {
    value = value * 10 + (c - '0');
  }
  return value;
}

// "2026-11-28T21:04:45Z" for the years 1..9999, the range google.protobuf.Timestamp
// allows; "seconds=N" outside it, where the calendar conversion would overflow.
std::string format_seconds(std::int64_t seconds) {
  constexpr std::int64_t kMinSeconds = -62'135'596'800;
  constexpr std::int64_t kMaxSeconds = 253'402'300'799;
  if (seconds < kMinSeconds || seconds > kMaxSeconds) {
    return "seconds=" + std::to_string(seconds);
  }
  const std::chrono::sys_seconds instant{std::chrono::seconds{seconds}};
  const auto day = std::chrono::floor<days>(instant);
  const year_month_day date{day};
  const std::chrono::hh_mm_ss time{instant - day};
  return pad(static_cast<int>(date.year()), 4) + "-" + pad(static_cast<unsigned>(date.month()), 2) +
         "-" + pad(static_cast<unsigned>(date.day()), 2) + "T" + pad(time.hours().count(), 2) +
         ":" + pad(time.minutes().count(), 2) + ":" + pad(time.seconds().count(), 2) + "Z";
}

}  // namespace

std::string quote(std::string_view value) {
  // A long value is cut so messages stay readable.
  constexpr std::size_t kMaxQuotedChars = 40;
  std::string text = "\"";
  std::size_t chars = 0;
  std::size_t i = 0;
  for (; i < value.size(); ++i) {
    const auto byte = static_cast<unsigned char>(value[i]);
    if ((byte & 0xC0) != 0x80 && chars++ == kMaxQuotedChars) {
      break;
    }
    text.push_back(value[i]);
  }
  if (i < value.size()) {
    text += "…";
  }
  text += '"';
  return text;
}

bool is_ascii_digits(std::string_view text) {
  return std::ranges::all_of(text, [](char c) { return c >= '0' && c <= '9'; });
}

std::string indexed(std::string_view field, std::size_t index) {
  return std::string(field) + "[" + std::to_string(index) + "]";
}

std::string format_number(double value) {
  std::array<char, 64> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  return {buffer.data(), result.ptr};
}

std::string format_instant(Instant instant) {
  return format_seconds(
      std::chrono::floor<std::chrono::seconds>(instant).time_since_epoch().count());
}

Checker::Scope::Scope(Checker& checker, std::string_view field, std::optional<std::size_t> index)
    : checker_(checker), saved_size_(checker.path_.size()) {
  if (!checker_.path_.empty()) {
    checker_.path_ += '.';
  }
  checker_.path_ += field;
  if (index) {
    checker_.path_ += "[" + std::to_string(*index) + "]";
  }
}

Checker::Scope::~Scope() {
  checker_.path_.resize(saved_size_);
}

std::string Checker::path(std::string_view field) const {
  if (path_.empty()) {
    return std::string(field);
  }
  return path_ + "." + std::string(field);
}

void Checker::fail(ErrorCode code, std::string_view field, std::string message_en,
                   std::string message_vi) {
  if (ok()) {
    status_ = Status::error(code, std::move(message_en), std::move(message_vi), path(field));
  }
}

void Checker::fail_missing(std::string_view field, const Presence& presence) {
  const std::string where = path(field);
  std::string en = where + " is required";
  std::string vi = "thiếu trường bắt buộc " + where;
  if (!presence.reason_en.empty()) {
    en += " " + std::string(presence.reason_en);
    vi += " (" + std::string(presence.reason_vi) + ")";
  }
  fail(v1::MISSING_FIELD, field, std::move(en), std::move(vi));
}

void Checker::fail_out_of_range(std::string_view field, std::string_view value,
                                std::string_view min, std::string_view max) {
  const std::string where = path(field);
  fail(v1::VALUE_OUT_OF_RANGE, field,
       where + " is " + std::string(value) + ", outside the allowed range " + std::string(min) +
           ".." + std::string(max),
       "giá trị " + std::string(value) + " của " + where + " nằm ngoài phạm vi cho phép " +
           std::string(min) + "–" + std::string(max));
}

bool Checker::text(std::string_view field, const std::string& value, const Presence& presence,
                   std::size_t max_chars) {
  if (!ok()) {
    return false;
  }
  // Events can be built in memory, bypassing the codec's UTF-8 check, so check again here.
  if (!is_valid_utf8(value)) {
    fail(v1::INVALID_UTF8, field, path(field) + " is not valid UTF-8",
         path(field) + " không phải văn bản UTF-8 hợp lệ");
    return false;
  }
  if (is_blank(value) && presence.required) {
    fail_missing(field, presence);
    return false;
  }
  if (value.empty()) {
    return false;
  }
  if (const auto control = find_control_character(value)) {
    const std::string name = code_point_name(control->byte);
    const std::string position = std::to_string(control->position);
    fail(v1::INVALID_VALUE, field,
         path(field) + " contains the control character " + name + " at character " + position,
         path(field) + " chứa ký tự điều khiển " + name + " ở vị trí thứ " + position);
    return false;
  }
  const std::size_t chars = utf8_length(value);
  if (chars > max_chars) {
    fail(v1::TOO_LONG, field,
         path(field) + " has " + std::to_string(chars) + " characters; at most " +
             std::to_string(max_chars) + " are allowed",
         path(field) + " dài " + std::to_string(chars) + " ký tự, vượt quá giới hạn " +
             std::to_string(max_chars) + " ký tự");
    return false;
  }
  return ok();
}

bool Checker::text_list(std::string_view field,
                        const google::protobuf::RepeatedPtrField<std::string>& items,
                        std::size_t max_items, std::size_t max_chars) {
  if (!list_size(field, items.size(), kOptional, max_items)) {
    return false;
  }
  // An empty item says nothing and would show as a blank bullet on every dashboard.
  std::size_t index = 0;
  for (const std::string& item : items) {
    text(indexed(field, index), item, kRequired, max_chars);
    ++index;
  }
  return ok();
}

bool Checker::event_id(std::string_view field, const std::string& value, const Presence& presence) {
  if (!text(field, value, presence, kMaxIdentifier)) {
    return false;
  }
  if (!is_valid_event_id(value)) {
    fail(v1::INVALID_EVENT_ID, field,
         path(field) + " " + quote(value) +
             " is not a canonical lowercase UUID (xxxxxxxx-xxxx-Vxxx-Nxxx-xxxxxxxxxxxx, version V"
             " 1-8, N one of 8 9 a b; the libraries make version 7)",
         path(field) + " " + quote(value) +
             " không phải mã sự kiện UUID hợp lệ (dạng chữ thường "
             "xxxxxxxx-xxxx-Vxxx-Nxxx-xxxxxxxxxxxx, phiên bản V từ 1 đến 8, N là 8, 9, a hoặc b;"
             " thư viện tạo phiên bản 7)");
    return false;
  }
  return true;
}

std::optional<sys_days> Checker::date(std::string_view field, const std::string& value,
                                      const Presence& presence) {
  if (!text(field, value, presence)) {
    return std::nullopt;
  }
  const std::string_view text_value = value;
  const bool shaped = text_value.size() == 10 && text_value[4] == '-' && text_value[7] == '-' &&
                      is_ascii_digits(text_value.substr(0, 4)) &&
                      is_ascii_digits(text_value.substr(5, 2)) &&
                      is_ascii_digits(text_value.substr(8, 2));
  if (!shaped) {
    fail(v1::INVALID_VALUE, field,
         path(field) + " " + quote(value) + " is not a date in the form YYYY-MM-DD",
         "ngày không hợp lệ: " + path(field) + " " + quote(value) +
             " không đúng dạng YYYY-MM-DD (năm-tháng-ngày)");
    return std::nullopt;
  }
  const int year = parse_digits(text_value.substr(0, 4));
  const year_month_day date{
      std::chrono::year{year},
      std::chrono::month{static_cast<unsigned>(parse_digits(text_value.substr(5, 2)))},
      std::chrono::day{static_cast<unsigned>(parse_digits(text_value.substr(8, 2)))}};
  if (!date.ok()) {
    fail(v1::INVALID_VALUE, field,
         path(field) + " " + quote(value) + " is not a real calendar date",
         "ngày không hợp lệ: " + path(field) + " " + quote(value) + " không có trên lịch");
    return std::nullopt;
  }
  if (year < kMinYear || year > kMaxYear) {
    fail(v1::VALUE_OUT_OF_RANGE, field,
         path(field) + " " + quote(value) + " is outside the years 2000..2100",
         "ngày " + quote(value) + " của " + path(field) + " nằm ngoài khoảng năm 2000–2100");
    return std::nullopt;
  }
  return sys_days{date};
}

std::optional<Instant> Checker::timestamp(std::string_view field, bool present,
                                          const google::protobuf::Timestamp& value,
                                          const Presence& presence) {
  if (!message(field, present, presence)) {
    return std::nullopt;
  }
  if (value.nanos() < 0 || value.nanos() > 999'999'999) {
    const std::string nanos = std::to_string(value.nanos());
    fail(v1::VALUE_OUT_OF_RANGE, field,
         path(field) + " has nanos " + nanos + ", outside the allowed range 0..999999999",
         path(field) + " có phần nano giây " + nanos + " nằm ngoài phạm vi cho phép 0–999999999");
    return std::nullopt;
  }
  // Compared in seconds first: converting an arbitrary int64 of seconds to nanoseconds
  // could overflow.
  const std::int64_t seconds = value.seconds();
  const std::int64_t min_seconds =
      std::chrono::floor<std::chrono::seconds>(kMinInstant).time_since_epoch().count();
  const std::int64_t end_seconds =
      std::chrono::floor<std::chrono::seconds>(kEndInstant).time_since_epoch().count();
  if (seconds < min_seconds || seconds >= end_seconds) {
    const std::string shown = format_seconds(seconds);
    fail(v1::VALUE_OUT_OF_RANGE, field,
         path(field) + " " + shown + " is outside the years 2000..2100",
         "thời điểm " + shown + " của " + path(field) + " nằm ngoài khoảng năm 2000–2100");
    return std::nullopt;
  }
  return Instant{std::chrono::seconds{seconds}} + std::chrono::nanoseconds{value.nanos()};
}

bool Checker::enum_value(std::string_view field, int value, bool (*is_valid)(int),
                         std::string_view type_name, const Presence& presence) {
  if (!ok()) {
    return false;
  }
  // Proto3 enums are open: a newer publisher's value arrives as a bare number.
  if (!is_valid(value)) {
    const std::string number = std::to_string(value);
    fail(v1::UNKNOWN_ENUM_VALUE, field,
         path(field) + " has the value " + number + ", unknown to " + std::string(type_name),
         path(field) + " có giá trị " + number + " không xác định trong kiểu liệt kê " +
             std::string(type_name));
    return false;
  }
  if (value == 0) {
    if (presence.required) {
      fail_missing(field, presence);
    }
    return false;
  }
  return true;
}

bool Checker::number(std::string_view field, double value, double min, double max) {
  if (!ok()) {
    return false;
  }
  if (!std::isfinite(value)) {
    const std::string shown = format_number(value);
    fail(v1::VALUE_OUT_OF_RANGE, field, path(field) + " is not a finite number (" + shown + ")",
         "giá trị " + shown + " của " + path(field) + " không phải là số hữu hạn");
    return false;
  }
  if (value < min || value > max) {
    fail_out_of_range(field, format_number(value), format_number(min), format_number(max));
    return false;
  }
  return true;
}

bool Checker::count(std::string_view field, std::uint64_t value, std::uint64_t min,
                    std::uint64_t max) {
  if (!ok()) {
    return false;
  }
  if (value < min || value > max) {
    fail_out_of_range(field, std::to_string(value), std::to_string(min), std::to_string(max));
    return false;
  }
  return true;
}

bool Checker::list_size(std::string_view field, int size, const Presence& presence,
                        std::size_t max_items) {
  if (!ok()) {
    return false;
  }
  if (size <= 0) {
    if (presence.required) {
      const std::string where = path(field);
      std::string en = where + " must have at least one item";
      std::string vi = "thiếu trường bắt buộc " + where + ": cần ít nhất một phần tử";
      if (!presence.reason_en.empty()) {
        en += " " + std::string(presence.reason_en);
        vi += " (" + std::string(presence.reason_vi) + ")";
      }
      fail(v1::MISSING_FIELD, field, std::move(en), std::move(vi));
    }
    return false;
  }
  const auto items = static_cast<std::size_t>(size);
  if (items > max_items) {
    fail(v1::TOO_LONG, field,
         path(field) + " has " + std::to_string(items) + " items; at most " +
             std::to_string(max_items) + " are allowed",
         path(field) + " có " + std::to_string(items) + " phần tử, vượt quá giới hạn " +
             std::to_string(max_items) + " phần tử");
    return false;
  }
  return true;
}

bool Checker::message(std::string_view field, bool present, const Presence& presence) {
  if (!ok()) {
    return false;
  }
  if (!present && presence.required) {
    fail_missing(field, presence);
  }
  return present && ok();
}

void Checker::quantity_with_unit(std::string_view quantity_field, double quantity, double max,
                                 std::string_view unit_field, const std::string& unit) {
  if (!number(quantity_field, quantity, 0, max)) {
    return;
  }
  // A bare number ("350") cannot be acted on: 350 kg and 350 t are different recalls.
  const std::string reason_en = "when " + std::string(quantity_field) + " is greater than 0";
  const std::string reason_vi = "bắt buộc khi " + std::string(quantity_field) + " lớn hơn 0";
  text(unit_field, unit, required_when(quantity > 0, reason_en, reason_vi), kMaxIdentifier);
}

}  // namespace alertbus::protocol::detail
