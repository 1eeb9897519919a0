#include "support/sample_events.hpp"

#include <cassert>
#include <chrono>

#include "alertbus/protocol/event_id.hpp"

namespace alertbus::testing {
namespace {

constexpr std::int64_t kMinuteMs = std::int64_t{60} * 1000;
constexpr std::int64_t kHourMs = 60 * kMinuteMs;
constexpr std::int64_t kDayMs = 24 * kHourMs;

void set_time(google::protobuf::Timestamp* timestamp, std::int64_t unix_ms) {
  timestamp->set_seconds(unix_ms / 1000);
  timestamp->set_nanos(static_cast<std::int32_t>((unix_ms % 1000) * 1'000'000));
}

// "YYYY-MM-DD" of the UTC day holding unix_ms.
std::string date_text(std::int64_t unix_ms) {
  using std::chrono::days;
  const std::chrono::sys_days day = std::chrono::floor<days>(
      std::chrono::sys_time<std::chrono::milliseconds>{std::chrono::milliseconds{unix_ms}});
  const std::chrono::year_month_day date{day};
  const auto two = [](unsigned value) {
    return std::string(value < 10 ? "0" : "") + std::to_string(value);
  };
  return std::to_string(static_cast<int>(date.year())) + "-" +
         two(static_cast<unsigned>(date.month())) + "-" + two(static_cast<unsigned>(date.day()));
}

void set_point(v1::GeoPoint* point, double latitude, double longitude) {
  point->set_latitude(latitude);
  point->set_longitude(longitude);
}

// Codes follow the 2025 scheme (DOMAIN.md: Bắc Giang -> Bắc Ninh 24, Hải Dương -> Hải Phòng
// 31, Quảng Ninh 22). Commune codes are made up for tests.
void set_area(v1::Area* area, const char* code, const char* name) {
  area->set_code(code);
  area->set_scheme("VN-2025");
  area->set_name(name);
}

// The envelope every alert shares; the caller sets the body and what differs.
v1::Event alert_envelope(const char* sender_unit, v1::AlertKind kind, std::int64_t now) {
  v1::Event event;
  event.set_event_id(protocol::new_event_id_at(now));
  event.set_sender_unit(sender_unit);
  set_time(event.mutable_sent_at(), now);
  event.set_status(v1::ACTUAL);
  event.set_kind(kind);
  event.set_type(v1::ALERT);
  event.set_urgency(v1::IMMEDIATE);
  event.set_severity(v1::SEVERE);
  event.set_certainty(v1::OBSERVED);
  set_time(event.mutable_effective(), now);
  set_time(event.mutable_expires(), now + 30 * kDayMs);
  event.set_language("vi");
  return event;
}

void add_danger(v1::ForestFireAlert* alert, std::int64_t now) {
  v1::DangerLevel* danger = alert->mutable_danger();
  danger->set_level(4);  // Cấp IV: nguy hiểm.
  set_time(danger->mutable_valid_from(), now);
  set_time(danger->mutable_valid_to(), now + 3 * kDayMs);
  set_area(danger->add_communes(), "07480", "xã Lục Nam");
  set_area(danger->add_communes(), "07510", "xã Sơn Động");
}

void add_hotspot(v1::ForestFireAlert* alert, std::int64_t now) {
  v1::Hotspot* hotspot = alert->mutable_hotspot();
  hotspot->set_satellite("VIIRS S-NPP");
  set_time(hotspot->mutable_detected_at(), now - 30 * kMinuteMs);
  set_point(hotspot->mutable_location(), 21.29, 106.39);  // Lục Nam.
  hotspot->set_confidence_percent(80);
  hotspot->set_forest_type("thông");
}

void add_fire(v1::ForestFireAlert* alert, std::int64_t now, bool out) {
  v1::Fire* fire = alert->mutable_fire();
  set_point(fire->mutable_location(), 21.27, 106.41);  // Lục Nam, towards Chí Linh.
  fire->set_forest_owner("Ban quản lý rừng phòng hộ Lục Nam");
  fire->set_forest_type("thông");
  fire->set_burned_ha(out ? 4.8 : 2.5);
  fire->set_distance_to_border_km(3.2);
  if (!out) {
    fire->set_resources_requested(
        "đề nghị Hải Phòng (Chí Linh) hỗ trợ 30 người và 2 máy thổi gió chữa cháy");
  }
  set_time(fire->mutable_started_at(), now - 2 * kHourMs);
}

const char* follow_up_text(v1::EventType type) {
  switch (type) {
    case v1::ACKNOWLEDGE:
      return "Đã nhận và đọc cảnh báo.";
    case v1::ADDITIONAL_INFO:
      return "Bổ sung: phát hiện thêm 12 con lợn có triệu chứng sốt cao, bỏ ăn.";
    case v1::MEASURES_TAKEN:
      return "Đã thu hồi 2 tấn sản phẩm của lô nêu trong cảnh báo.";
    case v1::REQUEST_INFO:
      return "Đề nghị cung cấp danh sách cơ sở đã nhận hàng.";
    case v1::ANSWER_INFO:
      return "Danh sách cơ sở đã nhận hàng gửi kèm theo.";
    case v1::RECLASSIFY:
      return "Nâng mức độ nghiêm trọng do dịch lan sang xã lân cận.";
    case v1::CORRECT:
      return "Đính chính: số con tiêu hủy là 108, không phải 180.";
    case v1::LEVEL_CHANGE:
      return "Nâng cấp dự báo cháy rừng lên cấp V (cực kỳ nguy hiểm).";
    case v1::NEW_OUTBREAK:
      return "Phát sinh ổ dịch mới tại thôn Đồng Mậm.";
    case v1::VERIFICATION:
      return "Đã xác minh: đốt thực bì, không phải cháy rừng.";
    case v1::CLOSE:
      return "Báo cáo kết thúc: không phát sinh ca bệnh mới sau 21 ngày.";
    case v1::CANCEL:
      return "Hủy cảnh báo do nhập nhầm địa bàn.";
    case v1::WITHDRAW:
      return "Đơn vị ban hành rút lại cảnh báo.";
    default:
      return "Thông tin bổ sung.";
  }
}

}  // namespace

std::int64_t now_unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

protocol::ValidationOptions validation_options_now() {
  protocol::ValidationOptions options;
  options.now_unix_ms = now_unix_ms();
  return options;
}

v1::Event sample_animal_disease() {
  const std::int64_t now = now_unix_ms();
  v1::Event event = alert_envelope("bac-giang/cnty", v1::ANIMAL_DISEASE, now);
  set_area(event.add_areas(), "24", "Bắc Ninh");
  event.set_title("Dịch tả lợn châu Phi tại xã Lục Ngạn");
  event.set_description(
      "Phát hiện ổ dịch tả lợn châu Phi tại hộ chăn nuôi thôn Cầu Đất; đã lấy mẫu xét "
      "nghiệm, kết quả dương tính.");
  event.set_contact("Chi cục Chăn nuôi và Thú y, 0204 385 4321");

  v1::AnimalDiseaseAlert* alert = event.mutable_animal_disease();
  alert->set_disease("Dịch tả lợn châu Phi");
  alert->set_agent_subtype("genotype II");
  alert->set_confirmation(v1::AnimalDiseaseAlert::CONFIRMED);
  alert->set_lab("Cơ quan Thú y vùng II");
  alert->set_test_method("Realtime PCR");
  set_time(alert->mutable_confirmed_at(), now - 2 * kHourMs);
  alert->set_onset_date(date_text(now - 3 * kDayMs));

  v1::Outbreak* outbreak = alert->add_outbreaks();
  set_area(outbreak->mutable_commune(), "07360", "xã Lục Ngạn");
  outbreak->set_hamlet("thôn Cầu Đất");
  set_point(outbreak->mutable_location(), 21.37, 106.55);
  outbreak->set_epi_unit(v1::Outbreak::HOUSEHOLD);
  outbreak->set_start_date(date_text(now - 3 * kDayMs));
  v1::SpeciesCount* pigs = outbreak->add_species();
  pigs->set_species("lợn");
  pigs->set_susceptible(120);
  pigs->set_cases(35);
  pigs->set_deaths(12);
  pigs->set_destroyed(108);

  alert->set_source("lợn giống mua từ thương lái ngoài tỉnh");
  alert->add_control_measures("tiêu hủy toàn bộ lợn mắc bệnh và lợn cùng đàn");
  alert->add_control_measures("phun khử trùng, tiêu độc khu vực chăn nuôi");
  alert->add_control_measures("lập chốt kiểm dịch động vật tạm thời");
  alert->set_restricted_zone("bán kính 1 km quanh ổ dịch tại thôn Cầu Đất");
  return event;
}

v1::Event sample_crop_pest() {
  const std::int64_t now = now_unix_ms();
  v1::Event event = alert_envelope("bac-giang/bvtv", v1::CROP_PEST, now);
  event.set_urgency(v1::EXPECTED);
  event.set_severity(v1::MODERATE);
  event.set_certainty(v1::LIKELY);
  set_area(event.add_areas(), "07360", "xã Lục Ngạn");
  event.set_title("Sâu đục cuống quả gây hại vải thiều giai đoạn quả non");
  event.set_description("Mật độ sâu đục cuống quả tăng nhanh tại các vùng trồng vải xuất khẩu.");

  v1::CropPestAlert* alert = event.mutable_crop_pest();
  alert->set_pest_scientific_name("Conopomorpha sinensis");
  alert->set_pest_name("sâu đục cuống quả");
  alert->set_crop("vải thiều");
  alert->set_growth_stage("quả non");
  alert->set_density(3.5);
  alert->set_density_unit("con/cành");
  alert->set_incidence_percent(12.5);
  alert->set_infested_ha_light(150);
  alert->set_infested_ha_medium(40);
  alert->set_infested_ha_heavy(5);
  alert->set_quarantine_pest(false);
  alert->add_growing_area_codes("VN-BGOR-0012");
  alert->add_growing_area_codes("VN-BGOR-0015");
  alert->add_packing_house_codes("VN-BGPH-003");
  alert->add_measures("phun thuốc đặc hiệu khi 70% số chùm quả đậu quả non");
  alert->add_measures("thu gom, tiêu hủy quả rụng");
  alert->set_demarcated_area("các vùng trồng vải xuất khẩu tại xã Lục Ngạn");
  return event;
}

v1::Event sample_forest_fire() {
  return sample_forest_fire(v1::ForestFireAlert::HOTSPOT);
}

v1::Event sample_forest_fire(v1::ForestFireAlert::Subtype subtype) {
  const std::int64_t now = now_unix_ms();
  v1::Event event = alert_envelope("bac-giang/kiem-lam", v1::FOREST_FIRE, now);
  set_area(event.add_areas(), "07480", "xã Lục Nam");
  v1::ForestFireAlert* alert = event.mutable_forest_fire();
  alert->set_subtype(subtype);
  switch (subtype) {
    case v1::ForestFireAlert::DANGER_LEVEL:
      event.set_urgency(v1::FUTURE);
      event.set_certainty(v1::LIKELY);
      event.set_title("Cảnh báo cháy rừng cấp IV (nguy hiểm) tại Lục Nam, Sơn Động");
      add_danger(alert, now);
      break;
    case v1::ForestFireAlert::FIRE:
      event.set_severity(v1::EXTREME);
      event.set_title("Cháy rừng thông tại Lục Nam, cách ranh giới Chí Linh 3,2 km");
      add_fire(alert, now, /*out=*/false);
      // Chí Linh, across the border, is in Hải Phòng since 2025.
      set_area(alert->add_threatened_areas(), "31", "Hải Phòng");
      break;
    case v1::ForestFireAlert::FIRE_OUT:
      event.set_urgency(v1::PAST);
      event.set_severity(v1::MODERATE);
      event.set_title("Đã dập tắt đám cháy rừng thông tại Lục Nam");
      add_fire(alert, now, /*out=*/true);
      break;
    default:
      event.set_severity(v1::MODERATE);
      event.set_certainty(v1::POSSIBLE);
      event.set_title("Điểm cháy VIIRS tại rừng thông Lục Nam, giáp Chí Linh");
      add_hotspot(alert, now);
      break;
  }
  return event;
}

v1::Event sample_unsafe_food() {
  const std::int64_t now = now_unix_ms();
  v1::Event event = alert_envelope("quang-ninh/qlcl", v1::UNSAFE_FOOD, now);
  event.set_urgency(v1::EXPECTED);
  set_area(event.add_areas(), "22", "Quảng Ninh");
  event.set_title("Phát hiện hàn the trong chả mực của cơ sở tại Hạ Long");
  event.set_description(
      "Mẫu chả mực lấy tại cơ sở phát hiện hàn the (chất cấm). Lô hàng đã phân phối sang "
      "Bắc Ninh và Hải Phòng; đề nghị các tỉnh thu hồi trong 24 giờ.");
  event.set_contact("Chi cục Quản lý chất lượng Nông lâm sản và Thủy sản Quảng Ninh");

  v1::UnsafeFoodAlert* alert = event.mutable_unsafe_food();
  v1::Facility* facility = alert->mutable_facility();
  facility->set_name("Cơ sở chế biến chả mực Hương Biển");
  facility->set_address("phường Bãi Cháy, Hạ Long, Quảng Ninh");
  facility->set_registration_number("5701234567");
  facility->set_grade(v1::Facility::B);

  v1::Product* product = alert->mutable_product();
  product->set_name("chả mực");
  product->set_lot("CM-031");
  product->set_production_date(date_text(now - 5 * kDayMs));
  product->set_expiry_date(date_text(now + 25 * kDayMs));
  product->set_quantity(350);
  product->set_quantity_unit("kg");

  v1::Hazard* hazard = alert->add_hazards();
  hazard->set_name("hàn the");
  hazard->set_result("phát hiện");
  hazard->set_limit("không được phép sử dụng");
  hazard->set_sampled_on(date_text(now - 2 * kDayMs));
  hazard->set_lab("Trung tâm Kiểm nghiệm Quảng Ninh");

  v1::Distribution* to_bac_ninh = alert->add_distribution();
  set_area(to_bac_ninh->mutable_province(), "24", "Bắc Ninh");
  to_bac_ninh->set_quantity(120);
  to_bac_ninh->set_unit("kg");
  v1::Distribution* to_hai_phong = alert->add_distribution();
  set_area(to_hai_phong->mutable_province(), "31", "Hải Phòng");
  to_hai_phong->set_quantity(80);
  to_hai_phong->set_unit("kg");

  alert->add_measures(v1::UnsafeFoodAlert::RECALL);
  alert->add_measures(v1::UnsafeFoodAlert::DETAIN);
  alert->set_risk(v1::UnsafeFoodAlert::SERIOUS);
  return event;
}

v1::Event sample_external() {
  const std::int64_t now = now_unix_ms();
  v1::Event event = alert_envelope("bac-ninh/cnty", v1::EXTERNAL, now);
  event.set_urgency(v1::PAST);
  event.set_severity(v1::MINOR);
  set_area(event.add_areas(), "24", "Bắc Ninh");
  event.set_title("Động đất độ lớn 3,8 tại huyện Sơn Động, tỉnh Bắc Giang");
  event.set_description("Tâm chấn: huyện Sơn Động, tỉnh Bắc Giang");

  v1::ExternalAlert* alert = event.mutable_external();
  alert->set_sender("baotin@igp-vast.vn");
  alert->set_sender_name("Viện Vật lý Địa cầu");
  alert->set_identifier("IGP-DD-20261205-0042");
  set_time(alert->mutable_sent(), now - kHourMs);
  alert->set_event("Động đất");
  alert->add_categories("Geo");
  v1::ExternalAlert::Code* code = alert->add_event_codes();
  code->set_name("IGP:CapDoDongDat");
  code->set_value("3.8");
  alert->set_cap_document(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">\n"
      "  <identifier>IGP-DD-20261205-0042</identifier>\n"
      "  <sender>baotin@igp-vast.vn</sender>\n"
      "  <info><category>Geo</category><event>Động đất</event></info>\n"
      "</alert>\n");
  return event;
}

v1::Event sample_alert_of(v1::AlertKind kind) {
  switch (kind) {
    case v1::ANIMAL_DISEASE:
      return sample_animal_disease();
    case v1::CROP_PEST:
      return sample_crop_pest();
    case v1::FOREST_FIRE:
      return sample_forest_fire();
    case v1::UNSAFE_FOOD:
      return sample_unsafe_food();
    default:
      return sample_external();
  }
}

v1::Event sample_follow_up(const std::string& alert_event_id, v1::EventType type) {
  assert(type != v1::ALERT && "a follow-up cannot have type ALERT");
  const std::int64_t now = now_unix_ms();
  v1::Event event;
  event.set_event_id(protocol::new_event_id_at(now));
  event.set_sender_unit("hai-duong/cnty");
  set_time(event.mutable_sent_at(), now);
  event.set_status(v1::ACTUAL);
  const bool forest = type == v1::LEVEL_CHANGE || type == v1::VERIFICATION;
  event.set_kind(forest ? v1::FOREST_FIRE : v1::ANIMAL_DISEASE);
  event.set_type(type);
  event.add_references(alert_event_id);
  event.set_language("vi");

  v1::FollowUp* follow_up = event.mutable_follow_up();
  follow_up->set_alert_event_id(alert_event_id);
  follow_up->set_text(follow_up_text(type));
  switch (type) {
    case v1::MEASURES_TAKEN:
      follow_up->set_quantity(2);
      follow_up->set_quantity_unit("t");
      break;
    case v1::ANSWER_INFO:
      follow_up->set_answers_event_id(protocol::new_event_id_at(now - kHourMs));
      break;
    case v1::RECLASSIFY:
      event.set_severity(v1::EXTREME);
      follow_up->set_new_severity(v1::EXTREME);
      break;
    case v1::LEVEL_CHANGE:
      follow_up->set_new_danger_level(5);
      break;
    default:
      break;
  }
  return event;
}

v1::Event sample_follow_up(const v1::Event& alert, v1::EventType type) {
  v1::Event event = sample_follow_up(alert.event_id(), type);
  event.set_kind(alert.kind());
  return event;
}

}  // namespace alertbus::testing
