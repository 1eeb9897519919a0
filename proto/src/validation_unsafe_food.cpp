// Validation of UnsafeFoodAlert (EU RASFF notification; TT 17/2021, recall within 24 h).
#include "validation_checker.hpp"

namespace alertbus::protocol::detail {
namespace {

void check_facility(Checker& checker, const v1::Facility& facility) {
  checker.text("name", facility.name(), kRequired);
  checker.text("address", facility.address(), kRequired);
  checker.text("registration_number", facility.registration_number(), kOptional, kMaxIdentifier);
  checker.enum_value("grade", facility.grade(), &v1::Facility_Grade_IsValid, "Facility.Grade",
                     kOptional);
}

void check_product(Checker& checker, const v1::Product& product) {
  checker.text("name", product.name(), kRequired);
  checker.text("lot", product.lot(), kOptional, kMaxIdentifier);
  const auto produced = checker.date("production_date", product.production_date(), kOptional);
  const auto expires = checker.date("expiry_date", product.expiry_date(), kOptional);
  if (produced && expires && *expires < *produced) {
    checker.fail(v1::VALUE_OUT_OF_RANGE, "expiry_date",
                 checker.path("expiry_date") + " " + product.expiry_date() +
                     " is before production_date " + product.production_date(),
                 "hạn sử dụng " + checker.path("expiry_date") + " " + product.expiry_date() +
                     " trước ngày sản xuất production_date " + product.production_date());
  }
  checker.quantity_with_unit("quantity", product.quantity(), kMaxQuantity, "quantity_unit",
                             product.quantity_unit());
}

void check_hazard(Checker& checker, const v1::Hazard& hazard) {
  checker.text("name", hazard.name(), kRequired);
  checker.text("result", hazard.result(), kRequired);
  checker.text("unit", hazard.unit(), kOptional, kMaxIdentifier);
  checker.text("limit", hazard.limit(), kOptional);
  checker.date("sampled_on", hazard.sampled_on(), kOptional);
  checker.text("lab", hazard.lab(), kOptional);
}

void check_distribution(Checker& checker, const v1::Distribution& distribution) {
  checker.area("province", distribution.has_province(), distribution.province(), kRequired);
  checker.quantity_with_unit("quantity", distribution.quantity(), kMaxQuantity, "unit",
                             distribution.unit());
}

void check_measures(Checker& checker, const google::protobuf::RepeatedField<int>& measures) {
  if (!checker.list_size("measures", measures.size(), kOptional, kMaxFoodMeasures)) {
    return;
  }
  std::size_t index = 0;
  for (const int measure : measures) {
    const std::string field = indexed("measures", index++);
    if (checker.enum_value(field, measure, &v1::UnsafeFoodAlert_Measure_IsValid,
                           "UnsafeFoodAlert.Measure", kOptional) ||
        !checker.ok()) {
      continue;
    }
    // Known but 0: an "unspecified" measure in a list of measures says nothing.
    checker.fail(
        v1::INVALID_VALUE, field,
        checker.path(field) + " is MEASURE_UNSPECIFIED; list only measures taken",
        checker.path(field) + " là MEASURE_UNSPECIFIED; chỉ liệt kê các biện pháp đã thực hiện");
  }
}

}  // namespace

void check_unsafe_food(Checker& checker, const v1::UnsafeFoodAlert& alert) {
  if (checker.message("facility", alert.has_facility(), kRequired)) {
    auto scope = checker.enter("facility");
    check_facility(checker, alert.facility());
  }
  if (checker.message("product", alert.has_product(), kRequired)) {
    auto scope = checker.enter("product");
    check_product(checker, alert.product());
  }
  if (checker.list_size("hazards", alert.hazards_size(), kRequired, kMaxHazards)) {
    for_each_item(checker, "hazards", alert.hazards(),
                  [&checker](const v1::Hazard& item) { check_hazard(checker, item); });
  }
  if (checker.list_size("distribution", alert.distribution_size(), kOptional, kMaxDistribution)) {
    for_each_item(checker, "distribution", alert.distribution(),
                  [&checker](const v1::Distribution& item) { check_distribution(checker, item); });
  }
  check_measures(checker, alert.measures());
  checker.enum_value("risk", alert.risk(), &v1::UnsafeFoodAlert_RiskDecision_IsValid,
                     "UnsafeFoodAlert.RiskDecision", kRequired);
}

}  // namespace alertbus::protocol::detail
