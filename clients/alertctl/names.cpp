#include "alertctl/names.hpp"

#include <span>

namespace alertbus::alertctl {
namespace {

struct Name {
  const char* cli;
  int value;
  const char* vi;
  const char* en;
};

// clang-format off
constexpr Name kKinds[] = {
    {"animal-disease", v1::ANIMAL_DISEASE, "Dịch bệnh động vật", "Animal disease"},
    {"crop-pest", v1::CROP_PEST, "Sinh vật gây hại cây trồng", "Crop pest"},
    {"forest-fire", v1::FOREST_FIRE, "Cháy rừng", "Forest fire"},
    {"unsafe-food", v1::UNSAFE_FOOD, "Thực phẩm không an toàn", "Unsafe food"},
};

constexpr Name kTypes[] = {
    {"alert", v1::ALERT, "Cảnh báo", "Alert"},
    {"acknowledge", v1::ACKNOWLEDGE, "Xác nhận đã nhận", "Acknowledged"},
    {"additional-info", v1::ADDITIONAL_INFO, "Thông tin bổ sung", "Additional information"},
    {"measures-taken", v1::MEASURES_TAKEN, "Biện pháp đã thực hiện", "Measures taken"},
    {"request-info", v1::REQUEST_INFO, "Yêu cầu thông tin", "Request for information"},
    {"answer-info", v1::ANSWER_INFO, "Trả lời yêu cầu thông tin", "Answer to a request"},
    {"reclassify", v1::RECLASSIFY, "Phân loại lại", "Reclassification"},
    {"correct", v1::CORRECT, "Đính chính", "Correction"},
    {"level-change", v1::LEVEL_CHANGE, "Thay đổi cấp dự báo cháy rừng", "Danger level change"},
    {"new-outbreak", v1::NEW_OUTBREAK, "Ổ dịch mới", "New outbreak"},
    {"verification", v1::VERIFICATION, "Kết quả xác minh", "Verification result"},
    {"close", v1::CLOSE, "Kết thúc", "Closed"},
    {"cancel", v1::CANCEL, "Hủy bỏ", "Cancelled"},
    {"withdraw", v1::WITHDRAW, "Thu hồi", "Withdrawn"},
    {"receipt", v1::RECEIPT, "Biên nhận đã lưu", "Delivery receipt"},
    {"overdue", v1::OVERDUE, "Thông báo quá hạn", "Overdue notice"},
};

constexpr Name kSeverities[] = {
    {"unknown", v1::SEVERITY_UNKNOWN, "Chưa rõ mức độ", "Unknown severity"},
    {"minor", v1::MINOR, "Nhẹ", "Minor"},
    {"moderate", v1::MODERATE, "Trung bình", "Moderate"},
    {"severe", v1::SEVERE, "Nghiêm trọng", "Severe"},
    {"extreme", v1::EXTREME, "Đặc biệt nghiêm trọng", "Extreme"},
};

constexpr Name kUrgencies[] = {
    {"unknown", v1::URGENCY_UNKNOWN, "Chưa rõ", "Unknown"},
    {"past", v1::PAST, "Đã qua", "Past"},
    {"future", v1::FUTURE, "Trong thời gian tới", "Future"},
    {"expected", v1::EXPECTED, "Sắp xảy ra", "Expected"},
    {"immediate", v1::IMMEDIATE, "Khẩn cấp", "Immediate"},
};

constexpr Name kCertainties[] = {
    {"unknown", v1::CERTAINTY_UNKNOWN, "Chưa rõ", "Unknown"},
    {"unlikely", v1::UNLIKELY, "Ít khả năng", "Unlikely"},
    {"possible", v1::POSSIBLE, "Có thể", "Possible"},
    {"likely", v1::LIKELY, "Nhiều khả năng", "Likely"},
    {"observed", v1::OBSERVED, "Đã xác định", "Observed"},
};

constexpr Name kStatuses[] = {
    {"actual", v1::ACTUAL, "Thực tế", "Actual"},
    {"exercise", v1::EXERCISE, "Diễn tập", "Exercise"},
    {"test", v1::TEST, "Thử nghiệm", "Test"},
};

constexpr Name kAlertStates[] = {
    {"active", v1::ALERT_ACTIVE, "đang hiệu lực", "active"},
    {"stable", v1::ALERT_STABLE, "ổn định", "stable"},
    {"resolved", v1::ALERT_RESOLVED, "đã kết thúc", "resolved"},
    {"cancelled", v1::ALERT_CANCELLED, "đã hủy", "cancelled"},
    {"withdrawn", v1::ALERT_WITHDRAWN, "đã thu hồi", "withdrawn"},
    {"expired", v1::ALERT_EXPIRED, "hết hiệu lực", "expired"},
};

constexpr Name kReceiverStates[] = {
    {"pending", v1::RECEIVER_PENDING, "chưa nhận", "pending"},
    {"delivered", v1::RECEIVER_DELIVERED, "đã nhận", "delivered"},
    {"acknowledged", v1::RECEIVER_ACKNOWLEDGED, "đã xác nhận", "acknowledged"},
    {"action-taken", v1::RECEIVER_ACTION_TAKEN, "đã xử lý", "action taken"},
    {"closed", v1::RECEIVER_CLOSED, "đã đóng", "closed"},
};

// clang-format on

std::span<const Name> table(Vocabulary vocabulary) {
  switch (vocabulary) {
    case Vocabulary::kKind:
      return kKinds;
    case Vocabulary::kType:
      return kTypes;
    case Vocabulary::kSeverity:
      return kSeverities;
    case Vocabulary::kUrgency:
      return kUrgencies;
    case Vocabulary::kCertainty:
      return kCertainties;
    case Vocabulary::kStatus:
      return kStatuses;
    case Vocabulary::kAlertState:
      return kAlertStates;
    case Vocabulary::kReceiverState:
      return kReceiverStates;
  }
  return {};
}

}  // namespace

std::optional<int> parse_name(Vocabulary vocabulary, std::string_view name) {
  for (const Name& entry : table(vocabulary)) {
    if (name == entry.cli) {
      return entry.value;
    }
  }
  if (vocabulary == Vocabulary::kType && name == "ack") {
    return v1::ACKNOWLEDGE;
  }
  return std::nullopt;
}

std::vector<std::string> cli_names(Vocabulary vocabulary) {
  std::vector<std::string> names;
  for (const Name& entry : table(vocabulary)) {
    names.emplace_back(entry.cli);
  }
  return names;
}

std::string label(Vocabulary vocabulary, int value, Language language) {
  for (const Name& entry : table(vocabulary)) {
    if (entry.value == value) {
      return language == Language::kVi ? entry.vi : entry.en;
    }
  }
  return "[" + std::to_string(value) + "]";
}

}  // namespace alertbus::alertctl
