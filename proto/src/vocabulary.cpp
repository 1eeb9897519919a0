#include "alertbus/protocol/vocabulary.hpp"

#include "alertbus/v1/alerts.pb.h"
#include "alertbus/v1/casework.pb.h"
#include "alertbus/v1/common.pb.h"

namespace alertbus::protocol {
namespace {

// clang-format off
constexpr Term kKinds[] = {
    {v1::ANIMAL_DISEASE, "animal-disease", "Dịch bệnh động vật", "Animal disease"},
    {v1::CROP_PEST, "crop-pest", "Sinh vật gây hại cây trồng", "Crop pest"},
    {v1::FOREST_FIRE, "forest-fire", "Cháy rừng", "Forest fire"},
    // The name of TT 17/2021/TT-BNNPTNT, the rule DOMAIN.md takes for this kind ("truy xuất
    // nguồn gốc, thu hồi và xử lý thực phẩm không bảo đảm an toàn"), and of the plan it comes
    // from (source/: "không đảm bảo an toàn thực phẩm"); "không an toàn" is not the legal term.
    {v1::UNSAFE_FOOD, "unsafe-food", "Thực phẩm không bảo đảm an toàn", "Unsafe food"},
    // Another agency's CAP alert that no import rule maps to a kind above (OPERATIONS.md).
    {v1::EXTERNAL, "external", "Cảnh báo từ hệ thống khác", "External alert"},
};

constexpr Term kTypes[] = {
    {v1::ALERT, "alert", "Cảnh báo", "Alert"},
    {v1::ACKNOWLEDGE, "acknowledge", "Xác nhận đã nhận", "Acknowledged"},
    {v1::ADDITIONAL_INFO, "additional-info", "Thông tin bổ sung", "Additional information"},
    {v1::MEASURES_TAKEN, "measures-taken", "Biện pháp đã thực hiện", "Measures taken"},
    {v1::REQUEST_INFO, "request-info", "Yêu cầu thông tin", "Request for information"},
    {v1::ANSWER_INFO, "answer-info", "Trả lời yêu cầu thông tin", "Answer to a request"},
    {v1::RECLASSIFY, "reclassify", "Phân loại lại", "Reclassification"},
    {v1::CORRECT, "correct", "Đính chính", "Correction"},
    {v1::LEVEL_CHANGE, "level-change", "Thay đổi cấp dự báo cháy rừng", "Danger level change"},
    {v1::NEW_OUTBREAK, "new-outbreak", "Ổ dịch mới", "New outbreak"},
    {v1::VERIFICATION, "verification", "Kết quả xác minh", "Verification result"},
    {v1::CLOSE, "close", "Kết thúc", "Closed"},
    {v1::CANCEL, "cancel", "Hủy bỏ", "Cancelled"},
    {v1::WITHDRAW, "withdraw", "Thu hồi", "Withdrawn"},
    {v1::RECEIPT, "receipt", "Biên nhận đã lưu", "Delivery receipt"},
    {v1::OVERDUE, "overdue", "Thông báo quá hạn", "Overdue notice"},
};

constexpr Term kStatuses[] = {
    {v1::ACTUAL, "actual", "Thực tế", "Actual"},
    {v1::EXERCISE, "exercise", "Diễn tập", "Exercise"},
    {v1::TEST, "test", "Thử nghiệm", "Test"},
};

constexpr Term kUrgencies[] = {
    {v1::URGENCY_UNKNOWN, "unknown", "Chưa rõ", "Unknown"},
    {v1::PAST, "past", "Đã qua", "Past"},
    {v1::FUTURE, "future", "Trong thời gian tới", "Future"},
    {v1::EXPECTED, "expected", "Sắp xảy ra", "Expected"},
    {v1::IMMEDIATE, "immediate", "Khẩn cấp", "Immediate"},
};

constexpr Term kSeverities[] = {
    {v1::SEVERITY_UNKNOWN, "unknown", "Chưa rõ mức độ", "Unknown severity"},
    {v1::MINOR, "minor", "Nhẹ", "Minor"},
    {v1::MODERATE, "moderate", "Trung bình", "Moderate"},
    {v1::SEVERE, "severe", "Nghiêm trọng", "Severe"},
    {v1::EXTREME, "extreme", "Đặc biệt nghiêm trọng", "Extreme"},
};

constexpr Term kCertainties[] = {
    {v1::CERTAINTY_UNKNOWN, "unknown", "Chưa rõ", "Unknown"},
    {v1::UNLIKELY, "unlikely", "Ít khả năng", "Unlikely"},
    {v1::POSSIBLE, "possible", "Có thể", "Possible"},
    {v1::LIKELY, "likely", "Nhiều khả năng", "Likely"},
    {v1::OBSERVED, "observed", "Đã xác định", "Observed"},
};

constexpr Term kAlertStates[] = {
    {v1::ALERT_ACTIVE, "active", "đang hiệu lực", "active"},
    {v1::ALERT_STABLE, "stable", "ổn định", "stable"},
    {v1::ALERT_RESOLVED, "resolved", "đã kết thúc", "resolved"},
    {v1::ALERT_CANCELLED, "cancelled", "đã hủy", "cancelled"},
    {v1::ALERT_WITHDRAWN, "withdrawn", "đã thu hồi", "withdrawn"},
    {v1::ALERT_EXPIRED, "expired", "hết hiệu lực", "expired"},
};

constexpr Term kReceiverStates[] = {
    {v1::RECEIVER_PENDING, "pending", "chưa nhận", "pending"},
    {v1::RECEIVER_DELIVERED, "delivered", "đã nhận", "delivered"},
    {v1::RECEIVER_ACKNOWLEDGED, "acknowledged", "đã xác nhận", "acknowledged"},
    {v1::RECEIVER_ACTION_TAKEN, "action-taken", "đã xử lý", "action taken"},
    {v1::RECEIVER_CLOSED, "closed", "đã đóng", "closed"},
};

constexpr Term kConfirmations[] = {
    {v1::AnimalDiseaseAlert::SUSPECTED, "suspected", "nghi ngờ", "suspected"},
    {v1::AnimalDiseaseAlert::CONFIRMED, "confirmed", "đã xác nhận", "confirmed"},
};

constexpr Term kEpiUnits[] = {
    {v1::Outbreak::FARM, "farm", "Trang trại", "Farm"},
    {v1::Outbreak::HOUSEHOLD, "household", "Hộ gia đình", "Household"},
    {v1::Outbreak::VILLAGE, "village", "Thôn/xóm", "Village"},
};

constexpr Term kForestFireSubtypes[] = {
    {v1::ForestFireAlert::DANGER_LEVEL, "danger-level", "Cấp dự báo cháy rừng", "Forest-fire danger level"},
    {v1::ForestFireAlert::HOTSPOT, "hotspot", "Điểm cháy", "Hotspot"},
    {v1::ForestFireAlert::FIRE, "fire", "Đang cháy", "Burning"},
    {v1::ForestFireAlert::FIRE_OUT, "fire-out", "Đã dập tắt", "Out"},
};

constexpr Term kFoodMeasures[] = {
    {v1::UnsafeFoodAlert::WITHDRAW, "withdraw", "Rút khỏi thị trường", "Withdrawal from the market"},
    {v1::UnsafeFoodAlert::RECALL, "recall", "Thu hồi", "Recall"},
    {v1::UnsafeFoodAlert::DETAIN, "detain", "Tạm giữ", "Detention"},
    {v1::UnsafeFoodAlert::DESTROY, "destroy", "Tiêu hủy", "Destruction"},
    {v1::UnsafeFoodAlert::RELABEL, "relabel", "Ghi nhãn lại", "Relabelling"},
};

// RASFF's risk decisions (DOMAIN.md, unsafe food).
constexpr Term kRiskDecisions[] = {
    {v1::UnsafeFoodAlert::SERIOUS, "serious", "Nghiêm trọng", "Serious"},
    {v1::UnsafeFoodAlert::POTENTIALLY_SERIOUS, "potentially-serious", "Có thể nghiêm trọng", "Potentially serious"},
    {v1::UnsafeFoodAlert::POTENTIAL_RISK, "potential-risk", "Nguy cơ tiềm ẩn", "Potential risk"},
    {v1::UnsafeFoodAlert::NOT_SERIOUS, "not-serious", "Không nghiêm trọng", "Not serious"},
    {v1::UnsafeFoodAlert::UNDECIDED, "undecided", "Chưa kết luận", "Undecided"},
};

constexpr Term kFacilityGrades[] = {
    {v1::Facility::A, "a", "Loại A", "Grade A"},
    {v1::Facility::B, "b", "Loại B", "Grade B"},
    {v1::Facility::C, "c", "Loại C", "Grade C"},
};

// DOMAIN.md: cấp I thấp, cấp II trung bình, cấp III cao, cấp IV nguy hiểm, cấp V cực kỳ nguy hiểm.
constexpr Term kDangerLevels[] = {
    {1, "1", "cấp I, thấp", "level I, low"},
    {2, "2", "cấp II, trung bình", "level II, moderate"},
    {3, "3", "cấp III, cao", "level III, high"},
    {4, "4", "cấp IV, nguy hiểm", "level IV, very high"},
    {5, "5", "cấp V, cực kỳ nguy hiểm", "level V, extreme"},
};
// clang-format on

}  // namespace

std::span<const Term> terms(Vocabulary vocabulary) {
  switch (vocabulary) {
    case Vocabulary::kKind:
      return kKinds;
    case Vocabulary::kType:
      return kTypes;
    case Vocabulary::kStatus:
      return kStatuses;
    case Vocabulary::kUrgency:
      return kUrgencies;
    case Vocabulary::kSeverity:
      return kSeverities;
    case Vocabulary::kCertainty:
      return kCertainties;
    case Vocabulary::kAlertState:
      return kAlertStates;
    case Vocabulary::kReceiverState:
      return kReceiverStates;
    case Vocabulary::kConfirmation:
      return kConfirmations;
    case Vocabulary::kEpiUnit:
      return kEpiUnits;
    case Vocabulary::kForestFireSubtype:
      return kForestFireSubtypes;
    case Vocabulary::kFoodMeasure:
      return kFoodMeasures;
    case Vocabulary::kRiskDecision:
      return kRiskDecisions;
    case Vocabulary::kFacilityGrade:
      return kFacilityGrades;
    case Vocabulary::kDangerLevel:
      return kDangerLevels;
  }
  return {};
}

const Term* find_term(Vocabulary vocabulary, int value) {
  for (const Term& term : terms(vocabulary)) {
    if (term.value == value) {
      return &term;
    }
  }
  return nullptr;
}

std::optional<int> value_for_key(Vocabulary vocabulary, std::string_view key) {
  for (const Term& term : terms(vocabulary)) {
    if (term.key == key) {
      return term.value;
    }
  }
  return std::nullopt;
}

std::string term_name(Vocabulary vocabulary, int value, bool vietnamese) {
  const Term* term = find_term(vocabulary, value);
  if (term == nullptr) {
    return "[" + std::to_string(value) + "]";
  }
  return std::string(vietnamese ? term->vi : term->en);
}

const google::protobuf::EnumDescriptor* enum_of(Vocabulary vocabulary) {
  switch (vocabulary) {
    case Vocabulary::kKind:
      return v1::AlertKind_descriptor();
    case Vocabulary::kType:
      return v1::EventType_descriptor();
    case Vocabulary::kStatus:
      return v1::MessageStatus_descriptor();
    case Vocabulary::kUrgency:
      return v1::Urgency_descriptor();
    case Vocabulary::kSeverity:
      return v1::Severity_descriptor();
    case Vocabulary::kCertainty:
      return v1::Certainty_descriptor();
    case Vocabulary::kAlertState:
      return v1::AlertState_descriptor();
    case Vocabulary::kReceiverState:
      return v1::ReceiverState_descriptor();
    case Vocabulary::kConfirmation:
      return v1::AnimalDiseaseAlert::Confirmation_descriptor();
    case Vocabulary::kEpiUnit:
      return v1::Outbreak::EpiUnit_descriptor();
    case Vocabulary::kForestFireSubtype:
      return v1::ForestFireAlert::Subtype_descriptor();
    case Vocabulary::kFoodMeasure:
      return v1::UnsafeFoodAlert::Measure_descriptor();
    case Vocabulary::kRiskDecision:
      return v1::UnsafeFoodAlert::RiskDecision_descriptor();
    case Vocabulary::kFacilityGrade:
      return v1::Facility::Grade_descriptor();
    case Vocabulary::kDangerLevel:
      return nullptr;
  }
  return nullptr;
}

}  // namespace alertbus::protocol
