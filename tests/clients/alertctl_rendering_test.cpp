// alertctl's pure parts: times, names, rendering, and building events from input.
#include <sstream>

#include <catch2/catch.hpp>
#include <google/protobuf/util/time_util.h>

#include "alertbus/protocol/event_id.hpp"
#include "alertctl/app.hpp"
#include "alertctl/case_render.hpp"
#include "alertctl/directory_names.hpp"
#include "alertctl/event_input.hpp"
#include "alertctl/event_summary.hpp"
#include "alertctl/names.hpp"
#include "alertctl/render.hpp"
#include "clients/fake_broker.hpp"

namespace {

using google::protobuf::util::TimeUtil;
using namespace alertbus::alertctl;
using alertbus::testing::sample_alert;
using alertbus::testing::stored_event;
namespace v1 = alertbus::v1;

std::int64_t utc_ms(const char* rfc3339) {
  google::protobuf::Timestamp timestamp;
  REQUIRE(TimeUtil::FromString(rfc3339, &timestamp));
  return TimeUtil::TimestampToMilliseconds(timestamp);
}

}  // namespace

TEST_CASE("Alert kinds and severities have Vietnamese and English labels") {
  CHECK(kind_label(v1::ANIMAL_DISEASE, Language::kVi) == "Dịch bệnh động vật");
  CHECK(kind_label(v1::CROP_PEST, Language::kVi) == "Sinh vật gây hại cây trồng");
  CHECK(kind_label(v1::FOREST_FIRE, Language::kVi) == "Cháy rừng");
  CHECK(kind_label(v1::UNSAFE_FOOD, Language::kVi) == "Thực phẩm không bảo đảm an toàn");
  CHECK(kind_label(v1::UNSAFE_FOOD, Language::kEn) == "Unsafe food");
  CHECK(severity_label(v1::SEVERE, Language::kVi) == "Nghiêm trọng");
  CHECK(severity_label(static_cast<v1::Severity>(42), Language::kVi) == "[42]");
  CHECK(parse_name(Vocabulary::kType, "ack") == v1::ACKNOWLEDGE);
  CHECK(parse_name(Vocabulary::kKind, "forest-fire") == v1::FOREST_FIRE);
  CHECK_FALSE(parse_name(Vocabulary::kKind, "volcano"));
}

TEST_CASE("An event line shows reference, kind, severity, title, areas and sender") {
  v1::Event event = sample_alert();
  *event.mutable_sent_at() = TimeUtil::MillisecondsToTimestamp(utc_ms("2026-11-28T07:05:00Z"));
  const std::string line = event_line(stored_event(42, event), Language::kVi);
  CHECK(line ==
        "2026-11-28 14:05 (GMT+7)  BG-2026-00042  #42  Dịch bệnh động vật · Cảnh báo · "
        "Nghiêm trọng · Dịch tả lợn châu Phi tại Lục Ngạn · Bắc Giang · bac-giang/cnty");
}

TEST_CASE("An exercise is marked as such in an event line") {
  v1::Event event = sample_alert();
  event.set_status(v1::EXERCISE);
  CHECK(event_line(stored_event(1, event), Language::kVi).find("[Diễn tập]") != std::string::npos);
  CHECK(event_line(stored_event(1, event), Language::kEn).find("[Exercise]") != std::string::npos);
}

TEST_CASE("Unreadable event bytes are reported, not fatal") {
  v1::StoredEvent stored = stored_event(3, sample_alert());
  stored.set_event("\xff\xff\xff");
  CHECK(event_line(stored, Language::kVi).find("không đọc được") != std::string::npos);
  CHECK(stored_event_json(stored)["event_unreadable"] == true);
  CHECK(event_detail(stored, Language::kEn).find("unreadable") != std::string::npos);
}

TEST_CASE("The JSON of a stored event holds its metadata and the parsed event") {
  const v1::Event event = sample_alert();
  const nlohmann::ordered_json json = stored_event_json(stored_event(17, event));
  CHECK(json["seq"] == "17");
  CHECK(json["reference"] == "BG-2026-00017");
  CHECK(json["kind"] == "ANIMAL_DISEASE");
  CHECK(json["event"]["event_id"] == event.event_id());
  CHECK(json["event"]["animal_disease"]["disease"] == "Dịch tả lợn châu Phi");
  CHECK_FALSE(json.contains("signature"));
}

TEST_CASE("An area option is code, scheme and a name that may contain colons") {
  auto area = parse_area("07360:VN-2004:Xã Biên Sơn: thôn Nà Hem");
  REQUIRE(area.ok());
  CHECK(area->code() == "07360");
  CHECK(area->scheme() == "VN-2004");
  CHECK(area->name() == "Xã Biên Sơn: thôn Nà Hem");
  CHECK_FALSE(parse_area("24").ok());
  CHECK_FALSE(parse_area("24:VN-2004:").ok());
  CHECK_FALSE(parse_area(":VN-2004:Bắc Giang").ok());
  CHECK(parse_area("24::Bắc Giang").status().code() == v1::INVALID_VALUE);
}

TEST_CASE("Options override the envelope of a whole event given as JSON") {
  std::istringstream in(R"({"kind": "CROP_PEST", "title": "old", "status": "TEST",
    "senderUnit": "hai-duong/bvtv", "cropPest": {"pestName": "rầy nâu", "crop": "lúa"}})");
  PostInput input;
  input.file_path = "-";
  input.title = "Rầy nâu gây hại lúa tại Thanh Hà";
  input.areas = {"30:VN-2004:Hải Dương"};
  auto event = build_post_event(input, "bac-giang/cnty", in);
  REQUIRE(event.ok());
  CHECK(event->title() == "Rầy nâu gây hại lúa tại Thanh Hà");
  CHECK(event->status() == v1::TEST);
  CHECK(event->sender_unit() == "hai-duong/bvtv");
  CHECK(event->type() == v1::ALERT);
  CHECK(event->crop_pest().crop() == "lúa");
  CHECK(event->areas(0).code() == "30");
  CHECK(alertbus::protocol::is_valid_event_id(event->event_id()));
  CHECK(event->has_sent_at());
}

TEST_CASE("A body file may also hold the whole event") {
  std::istringstream in(R"({"kind": "FOREST_FIRE", "forestFire": {"subtype": "HOTSPOT"}})");
  PostInput input;
  input.body_path = "-";
  auto event = build_post_event(input, "quang-ninh/kiem-lam", in);
  REQUIRE(event.ok());
  CHECK(event->kind() == v1::FOREST_FIRE);
  CHECK(event->forest_fire().subtype() == v1::ForestFireAlert::HOTSPOT);
  CHECK(event->status() == v1::ACTUAL);
  CHECK(event->sender_unit() == "quang-ninh/kiem-lam");
}

TEST_CASE("Posting needs a kind and a sender") {
  std::istringstream in;
  PostInput input;
  input.title = "x";
  CHECK(build_post_event(input, "bac-giang/cnty", in).status().field() == "kind");
  input.kind = "unsafe-food";
  CHECK(build_post_event(input, "", in).status().field() == "sender_unit");
}

TEST_CASE("A follow-up copies kind, status and areas from its alert") {
  v1::Event alert = sample_alert();
  alert.set_status(v1::EXERCISE);
  FollowUpInput input;
  input.type = "reclassify";
  input.text = "Nâng mức độ";
  input.new_severity = "extreme";
  auto event = build_follow_up_event(input, alert, "quang-ninh/cnty");
  REQUIRE(event.ok());
  CHECK(event->kind() == v1::ANIMAL_DISEASE);
  CHECK(event->type() == v1::RECLASSIFY);
  CHECK(event->status() == v1::EXERCISE);
  CHECK(event->areas_size() == alert.areas_size());
  CHECK(event->follow_up().alert_event_id() == alert.event_id());
  CHECK(event->follow_up().new_severity() == v1::EXTREME);
  CHECK(event->sender_unit() == "quang-ninh/cnty");
}

TEST_CASE("The language comes from --lang first, then ALERTBUS_LANG, else Vietnamese") {
  const char* with_flag[] = {"alertctl", "status", "--lang", "en"};
  const char* with_equals[] = {"alertctl", "--lang=en", "status"};
  const char* plain[] = {"alertctl", "status"};
  CHECK(choose_language(4, with_flag, "vi") == Language::kEn);
  CHECK(choose_language(3, with_equals, "") == Language::kEn);
  CHECK(choose_language(2, plain, "en") == Language::kEn);
  CHECK(choose_language(2, plain, "") == Language::kVi);
  CHECK(choose_language(2, plain, "fr") == Language::kVi);
}

TEST_CASE("Body summaries use the decimal comma in Vietnamese but not in coordinates") {
  v1::Event event;
  event.set_kind(v1::FOREST_FIRE);
  v1::ForestFireAlert* fire = event.mutable_forest_fire();
  fire->set_subtype(v1::ForestFireAlert::FIRE);
  fire->mutable_fire()->mutable_location()->set_latitude(21.29);
  fire->mutable_fire()->mutable_location()->set_longitude(106.39);
  fire->mutable_fire()->set_burned_ha(6.5);
  fire->mutable_fire()->set_distance_to_border_km(3.2);
  CHECK(body_summary(event, Language::kVi) ==
        "Đang cháy: 21.29, 106.39; 6,5 ha bị cháy; 3,2 km tới ranh giới tỉnh");
  CHECK(body_summary(event, Language::kEn) ==
        "Burning: 21.29, 106.39; 6.5 ha burned; 3.2 km from the provincial border");
  CHECK(format_number(12.0, Language::kVi) == "12");
}

TEST_CASE("An animal-disease summary totals the counts of all outbreaks") {
  CHECK(body_summary(sample_alert(), Language::kVi) ==
        "Dịch tả lợn châu Phi, đã xác nhận; 1 ổ dịch; 15 mắc bệnh, 8 chết, 0 tiêu hủy");
}

TEST_CASE("alertctl peers shows each link's state in Vietnamese or English") {
  v1::StatusReply reply;
  CHECK(peers_text(reply, Language::kVi).find("chưa khai báo nút ngang hàng") != std::string::npos);
  v1::PeerLinkStatus* up = reply.add_peers();
  up->set_peer_id("hai-duong");
  up->set_peer_name("Hải Dương");
  up->set_peer_province_code("30");
  up->set_endpoint("tcp://127.0.0.1:7302");
  up->set_connected(true);
  up->set_cursor_seq(120);
  up->set_peer_head_seq(125);
  up->set_peer_epoch(77);
  up->set_events_stored(118);
  up->set_events_duplicate(2);
  v1::PeerLinkStatus* down = reply.add_peers();
  down->set_peer_id("quang-ninh");
  down->set_lag_events(40);
  down->set_lag_seconds(95);
  down->set_last_error("peer silent for 6000 ms");
  down->set_last_error_vi("nút ngang hàng im lặng quá 6000 ms");
  *down->mutable_last_error_at() =
      TimeUtil::MillisecondsToTimestamp(utc_ms("2026-11-29T01:00:00Z"));

  const std::string vi = peers_text(reply, Language::kVi);
  CHECK(vi.find("hai-duong (Hải Dương, 30) — đã kết nối") != std::string::npos);
  CHECK(vi.find("77") == std::string::npos);  // The log epoch is for --json.
  CHECK(vi.find("#120 / #125") != std::string::npos);
  CHECK(vi.find("đã bắt kịp") != std::string::npos);
  CHECK(vi.find("118/2/0") != std::string::npos);
  CHECK(vi.find("quang-ninh — MẤT KẾT NỐI") != std::string::npos);
  CHECK(vi.find("40 sự kiện, 95 giây") != std::string::npos);
  CHECK(vi.find("nút ngang hàng im lặng quá 6000 ms (2026-11-29 08:00") != std::string::npos);
  CHECK(vi.find("chưa lần nào") != std::string::npos);  // No contact with Quảng Ninh yet.

  const std::string en = peers_text(reply, Language::kEn);
  CHECK(en.find("quang-ninh — NOT CONNECTED") != std::string::npos);
  CHECK(en.find("Last error:") != std::string::npos);
  CHECK(en.find("peer silent for 6000 ms") != std::string::npos);

  // status: the links at a glance, no log epoch, and case counts marked while the records
  // catch up with the log.
  reply.set_node_id("bac-giang");
  reply.set_node_name("Bắc Giang");
  reply.set_epoch(987654321);
  reply.set_head_seq(300);
  reply.set_projected_seq(120);
  reply.set_cases_open(4);
  const std::string status_vi = status_text(reply, Language::kVi);
  INFO(status_vi);
  CHECK(status_vi.find("Liên kết với các tỉnh:  1/2 đã kết nối") != std::string::npos);
  CHECK(status_vi.find("987654321") == std::string::npos);
  CHECK(status_vi.find("4 (đang cập nhật hồ sơ)") != std::string::npos);
  reply.set_projected_seq(300);
  const std::string status_en = status_text(reply, Language::kEn);
  CHECK(status_en.find("Links to the provinces: 1/2 connected") != std::string::npos);
  CHECK(status_en.find("Open cases:") != std::string::npos);
  CHECK(status_en.find("still updating") == std::string::npos);
}

TEST_CASE("Text output names units and provinces from the directory, ids otherwise") {
  v1::Directory directory;
  v1::Directory::Node* node = directory.add_nodes();
  node->set_id("hai-duong");
  node->set_name("Hải Dương");
  v1::Directory::Unit* unit = directory.add_units();
  unit->set_id("bac-giang/bvtv");
  unit->set_name("Chi cục Trồng trọt và Bảo vệ thực vật Bắc Giang");
  unit->set_node("bac-giang");
  const Names names(directory);
  CHECK(names.unit("bac-giang/bvtv") == "Chi cục Trồng trọt và Bảo vệ thực vật Bắc Giang");
  CHECK(names.unit("quang-ninh/qlcl") == "quang-ninh/qlcl");
  CHECK(names.node("hai-duong") == "Hải Dương");
  CHECK(names.node("quang-ninh") == "quang-ninh");

  v1::StoredEvent stored;
  stored.set_seq(1);
  stored.set_reference("BG-2026-00001");
  stored.set_kind(v1::CROP_PEST);
  stored.set_type(v1::ALERT);
  v1::Event pest = sample_alert();
  pest.set_sender_unit("bac-giang/bvtv");
  stored.set_event(pest.SerializeAsString());
  const std::string line = event_line(stored, Language::kVi, names);
  CHECK(line.find("Chi cục Trồng trọt và Bảo vệ thực vật Bắc Giang") != std::string::npos);
  CHECK(line.find("bac-giang/bvtv") == std::string::npos);

  v1::AlertCase alert_case;
  alert_case.set_reference("BG-2026-00001");
  alert_case.set_origin_node("bac-giang");
  alert_case.set_sender_unit("bac-giang/bvtv");
  v1::ReceiverCase* receiver = alert_case.add_receivers();
  receiver->set_node("hai-duong");
  const std::string detail = case_detail(alert_case, Language::kVi, names);
  CHECK(detail.find("  Hải Dương — ") != std::string::npos);
  CHECK(detail.find("Chi cục Trồng trọt và Bảo vệ thực vật Bắc Giang") != std::string::npos);
}
