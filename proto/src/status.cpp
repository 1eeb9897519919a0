#include "alertbus/protocol/status.hpp"

#include <array>

#include "alertbus/v1/frame.pb.h"

namespace alertbus {
namespace {

struct CodeText {
  ErrorCode code;
  const char* en;
  const char* vi;
};

// One line per code: the default texts. Specific failures (validation) carry their own.
constexpr std::array kCodeTexts{
    CodeText{v1::OK, "OK", "Thành công"},
    CodeText{v1::MALFORMED_FRAME, "the message is not a valid alertbus frame",
             "thông điệp không phải là khung alertbus hợp lệ"},
    CodeText{v1::WRONG_FRAME_COUNT, "a message must have exactly one part",
             "mỗi thông điệp phải gồm đúng một phần"},
    CodeText{v1::UNEXPECTED_FRAME, "this frame is not accepted from a client",
             "broker không nhận loại khung này từ máy khách"},
    CodeText{v1::MESSAGE_TOO_LARGE, "the message is larger than the allowed size",
             "thông điệp vượt quá kích thước cho phép"},
    CodeText{v1::MALFORMED_EVENT, "the event bytes are not a valid event",
             "dữ liệu sự kiện không hợp lệ"},
    CodeText{v1::MISSING_FIELD, "a required field is missing", "thiếu trường bắt buộc"},
    CodeText{v1::VALUE_OUT_OF_RANGE, "a value is out of range",
             "giá trị nằm ngoài phạm vi cho phép"},
    CodeText{v1::COORDINATES_OUTSIDE_VIETNAM, "the coordinates are outside Vietnam",
             "tọa độ nằm ngoài lãnh thổ Việt Nam"},
    CodeText{v1::INVALID_UTF8, "a text field is not valid UTF-8",
             "trường văn bản không phải UTF-8 hợp lệ"},
    CodeText{v1::UNKNOWN_ENUM_VALUE, "an enumerated field has an unknown value",
             "trường liệt kê có giá trị không xác định"},
    CodeText{v1::INVALID_EVENT_ID, "the event id is not a canonical UUID",
             "mã sự kiện không phải UUID hợp lệ"},
    CodeText{v1::KIND_MISMATCH, "the alert kind does not match its body",
             "loại cảnh báo không khớp với nội dung"},
    CodeText{v1::INVALID_VALUE, "a field has an invalid value", "trường có giá trị không hợp lệ"},
    CodeText{v1::TOO_LONG, "a field is too long", "trường quá dài"},
    CodeText{v1::UNKNOWN_REFERENCE, "the follow-up refers to an alert this node does not hold",
             "thông tin bổ sung tham chiếu đến cảnh báo không có trên nút này"},
    CodeText{v1::NOT_FOUND, "not found", "không tìm thấy"},
    CodeText{v1::UNKNOWN_SUBSCRIPTION, "no such subscription on this connection",
             "không có đăng ký theo dõi này trên kết nối"},
    CodeText{v1::SUBSCRIPTION_TAKEN_OVER,
             "the durable subscription was taken over by another connection",
             "đăng ký bền vững đã được một kết nối khác tiếp quản"},
    CodeText{v1::INVALID_SUBSCRIPTION, "the subscription request is invalid",
             "yêu cầu đăng ký theo dõi không hợp lệ"},
    CodeText{v1::INVALID_PAGE_TOKEN, "the page token is invalid", "mã trang không hợp lệ"},
    CodeText{v1::INVALID_TRANSITION, "the alert's lifecycle does not allow this follow-up",
             "quy trình xử lý cảnh báo không cho phép thông tin tiếp theo này"},
    CodeText{v1::TOO_MANY_IN_FLIGHT, "too many publishes in flight",
             "quá nhiều bản tin đang chờ xác nhận"},
    CodeText{v1::TOO_MANY_SUBSCRIPTIONS, "too many subscriptions on this connection",
             "quá nhiều đăng ký theo dõi trên kết nối này"},
    CodeText{v1::PERMISSION_DENIED, "permission denied", "không có quyền"},
    CodeText{v1::INVALID_SIGNATURE, "the event's signature is missing or invalid",
             "chữ ký của sự kiện thiếu hoặc không hợp lệ"},
    CodeText{v1::EVENT_ID_CONFLICT, "the event id is already stored with other content",
             "mã sự kiện đã được lưu với nội dung khác"},
    CodeText{v1::TOO_MANY_CONNECTIONS, "the broker has too many connections",
             "broker đang có quá nhiều kết nối"},
    CodeText{v1::RATE_LIMITED, "publishing faster than this principal's limit; retry later",
             "gửi nhanh hơn giới hạn của chủ thể này; hãy thử lại sau"},
    CodeText{v1::STORE_FAILURE, "the broker could not store the data; nothing was stored",
             "broker không ghi được dữ liệu; chưa có gì được lưu"},
    CodeText{v1::SHUTTING_DOWN, "the broker is shutting down", "broker đang dừng"},
    CodeText{v1::INTERNAL, "internal error", "lỗi nội bộ"},
    CodeText{v1::PROJECTION_BEHIND, "the case records are still catching up; try again",
             "hồ sơ vụ việc đang được cập nhật; hãy thử lại"},
    CodeText{v1::CASEWORK_OFF, "case records are switched off at this node",
             "nút này không bật theo dõi vụ việc"},
};

}  // namespace

Status Status::error(ErrorCode code, std::string message_en, std::string message_vi,
                     std::string field) {
  Status status;
  status.code_ = code;
  status.message_en_ = std::move(message_en);
  status.message_vi_ = std::move(message_vi);
  status.field_ = std::move(field);
  return status;
}

Status Status::from_code(ErrorCode code, std::string field) {
  return error(code, code_message(code, false), code_message(code, true), std::move(field));
}

Status Status::from_proto(const v1::Error& error) {
  return Status::error(error.code(), error.message(), error.message_vi(), error.field());
}

std::string Status::to_string() const {
  if (ok()) {
    return "OK";
  }
  std::string text = code_name(code_) + ": " + message_en_;
  if (!field_.empty()) {
    text += " (" + field_ + ")";
  }
  return text;
}

void Status::to_proto(v1::Error* error) const {
  error->set_code(code_);
  error->set_message(message_en_);
  error->set_message_vi(message_vi_);
  error->set_field(field_);
}

std::string code_message(ErrorCode code, bool vietnamese) {
  for (const CodeText& text : kCodeTexts) {
    if (text.code == code) {
      return vietnamese ? text.vi : text.en;
    }
  }
  return vietnamese ? "mã lỗi không xác định" : "unknown error code";
}

std::string code_name(ErrorCode code) {
  const std::string& name = v1::ErrorCode_Name(code);
  return name.empty() ? "ERROR_" + std::to_string(static_cast<int>(code)) : name;
}

}  // namespace alertbus
