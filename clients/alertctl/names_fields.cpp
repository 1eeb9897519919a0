// The fields of an event as officers read and type them (names.hpp): the table and lookups.
#include <algorithm>
#include <array>

#include "alertbus/v1/event.pb.h"

#include "alertctl/names.hpp"

namespace alertbus::alertctl {
namespace {

constexpr Need R = Need::kRequired;
constexpr Need O = Need::kOptional;
constexpr Need S = Need::kSometimes;

// clang-format off
constexpr FieldName kFields[] = {
    // The envelope (event.proto).
    {"Event.sender_unit", "Đơn vị gửi", "Sending unit", R, "dạng nút/đơn vị, ví dụ bac-giang/cnty; mặc định lấy từ ALERTBUS_SENDER", "node/unit, e.g. bac-giang/cnty; ALERTBUS_SENDER by default"},
    {"Event.status", "Trạng thái tin", "Message status", O, "mặc định actual (thực tế)", "actual by default"},
    {"Event.kind", "Loại cảnh báo", "Alert kind", R, "", ""},
    {"Event.urgency", "Mức khẩn cấp", "Urgency", R, "", ""},
    {"Event.severity", "Mức độ nghiêm trọng", "Severity", R, "", ""},
    {"Event.certainty", "Mức chắc chắn", "Certainty", R, "", ""},
    {"Event.effective", "Hiệu lực từ", "Effective from", O, "", ""},
    {"Event.expires", "Hết hiệu lực lúc", "Expires at", O, "sau thời điểm hiệu lực", "after effective"},
    {"Event.areas", "Khu vực", "Areas", R, "ít nhất một tỉnh hoặc xã", "at least one province or commune"},
    {"Event.title", "Tiêu đề", "Title", R, "tối đa 200 ký tự", "at most 200 characters"},
    {"Event.description", "Mô tả", "Description", O, "tối đa 10.000 ký tự", "at most 10,000 characters"},
    {"Event.language", "Ngôn ngữ của tiêu đề và mô tả", "Language of title and description", O, "mặc định vi", "vi by default"},
    {"Event.contact", "Liên hệ", "Contact", O, "người liên hệ, số điện thoại", "person, phone"},
    {"Event.animal_disease", "Dịch bệnh động vật", "Animal disease", S, "khi loại là animal-disease", "when the kind is animal-disease"},
    {"Event.crop_pest", "Sinh vật gây hại cây trồng", "Crop pest", S, "khi loại là crop-pest", "when the kind is crop-pest"},
    {"Event.forest_fire", "Cháy rừng", "Forest fire", S, "khi loại là forest-fire", "when the kind is forest-fire"},
    {"Event.unsafe_food", "Thực phẩm không bảo đảm an toàn", "Unsafe food", S, "khi loại là unsafe-food", "when the kind is unsafe-food"},
    // Places (common.proto).
    {"Area.code", "Mã đơn vị hành chính", "Administrative code", S, "2 chữ số cho tỉnh (24), 5 chữ số cho xã (07360); bỏ trống thì tìm theo tên tỉnh", "2 digits for a province (24), 5 for a commune (07360); left empty, found from the province's name"},
    {"Area.scheme", "Hệ mã", "Coding scheme", S, "VN-2025 (34 tỉnh, từ 1/7/2025) hoặc VN-2004 (63 tỉnh trước đó); để trống là VN-2025", "VN-2025 (34 provinces, from 1 July 2025) or VN-2004 (the 63 before); empty means VN-2025"},
    {"Area.name", "Tên đơn vị hành chính", "Name of the area", R, "tên lúc ra cảnh báo, ví dụ Bắc Giang", "the name at issue, e.g. Bắc Giang"},
    {"Area.polygon", "Đa giác", "Polygon", O, "ít nhất 4 điểm, điểm cuối trùng điểm đầu", "at least 4 points, the last equal to the first"},
    {"Area.circle_center", "Tâm vòng tròn", "Circle centre", O, "", ""},
    {"Area.circle_radius_km", "Bán kính vòng tròn", "Circle radius", O, "km", "km"},
    {"GeoPoint.latitude", "Vĩ độ", "Latitude", R, "độ bắc, ở Việt Nam khoảng 8–24 (ví dụ 21.37)", "degrees north, about 8-24 in Vietnam (e.g. 21.37)"},
    {"GeoPoint.longitude", "Kinh độ", "Longitude", R, "độ đông, ở Việt Nam khoảng 102–110, đảo đến 117,5 (ví dụ 106.55)", "degrees east, about 102-110 in Vietnam, islands to 117.5 (e.g. 106.55)"},
    // Animal disease.
    {"AnimalDiseaseAlert.disease", "Tên bệnh", "Disease", R, "", ""},
    {"AnimalDiseaseAlert.agent_subtype", "Chủng, type mầm bệnh", "Agent subtype", O, "ví dụ H5N1, O", "e.g. H5N1, O"},
    {"AnimalDiseaseAlert.confirmation", "Nghi ngờ hay đã xác nhận", "Suspected or confirmed", R, "", ""},
    {"AnimalDiseaseAlert.lab", "Phòng xét nghiệm", "Laboratory", S, "bắt buộc khi đã xác nhận", "required when confirmed"},
    {"AnimalDiseaseAlert.test_method", "Phương pháp xét nghiệm", "Test method", O, "ví dụ Realtime PCR", "e.g. Realtime PCR"},
    {"AnimalDiseaseAlert.confirmed_at", "Thời điểm có kết quả xét nghiệm", "Confirmed at", S, "bắt buộc khi đã xác nhận", "required when confirmed"},
    {"AnimalDiseaseAlert.onset_date", "Ngày phát bệnh đầu tiên", "Onset date", R, "ngày, ví dụ 25/11/2026", "a date, e.g. 25/11/2026"},
    {"AnimalDiseaseAlert.outbreaks", "Ổ dịch", "Outbreaks", R, "ít nhất một", "at least one"},
    {"AnimalDiseaseAlert.source", "Nguồn lây nghi ngờ", "Suspected source", O, "", ""},
    {"AnimalDiseaseAlert.control_measures", "Biện pháp phòng chống", "Control measures", O, "", ""},
    {"AnimalDiseaseAlert.restricted_zone", "Vùng khống chế", "Restricted zone", O, "", ""},
    {"Outbreak.commune", "Xã có ổ dịch", "Commune", R, "", ""},
    {"Outbreak.hamlet", "Thôn", "Hamlet", O, "", ""},
    {"Outbreak.location", "Tọa độ ổ dịch", "Location", O, "", ""},
    {"Outbreak.epi_unit", "Đơn vị dịch tễ", "Epidemiological unit", R, "", ""},
    {"Outbreak.start_date", "Ngày bắt đầu ổ dịch", "Start date", O, "ngày, ví dụ 25/11/2026", "a date, e.g. 25/11/2026"},
    {"Outbreak.species", "Số lượng theo loài", "Counts per species", R, "ít nhất một loài", "at least one species"},
    {"SpeciesCount.species", "Loài vật nuôi", "Species", R, "", ""},
    {"SpeciesCount.susceptible", "Số con cảm nhiễm", "Susceptible", O, "con", "animals"},
    {"SpeciesCount.cases", "Số con mắc bệnh", "Cases", O, "con, không quá số cảm nhiễm", "animals, at most the susceptible"},
    {"SpeciesCount.deaths", "Số con chết", "Deaths", O, "con", "animals"},
    {"SpeciesCount.destroyed", "Số con tiêu hủy", "Destroyed", O, "con", "animals"},
    {"SpeciesCount.vaccinated", "Số con đã tiêm phòng", "Vaccinated", O, "con", "animals"},
    // Crop pest.
    {"CropPestAlert.pest_scientific_name", "Tên khoa học của sinh vật gây hại", "Scientific name of the pest", R, "", ""},
    {"CropPestAlert.pest_name", "Tên sinh vật gây hại", "Pest name", R, "", ""},
    {"CropPestAlert.crop", "Cây trồng", "Crop", R, "", ""},
    {"CropPestAlert.growth_stage", "Giai đoạn sinh trưởng", "Growth stage", O, "ví dụ ra hoa, quả non", "e.g. flowering, young fruit"},
    {"CropPestAlert.density", "Mật độ", "Density", O, "0–1.000.000, theo đơn vị mật độ", "0-1,000,000, in the density unit"},
    {"CropPestAlert.density_unit", "Đơn vị mật độ", "Density unit", S, "ví dụ con/m2; bắt buộc khi có mật độ", "e.g. con/m2; required with a density"},
    {"CropPestAlert.incidence_percent", "Tỷ lệ hại", "Incidence", O, "%, 0–100", "%, 0-100"},
    {"CropPestAlert.infested_ha_light", "Diện tích nhiễm nhẹ", "Area lightly infested", O, "ha", "ha"},
    {"CropPestAlert.infested_ha_medium", "Diện tích nhiễm trung bình", "Area moderately infested", O, "ha", "ha"},
    {"CropPestAlert.infested_ha_heavy", "Diện tích nhiễm nặng", "Area heavily infested", O, "ha", "ha"},
    {"CropPestAlert.quarantine_pest", "Dịch hại kiểm dịch", "Quarantine pest", O, "true hoặc false", "true or false"},
    {"CropPestAlert.growing_area_codes", "Mã số vùng trồng", "Growing-area codes", O, "", ""},
    {"CropPestAlert.packing_house_codes", "Mã số cơ sở đóng gói", "Packing-house codes", O, "", ""},
    {"CropPestAlert.measures", "Biện pháp", "Measures", O, "", ""},
    {"CropPestAlert.demarcated_area", "Vùng khoanh", "Demarcated area", O, "", ""},
    // Forest fire.
    {"ForestFireAlert.subtype", "Loại tin cháy rừng", "Forest-fire notice", R, "chọn phần danger, hotspot hoặc fire tương ứng", "fill in danger, hotspot or fire to match"},
    {"ForestFireAlert.danger", "Cấp dự báo cháy rừng", "Danger level", S, "khi loại tin là danger-level", "when the notice is danger-level"},
    {"ForestFireAlert.hotspot", "Điểm cháy", "Hotspot", S, "khi loại tin là hotspot", "when the notice is hotspot"},
    {"ForestFireAlert.fire", "Đám cháy", "Fire", S, "khi loại tin là fire hoặc fire-out", "when the notice is fire or fire-out"},
    {"ForestFireAlert.threatened_areas", "Vùng bị đe dọa ngoài địa bàn", "Areas threatened beyond the alert's own", O, "ví dụ tỉnh giáp ranh; tối đa 64", "e.g. the neighbouring province; at most 64"},
    {"DangerLevel.level", "Cấp", "Level", R, "", ""},
    {"DangerLevel.valid_from", "Hiệu lực từ", "Valid from", R, "", ""},
    {"DangerLevel.valid_to", "Hiệu lực đến", "Valid to", R, "sau thời điểm bắt đầu", "after valid from"},
    {"DangerLevel.communes", "Các xã áp dụng", "Communes", R, "ít nhất một", "at least one"},
    {"Hotspot.satellite", "Vệ tinh hoặc nguồn", "Satellite or source", R, "ví dụ VIIRS S-NPP, MODIS Aqua", "e.g. VIIRS S-NPP, MODIS Aqua"},
    {"Hotspot.detected_at", "Thời điểm phát hiện", "Detected at", R, "", ""},
    {"Hotspot.location", "Tọa độ điểm cháy", "Location", R, "", ""},
    {"Hotspot.confidence_percent", "Độ tin cậy", "Confidence", O, "%, 0–100", "%, 0-100"},
    {"Hotspot.forest_type", "Loại rừng", "Forest type", O, "", ""},
    {"Hotspot.verification", "Kết quả xác minh", "Verification", O, "", ""},
    {"Fire.location", "Tọa độ đám cháy", "Location", R, "", ""},
    {"Fire.forest_owner", "Chủ rừng", "Forest owner", O, "", ""},
    {"Fire.forest_type", "Loại rừng", "Forest type", O, "", ""},
    {"Fire.burned_ha", "Diện tích bị cháy", "Burned area", O, "ha", "ha"},
    {"Fire.distance_to_border_km", "Khoảng cách đến ranh giới tỉnh", "Distance to the provincial border", O, "km", "km"},
    {"Fire.resources_requested", "Lực lượng, phương tiện đề nghị hỗ trợ", "Resources requested", O, "", ""},
    {"Fire.started_at", "Thời điểm bắt đầu cháy", "Started at", O, "", ""},
    // Unsafe food.
    {"UnsafeFoodAlert.facility", "Cơ sở", "Facility", R, "", ""},
    {"UnsafeFoodAlert.product", "Sản phẩm", "Product", R, "", ""},
    {"UnsafeFoodAlert.hazards", "Mối nguy phát hiện", "Hazards found", R, "ít nhất một", "at least one"},
    {"UnsafeFoodAlert.distribution", "Nơi sản phẩm đã đến", "Distribution", O, "", ""},
    {"UnsafeFoodAlert.measures", "Biện pháp xử lý", "Measures", O, "", ""},
    {"UnsafeFoodAlert.risk", "Kết luận nguy cơ", "Risk decision", R, "", ""},
    {"Facility.name", "Tên cơ sở", "Facility name", R, "", ""},
    {"Facility.address", "Địa chỉ cơ sở", "Address", R, "", ""},
    {"Facility.registration_number", "Số đăng ký hoặc giấy chứng nhận", "Registration number", O, "", ""},
    {"Facility.grade", "Xếp loại", "Grade", O, "", ""},
    {"Product.name", "Tên sản phẩm", "Product name", R, "", ""},
    {"Product.lot", "Số lô", "Lot", O, "", ""},
    {"Product.production_date", "Ngày sản xuất", "Production date", O, "ngày, ví dụ 20/11/2026", "a date, e.g. 20/11/2026"},
    {"Product.expiry_date", "Hạn sử dụng", "Expiry date", O, "ngày, không trước ngày sản xuất", "a date, not before the production date"},
    {"Product.quantity", "Số lượng", "Quantity", O, "0–1.000.000.000, theo đơn vị", "0-1,000,000,000, in the unit"},
    {"Product.quantity_unit", "Đơn vị số lượng", "Quantity unit", S, "ví dụ kg, t; bắt buộc khi có số lượng", "e.g. kg, t; required with a quantity"},
    {"Hazard.name", "Mối nguy", "Hazard", R, "", ""},
    {"Hazard.result", "Kết quả", "Result", R, "ví dụ phát hiện, 0.35", "e.g. detected, 0.35"},
    {"Hazard.unit", "Đơn vị", "Unit", O, "ví dụ mg/kg", "e.g. mg/kg"},
    {"Hazard.limit", "Giới hạn cho phép", "Legal limit", O, "", ""},
    {"Hazard.sampled_on", "Ngày lấy mẫu", "Sampled on", O, "ngày, ví dụ 26/11/2026", "a date, e.g. 26/11/2026"},
    {"Hazard.lab", "Phòng kiểm nghiệm", "Laboratory", O, "", ""},
    {"Distribution.province", "Tỉnh nhận", "Receiving province", R, "", ""},
    {"Distribution.quantity", "Số lượng", "Quantity", O, "", ""},
    {"Distribution.unit", "Đơn vị", "Unit", O, "", ""},
};

// Fields officers read but never type: a follow-up's details (its own command fills them in)
// and what brokers write (receipts, overdue notices). `alertctl get` labels them from here.
constexpr FieldName kShownFields[] = {
    {"Event.follow_up", "Thông tin tiếp theo", "Follow-up", O, "", ""},
    {"FollowUp.alert_event_id", "Mã sự kiện của cảnh báo", "Event id of the alert", R, "", ""},
    {"FollowUp.text", "Nội dung", "Text", S, "", ""},
    {"FollowUp.new_severity", "Mức độ nghiêm trọng mới", "New severity", S, "", ""},
    {"FollowUp.new_danger_level", "Cấp dự báo cháy rừng mới", "New danger level", S, "", ""},
    {"FollowUp.answers_event_id", "Trả lời yêu cầu (mã sự kiện)", "Answers the request (event id)", S, "", ""},
    {"FollowUp.quantity", "Số lượng", "Quantity", O, "", ""},
    {"FollowUp.quantity_unit", "Đơn vị số lượng", "Quantity unit", O, "", ""},
    {"FollowUp.stable", "Tình hình đã ổn định", "Situation stable", O, "", ""},
    {"FollowUp.overdue_nodes", "Các nút chậm xử lý", "Nodes overdue", S, "", ""},
    {"FollowUp.escalated_to", "Báo cáo lên", "Escalated to", O, "", ""},
    {"FollowUp.receipts", "Các cảnh báo đã lưu", "Alerts stored", O, "", ""},
    {"FollowUp.receipts_through_seq", "Biên nhận đến số thứ tự", "Receipts through seq", O, "", ""},
    {"ReceiptEntry.alert_event_id", "Mã sự kiện của cảnh báo", "Event id of the alert", R, "", ""},
    {"ReceiptEntry.stored_at", "Lưu lúc", "Stored at", O, "", ""},
    // External notices: written by `alertctl import cap`, never typed.
    {"Event.external", "Cảnh báo từ hệ thống khác", "External alert", S, "", ""},
    {"ExternalAlert.sender", "Cơ quan gửi (CAP sender)", "Sender (CAP sender)", R, "", ""},
    {"ExternalAlert.sender_name", "Tên cơ quan gửi", "Sender name", O, "", ""},
    {"ExternalAlert.identifier", "Số hiệu CAP", "CAP identifier", R, "", ""},
    {"ExternalAlert.sent", "Cơ quan gửi lúc", "Sent by the agency at", R, "", ""},
    {"ExternalAlert.event", "Sự kiện", "Event", R, "", ""},
    {"ExternalAlert.categories", "Nhóm (CAP category)", "Categories (CAP category)", O, "", ""},
    {"ExternalAlert.event_codes", "Mã sự kiện", "Event codes", O, "", ""},
    {"ExternalAlert.cap_document", "Tài liệu CAP gốc", "Original CAP document", R, "", ""},
    {"Code.name", "Tên mã", "Code name", R, "", ""},
    {"Code.value", "Giá trị", "Value", O, "", ""},
};

// One element of a repeated field shown as numbered blocks: "Ổ dịch 1:", "Phân phối 2:".
constexpr FieldName kItemNames[] = {
    {"AnimalDiseaseAlert.outbreaks", "Ổ dịch", "Outbreak", R, "", ""},
    {"Outbreak.species", "Loài", "Species", R, "", ""},
    {"UnsafeFoodAlert.hazards", "Mối nguy", "Hazard", R, "", ""},
    {"UnsafeFoodAlert.distribution", "Phân phối", "Distribution", O, "", ""},
    {"FollowUp.receipts", "Cảnh báo đã lưu", "Alert stored", O, "", ""},
    {"ExternalAlert.event_codes", "Mã sự kiện", "Event code", O, "", ""},
};

// DOMAIN.md, "Reference vocabularies".
constexpr std::string_view kDiseases[] = {
    "Dịch tả lợn châu Phi", "Cúm gia cầm A/H5N1", "Cúm gia cầm A/H5N6", "Lở mồm long móng",
    "Viêm da nổi cục", "Tai xanh", "Dịch tả lợn cổ điển", "Bệnh dại", "Nhiệt thán", "Tụ huyết trùng"};
constexpr std::string_view kSpecies[] = {"lợn", "gà", "vịt", "ngan", "trâu", "bò", "dê", "chó"};
constexpr std::string_view kPests[] = {
    "sâu đục cuống quả", "bọ xít nâu", "nhện lông nhung", "sương mai", "thán thư", "rầy nâu",
    "sâu cuốn lá nhỏ", "đạo ôn", "bạc lá", "sâu đục thân", "sâu keo mùa thu"};
constexpr std::string_view kPestsScientific[] = {
    "Conopomorpha sinensis", "Tessaratoma papillosa", "Eriophyes litchii", "Peronophythora litchii",
    "Colletotrichum", "Nilaparvata lugens", "Cnaphalocrocis medinalis", "Pyricularia oryzae",
    "Xanthomonas oryzae", "Scirpophaga incertulas", "Spodoptera frugiperda"};
constexpr std::string_view kCrops[] = {"vải thiều", "lúa", "ngô"};
constexpr std::string_view kForestTypes[] = {"thông", "keo", "bạch đàn", "rừng tự nhiên"};
constexpr std::string_view kHazards[] = {
    "dư lượng thuốc bảo vệ thực vật", "Salmonella", "E. coli", "Vibrio parahaemolyticus",
    "Salbutamol", "Clenbuterol", "hàn the", "formol", "kim loại nặng", "aflatoxin"};
constexpr std::string_view kProducts[] = {"thịt lợn", "rau", "vải quả", "thủy sản", "nước mắm", "chả mực"};
// clang-format on

constexpr std::string_view kDateTextFields[] = {
    "AnimalDiseaseAlert.onset_date", "Outbreak.start_date", "Product.production_date",
    "Product.expiry_date",           "Hazard.sampled_on",
};

std::string key_of(const google::protobuf::FieldDescriptor& field) {
  return field.containing_type()->name() + "." + field.name();
}

template <std::size_t N>
const FieldName* find_in(const FieldName (&table)[N], const std::string& key) {
  const auto* found = std::find_if(std::begin(table), std::end(table),
                                   [&key](const FieldName& name) { return name.key == key; });
  return found == std::end(table) ? nullptr : found;
}

}  // namespace

const FieldName* field_name(const google::protobuf::FieldDescriptor& field) {
  return find_in(kFields, key_of(field));
}

const FieldName* shown_field_name(const google::protobuf::FieldDescriptor& field) {
  const std::string key = key_of(field);
  const FieldName* typed = find_in(kFields, key);
  return typed != nullptr ? typed : find_in(kShownFields, key);
}

const FieldName* item_name(const google::protobuf::FieldDescriptor& field) {
  return find_in(kItemNames, key_of(field));
}

std::string item_label(const google::protobuf::FieldDescriptor& field, Language language) {
  const FieldName* name = item_name(field);
  if (name == nullptr) {
    return field_label(field, language);
  }
  return std::string(language == Language::kVi ? name->vi : name->en);
}

std::string field_label(const google::protobuf::FieldDescriptor& field, Language language) {
  const FieldName* name = shown_field_name(field);
  if (name == nullptr) {
    return field.name();
  }
  return std::string(language == Language::kVi ? name->vi : name->en);
}

std::span<const std::string_view> usual_values(const google::protobuf::FieldDescriptor& field) {
  const std::string key = key_of(field);
  if (key == "AnimalDiseaseAlert.disease") {
    return kDiseases;
  }
  if (key == "SpeciesCount.species") {
    return kSpecies;
  }
  if (key == "CropPestAlert.pest_name") {
    return kPests;
  }
  if (key == "CropPestAlert.pest_scientific_name") {
    return kPestsScientific;
  }
  if (key == "CropPestAlert.crop") {
    return kCrops;
  }
  if (key == "Hotspot.forest_type" || key == "Fire.forest_type") {
    return kForestTypes;
  }
  if (key == "Hazard.name") {
    return kHazards;
  }
  if (key == "Product.name") {
    return kProducts;
  }
  return {};
}

bool is_date_text(const google::protobuf::FieldDescriptor& field) {
  const std::string key = key_of(field);
  return std::find(std::begin(kDateTextFields), std::end(kDateTextFields), key) !=
         std::end(kDateTextFields);
}

bool is_typed_by_officers(const google::protobuf::FieldDescriptor& field) {
  return field_name(field) != nullptr;
}

const google::protobuf::FieldDescriptor* body_field(int kind) {
  // The oneof's alert bodies are numbered as the kinds: 20 + kind - 1 (event.proto).
  static constexpr std::array<int, 4> kNumbers = {20, 21, 22, 23};
  if (kind < 1 || kind > static_cast<int>(kNumbers.size())) {
    return nullptr;
  }
  return v1::Event::descriptor()->FindFieldByNumber(kNumbers[static_cast<std::size_t>(kind - 1)]);
}

}  // namespace alertbus::alertctl
