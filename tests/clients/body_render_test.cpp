// `alertctl get` shows every field of an alert's body and of a follow-up's details, labelled in
// Vietnamese or English from the fields table (body_render.hpp).
#include "alertctl/body_render.hpp"

#include <set>

#include <catch2/catch.hpp>
#include <google/protobuf/util/time_util.h>

#include "alertctl/names.hpp"
#include "alertctl/render.hpp"
#include "clients/fake_broker.hpp"
#include "support/sample_events.hpp"

namespace {

namespace pb = google::protobuf;
namespace v1 = alertbus::v1;
using alertbus::alertctl::Language;
using Catch::Contains;
using google::protobuf::util::TimeUtil;

pb::Timestamp utc(const char* rfc3339) {
  pb::Timestamp timestamp;
  REQUIRE(TimeUtil::FromString(rfc3339, &timestamp));
  return timestamp;
}

// What `alertctl get` prints for `event`.
std::string get(const v1::Event& event, Language language = Language::kVi) {
  return alertbus::alertctl::event_detail(alertbus::testing::stored_event(42, event), language);
}

// Protobuf's names of enum values never reach officers.
void check_no_enum_names(const std::string& text) {
  for (const char* name : {"CONFIRMED", "HOUSEHOLD", "RECALL", "DETAIN", "SERIOUS", "HOTSPOT",
                           "DANGER_LEVEL", "GRADE", "EXTREME"}) {
    CHECK_THAT(text, !Contains(name));
  }
}

}  // namespace

TEST_CASE("get shows every field of an animal-disease alert, outbreaks and counts included") {
  v1::Event event = alertbus::testing::sample_animal_disease();
  v1::AnimalDiseaseAlert* body = event.mutable_animal_disease();
  *body->mutable_confirmed_at() = utc("2026-11-28T03:00:00Z");
  body->set_onset_date("2026-11-25");
  body->mutable_outbreaks(0)->mutable_species(0)->set_vaccinated(40);
  v1::Outbreak* second = body->add_outbreaks();
  second->mutable_commune()->set_code("07370");
  second->mutable_commune()->set_scheme("VN-2025");
  second->mutable_commune()->set_name("xã Nam Dương");
  second->set_epi_unit(v1::Outbreak::FARM);
  v1::SpeciesCount* pigs = second->add_species();
  pigs->set_species("lợn");
  pigs->set_cases(7);

  const std::string text = get(event);
  INFO(text);
  CHECK_THAT(text, Contains("Số hiệu:"));  // The envelope is still there, before the body.
  CHECK_THAT(text, Contains("\nDịch bệnh động vật:\n  Tên bệnh:"));
  CHECK_THAT(text, Contains("Dịch tả lợn châu Phi\n"));
  CHECK_THAT(text, Contains("genotype II"));
  CHECK_THAT(text, Contains("đã xác nhận"));
  CHECK_THAT(text, Contains("Cơ quan Thú y vùng II"));
  CHECK_THAT(text, Contains("Realtime PCR"));
  CHECK_THAT(text, Contains("2026-11-28 10:00 (GMT+7)"));
  CHECK_THAT(text, Contains("25/11/2026"));
  CHECK_THAT(text, Contains("  Ổ dịch 1:\n    Xã có ổ dịch:"));
  CHECK_THAT(text, Contains("xã Lục Ngạn (07360, VN-2025)"));
  CHECK_THAT(text, Contains("thôn Cầu Đất"));
  CHECK_THAT(text, Contains("21.37, 106.55"));
  CHECK_THAT(text, Contains("Hộ gia đình"));
  CHECK_THAT(text, Contains("    Loài 1:\n      Loài vật nuôi:"));
  CHECK_THAT(text, Contains("Số con cảm nhiễm:"));
  CHECK_THAT(text, Contains("120 con"));
  CHECK_THAT(text, Contains("Số con mắc bệnh:"));
  CHECK_THAT(text, Contains("35 con"));
  CHECK_THAT(text, Contains("12 con"));
  CHECK_THAT(text, Contains("Số con tiêu hủy:"));
  CHECK_THAT(text, Contains("108 con"));
  CHECK_THAT(text, Contains("40 con"));
  CHECK_THAT(text, Contains("  Ổ dịch 2:"));
  CHECK_THAT(text, Contains("xã Nam Dương (07370, VN-2025)"));
  CHECK_THAT(text, Contains("Trang trại"));
  CHECK_THAT(text, Contains("7 con"));
  CHECK_THAT(text, Contains("lợn giống mua từ thương lái ngoài tỉnh"));
  CHECK_THAT(text, Contains("  Biện pháp phòng chống:\n    - tiêu hủy toàn bộ lợn"));
  CHECK_THAT(text, Contains("    - lập chốt kiểm dịch động vật tạm thời\n"));
  CHECK_THAT(text, Contains("Vùng khống chế:"));
  CHECK_THAT(text, Contains("bán kính 1 km quanh ổ dịch"));
  check_no_enum_names(text);
}

TEST_CASE("get shows a crop-pest alert's areas in ha, its density and its codes") {
  v1::Event event = alertbus::testing::sample_crop_pest();
  event.mutable_crop_pest()->set_quarantine_pest(true);
  const std::string text = get(event);
  INFO(text);
  CHECK_THAT(text, Contains("\nSinh vật gây hại cây trồng:\n"));
  CHECK_THAT(text, Contains("Conopomorpha sinensis"));
  CHECK_THAT(text, Contains("sâu đục cuống quả"));
  CHECK_THAT(text, Contains("vải thiều"));
  CHECK_THAT(text, Contains("quả non"));
  CHECK_THAT(text, Contains("3,5 con/cành"));
  CHECK_THAT(text, !Contains("Đơn vị mật độ"));  // Shown beside the density.
  CHECK_THAT(text, Contains("12,5%"));
  CHECK_THAT(text, Contains("Diện tích nhiễm nhẹ:"));
  CHECK_THAT(text, Contains("150 ha"));
  CHECK_THAT(text, Contains("40 ha"));
  CHECK_THAT(text, Contains("Diện tích nhiễm nặng:"));
  CHECK_THAT(text, Contains("5 ha"));
  CHECK_THAT(text, Contains("Dịch hại kiểm dịch:"));
  CHECK_THAT(text, Contains(" có\n"));
  CHECK_THAT(text, Contains("  Mã số vùng trồng:\n    - VN-BGOR-0012\n    - VN-BGOR-0015\n"));
  CHECK_THAT(text, Contains("VN-BGPH-003"));
  CHECK_THAT(text, Contains("thu gom, tiêu hủy quả rụng"));
  CHECK_THAT(text, Contains("các vùng trồng vải xuất khẩu tại xã Lục Ngạn"));
}

TEST_CASE("get shows a forest fire's hectares, danger level, hotspot and resources") {
  v1::Event fire = alertbus::testing::sample_forest_fire(v1::ForestFireAlert::FIRE);
  *fire.mutable_forest_fire()->mutable_fire()->mutable_started_at() = utc("2026-12-01T06:30:00Z");
  std::string text = get(fire);
  INFO(text);
  CHECK_THAT(text, Contains("\nCháy rừng:\n  Loại tin cháy rừng:"));
  CHECK_THAT(text, Contains("Đang cháy"));
  CHECK_THAT(text, Contains("  Đám cháy:\n    Tọa độ đám cháy:"));
  CHECK_THAT(text, Contains("21.27, 106.41"));
  CHECK_THAT(text, Contains("Ban quản lý rừng phòng hộ Lục Nam"));
  CHECK_THAT(text, Contains("Diện tích bị cháy:"));
  CHECK_THAT(text, Contains("2,5 ha"));
  CHECK_THAT(text, Contains("3,2 km"));
  CHECK_THAT(text, Contains("30 người và 2 máy thổi gió"));
  CHECK_THAT(text, Contains("2026-12-01 13:30 (GMT+7)"));

  const v1::Event danger = alertbus::testing::sample_forest_fire(v1::ForestFireAlert::DANGER_LEVEL);
  text = get(danger);
  INFO(text);
  CHECK_THAT(text, Contains("Cấp dự báo cháy rừng:"));
  CHECK_THAT(text, Contains("cấp IV, nguy hiểm"));
  CHECK_THAT(text, Contains("Hiệu lực từ:"));
  CHECK_THAT(text, Contains("Hiệu lực đến:"));
  CHECK_THAT(text, Contains("Các xã áp dụng:\n      - xã Lục Nam (07480, VN-2025)\n"));
  CHECK_THAT(text, Contains("- xã Sơn Động (07510, VN-2025)"));

  v1::Event hotspot = alertbus::testing::sample_forest_fire();
  hotspot.mutable_forest_fire()->mutable_hotspot()->set_verification("đốt thực bì");
  text = get(hotspot);
  INFO(text);
  CHECK_THAT(text, Contains("Điểm cháy:"));
  CHECK_THAT(text, Contains("VIIRS S-NPP"));
  CHECK_THAT(text, Contains("80%"));
  CHECK_THAT(text, Contains("thông"));
  CHECK_THAT(text, Contains("đốt thực bì"));
  check_no_enum_names(text);
}

TEST_CASE("get shows an unsafe-food alert's distribution, recall and risk decision") {
  const v1::Event event = alertbus::testing::sample_unsafe_food();
  const std::string text = get(event);
  INFO(text);
  CHECK_THAT(text, Contains("\nThực phẩm không bảo đảm an toàn:\n  Cơ sở:\n    Tên cơ sở:"));
  CHECK_THAT(text, Contains("Cơ sở chế biến chả mực Hương Biển"));
  CHECK_THAT(text, Contains("phường Bãi Cháy, Hạ Long, Quảng Ninh"));
  CHECK_THAT(text, Contains("5701234567"));
  CHECK_THAT(text, Contains("Loại B"));
  CHECK_THAT(text, Contains("  Sản phẩm:\n    Tên sản phẩm:"));
  CHECK_THAT(text, Contains("CM-031"));
  CHECK_THAT(text, Contains("350 kg"));
  CHECK_THAT(text, Contains("  Mối nguy 1:\n"));
  CHECK_THAT(text, Contains("hàn the"));
  CHECK_THAT(text, Contains("không được phép sử dụng"));
  CHECK_THAT(text, Contains("Trung tâm Kiểm nghiệm Quảng Ninh"));
  CHECK_THAT(text, Contains("  Phân phối 1:\n    Tỉnh nhận:"));
  CHECK_THAT(text, Contains("Bắc Ninh (24, VN-2025)"));
  CHECK_THAT(text, Contains("120 kg"));
  CHECK_THAT(text, Contains("  Phân phối 2:\n"));
  CHECK_THAT(text, Contains("Hải Phòng (31, VN-2025)"));
  CHECK_THAT(text, Contains("80 kg"));
  CHECK_THAT(text, Contains("Biện pháp xử lý:"));
  CHECK_THAT(text, Contains("Thu hồi, Tạm giữ"));
  CHECK_THAT(text, Contains("Kết luận nguy cơ:"));
  check_no_enum_names(text);
}

TEST_CASE("get --lang en labels every body field in English") {
  std::string text = get(alertbus::testing::sample_unsafe_food(), Language::kEn);
  INFO(text);
  CHECK_THAT(text, Contains("\nUnsafe food:\n  Facility:\n"));
  CHECK_THAT(text, Contains("Grade B"));
  CHECK_THAT(text, Contains("  Distribution 2:\n    Receiving province:"));
  CHECK_THAT(text, Contains("Hải Phòng (31, VN-2025)"));
  CHECK_THAT(text, Contains("Recall, Detention"));
  CHECK_THAT(text, Contains("Risk decision:"));
  CHECK_THAT(text, Contains("Serious"));
  CHECK_THAT(text, !Contains("Phân phối"));

  text = get(alertbus::testing::sample_animal_disease(), Language::kEn);
  INFO(text);
  CHECK_THAT(text, Contains("  Outbreak 1:\n"));
  CHECK_THAT(text, Contains("Household"));
  CHECK_THAT(text, Contains("120 animals"));
  CHECK_THAT(text, Contains("Control measures:"));
  CHECK_THAT(text, Contains("confirmed"));

  text = get(alertbus::testing::sample_forest_fire(v1::ForestFireAlert::FIRE), Language::kEn);
  CHECK_THAT(text, Contains("2.5 ha"));
  CHECK_THAT(text, Contains("Burned area:"));
}

TEST_CASE("get shows a follow-up's details: text, new severity, level, quantity, receipts") {
  const v1::Event alert = alertbus::testing::sample_unsafe_food();
  v1::Event measures = alertbus::testing::sample_follow_up(alert, v1::MEASURES_TAKEN);
  measures.mutable_follow_up()->set_stable(true);
  std::string text = get(measures);
  INFO(text);
  CHECK_THAT(text, Contains("Theo cảnh báo:"));
  CHECK_THAT(text, Contains("\nThông tin tiếp theo:\n"));
  CHECK_THAT(text, Contains("Mã sự kiện của cảnh báo:"));
  CHECK_THAT(text, Contains("Đã thu hồi 2 tấn sản phẩm"));
  CHECK_THAT(text, Contains("2 t\n"));
  CHECK_THAT(text, Contains("Tình hình đã ổn định:"));

  text = get(alertbus::testing::sample_follow_up(alert.event_id(), v1::RECLASSIFY));
  CHECK_THAT(text, Contains("Mức độ nghiêm trọng mới:"));
  CHECK_THAT(text, Contains("Đặc biệt nghiêm trọng"));
  text =
      get(alertbus::testing::sample_follow_up(alert.event_id(), v1::LEVEL_CHANGE), Language::kEn);
  CHECK_THAT(text, Contains("New danger level:"));
  CHECK_THAT(text, Contains("level V"));

  v1::Event receipt = alertbus::testing::sample_follow_up(alert.event_id(), v1::RECEIPT);
  v1::ReceiptEntry* entry = receipt.mutable_follow_up()->add_receipts();
  entry->set_alert_event_id(alert.event_id());
  *entry->mutable_stored_at() = utc("2026-12-01T01:00:00Z");
  receipt.mutable_follow_up()->set_receipts_through_seq(77);
  text = get(receipt);
  INFO(text);
  CHECK_THAT(text, Contains("  Cảnh báo đã lưu 1:\n"));
  CHECK_THAT(text, Contains("2026-12-01 08:00 (GMT+7)"));
  CHECK_THAT(text, Contains("Biên nhận đến số thứ tự:"));
}

TEST_CASE("Every field of every body and of a follow-up has a label in both languages") {
  // Every message reachable from the Event's body, by reflection: a field added to a .proto
  // without a label in names_fields.cpp fails here.
  std::vector<const pb::Descriptor*> pending;
  const pb::OneofDescriptor* body = v1::Event::descriptor()->FindOneofByName("body");
  REQUIRE(body != nullptr);
  std::set<const pb::Descriptor*> seen;
  for (int i = 0; i < body->field_count(); ++i) {
    const pb::FieldDescriptor& field = *body->field(i);
    const auto* name = alertbus::alertctl::shown_field_name(field);
    INFO(field.full_name());
    REQUIRE(name != nullptr);
    CHECK_FALSE(name->vi.empty());
    CHECK_FALSE(name->en.empty());
    pending.push_back(field.message_type());
  }
  std::size_t fields = 0;
  while (!pending.empty()) {
    const pb::Descriptor* type = pending.back();
    pending.pop_back();
    if (!seen.insert(type).second || type == pb::Timestamp::descriptor()) {
      continue;
    }
    for (int i = 0; i < type->field_count(); ++i) {
      const pb::FieldDescriptor& field = *type->field(i);
      INFO(field.full_name());
      const auto* name = alertbus::alertctl::shown_field_name(field);
      REQUIRE(name != nullptr);
      CHECK_FALSE(name->vi.empty());
      CHECK_FALSE(name->en.empty());
      ++fields;
      if (field.message_type() == nullptr) {
        continue;
      }
      pending.push_back(field.message_type());
      // Repeated blocks are numbered by the name of one element ("Ổ dịch 1:").
      if (field.is_repeated() && !alertbus::alertctl::shown_as_one_value(*field.message_type())) {
        const auto* item = alertbus::alertctl::item_name(field);
        REQUIRE(item != nullptr);
        CHECK_FALSE(item->vi.empty());
        CHECK_FALSE(item->en.empty());
      }
    }
  }
  CHECK(seen.count(v1::Distribution::descriptor()) == 1);
  CHECK(seen.count(v1::ReceiptEntry::descriptor()) == 1);
  CHECK(fields > 90);
}

TEST_CASE("Control characters in a body's texts are shown as escapes") {
  v1::Event event = alertbus::testing::sample_unsafe_food();
  v1::UnsafeFoodAlert* body = event.mutable_unsafe_food();
  body->mutable_hazards(0)->set_name("hàn the\r\x1b[32mAN TOÀN");
  body->mutable_distribution(1)->mutable_province()->set_name("Hải Phòng\x1b[2J");
  body->mutable_distribution(1)->set_unit("kg\x07");
  body->mutable_product()->set_name("chả\u202emực");
  // body_detail escapes on its own, and get does too.
  for (const std::string& text :
       {alertbus::alertctl::body_detail(event, Language::kVi), get(event)}) {
    INFO(text);
    CHECK(text.find('\r') == std::string::npos);
    CHECK(text.find('\x1b') == std::string::npos);
    CHECK(text.find('\x07') == std::string::npos);
    CHECK_THAT(text, Contains("hàn the\\r\\x1b[32mAN TOÀN"));
    CHECK_THAT(text, Contains("Hải Phòng\\x1b[2J (31, VN-2025)"));
    CHECK_THAT(text, Contains("80 kg\\x07"));
    CHECK_THAT(text, Contains("chả\\u202emực"));
  }
}

namespace {

// Every field of `message` set to a value that is not its default, at every depth.
void fill(pb::Message* message) {
  if (auto* time = dynamic_cast<pb::Timestamp*>(message)) {
    time->set_seconds(1'795'000'000);
    return;
  }
  const pb::Reflection& r = *message->GetReflection();
  const pb::Descriptor& type = *message->GetDescriptor();
  for (int i = 0; i < type.field_count(); ++i) {
    const pb::FieldDescriptor* f = type.field(i);
    const bool many = f->is_repeated();
    switch (f->cpp_type()) {
      case pb::FieldDescriptor::CPPTYPE_STRING:
        many ? r.AddString(message, f, "v") : r.SetString(message, f, "v");
        break;
      case pb::FieldDescriptor::CPPTYPE_BOOL:
        many ? r.AddBool(message, f, true) : r.SetBool(message, f, true);
        break;
      case pb::FieldDescriptor::CPPTYPE_DOUBLE:
        many ? r.AddDouble(message, f, 1.5) : r.SetDouble(message, f, 1.5);
        break;
      case pb::FieldDescriptor::CPPTYPE_UINT32:
        many ? r.AddUInt32(message, f, 3) : r.SetUInt32(message, f, 3);
        break;
      case pb::FieldDescriptor::CPPTYPE_UINT64:
        many ? r.AddUInt64(message, f, 3) : r.SetUInt64(message, f, 3);
        break;
      case pb::FieldDescriptor::CPPTYPE_ENUM:
        many ? r.AddEnumValue(message, f, 1) : r.SetEnumValue(message, f, 1);
        break;
      case pb::FieldDescriptor::CPPTYPE_MESSAGE:
        fill(many ? r.AddMessage(message, f) : r.MutableMessage(message, f));
        break;
      default:
        FAIL("a field type the renderer test does not fill: " << f->full_name());
    }
  }
}

// The fields shown inside another's value: an area's name, code and scheme, a point's
// coordinates, a unit beside its number.
bool inside_another_value(const pb::FieldDescriptor& field) {
  const pb::Descriptor* type = field.containing_type();
  if (type == v1::GeoPoint::descriptor() || type == pb::Timestamp::descriptor()) {
    return true;
  }
  const std::string& name = field.name();
  return (type == v1::Area::descriptor() &&
          (name == "code" || name == "scheme" || name == "name")) ||
         name == "density_unit" || name == "quantity_unit" ||
         (type == v1::Distribution::descriptor() && name == "unit");
}

void check_every_label(const pb::Descriptor& type, const std::string& text, Language language) {
  for (int i = 0; i < type.field_count(); ++i) {
    const pb::FieldDescriptor& field = *type.field(i);
    INFO(field.full_name());
    if (inside_another_value(field)) {
      continue;
    }
    const bool numbered = field.is_repeated() && field.message_type() != nullptr &&
                          !alertbus::alertctl::shown_as_one_value(*field.message_type());
    const std::string label = numbered ? alertbus::alertctl::item_label(field, language) + " 1:"
                                       : alertbus::alertctl::field_label(field, language) + ":";
    CHECK_THAT(text, Contains(label));
    if (field.message_type() != nullptr) {
      check_every_label(*field.message_type(), text, language);
    }
  }
}

}  // namespace

TEST_CASE("get shows every field of a body with all of them set") {
  const pb::OneofDescriptor* body = v1::Event::descriptor()->FindOneofByName("body");
  for (const Language language : {Language::kVi, Language::kEn}) {
    for (int i = 0; i < body->field_count(); ++i) {
      const pb::FieldDescriptor& field = *body->field(i);
      v1::Event event;
      fill(event.GetReflection()->MutableMessage(&event, &field));
      const std::string text = alertbus::alertctl::body_detail(event, language);
      INFO(text);
      CHECK_THAT(text, Contains(alertbus::alertctl::field_label(field, language) + ":\n"));
      check_every_label(*field.message_type(), text, language);
      CHECK_THAT(text, !Contains("[1]"));  // Every enum value 1 has a vocabulary label.
    }
  }
}
