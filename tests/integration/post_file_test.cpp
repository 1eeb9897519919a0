// `alertctl post --file` of a TOML file, run as the real binary against a real alertbusd, as an
// officer posts one: the alert the broker stores is the file's, local times and kebab-case
// names included; a file with mistakes is refused with exit code 2 and nothing is stored.
#include <fstream>
#include <nlohmann/json.hpp>

#include <catch2/catch.hpp>
#include <google/protobuf/util/time_util.h>

#include "alertbus/protocol/codec.hpp"
#include "alertctl_process.hpp"
#include "broker/temp_dir.hpp"
#include "broker_process.hpp"
#include "wire_client.hpp"

namespace alertbus::testing {
namespace {

const std::string kAreasFile = std::string(ALERTBUS_SOURCE_DIR) + "/deploy/areas/provinces.csv";

// Filled in from `alertctl post --template animal-disease`, as an officer would.
const char* kAlert = R"(# Mẫu cảnh báo: Dịch bệnh động vật
kind = "animal-disease"
title = "Dịch tả lợn châu Phi tại xã Lục Ngạn"
severity = "Nghiêm trọng"
urgency = "immediate"
certainty = "observed"
effective = "27/11/2026 15:00"
contact = "Chi cục Chăn nuôi và Thú y, 0204 3854 000"

[[areas]]
name = "Bắc Ninh"

[animal_disease]
disease = "Dịch tả lợn châu Phi"
confirmation = "confirmed"
lab = "Chi cục Thú y vùng II"
confirmed-at = "27/11/2026 08:30"
onset_date = "25/11/2026"
control_measures = ["Tiêu hủy lợn bệnh", "Khử trùng tiêu độc"]

[[animal_disease.outbreaks]]
epi_unit = "household"
hamlet = "thôn Đồng Cốc"

[animal_disease.outbreaks.commune]
code = "07360"
scheme = "VN-2004"
name = "xã Lục Ngạn"

[animal_disease.outbreaks.location]
latitude = 21.37
longitude = 106.55

[[animal_disease.outbreaks.species]]
species = "lợn"
susceptible = 120
cases = 18
)";

std::string write_file(const TempDir& dir, const std::string& name, const std::string& text) {
  const std::string path = (dir.path() / name).string();
  std::ofstream(path) << text;
  return path;
}

}  // namespace

TEST_CASE("A TOML file posted with the real alertctl is stored as written") {
  TempDir dir;
  BrokerProcess::Options options;
  options.directory = dir.path();
  BrokerProcess broker(options);
  const std::string path = write_file(dir, "alert.toml", kAlert);

  const Run run = run_alertctl({"--broker", broker.endpoint(), "--json", "post", "--file", path,
                                "--sender", "bac-giang/cnty", "--areas-file", kAreasFile});
  INFO(run.output);
  REQUIRE(run.exit_code == 0);
  const auto ack = nlohmann::json::parse(run.output);
  const std::string event_id = ack.at("event_id");

  zmq::context_t context;
  WireClient client(context, broker.endpoint());
  v1::Query query;
  query.set_event_id(event_id);
  const v1::Frame reply = client.query(query);
  REQUIRE(reply.has_query_result());
  REQUIRE(reply.query_result().events_size() == 1);
  StatusOr<v1::Event> event = protocol::decode_event(reply.query_result().events(0).event());
  REQUIRE(event.ok());
  CHECK(event->kind() == v1::ANIMAL_DISEASE);
  CHECK(event->severity() == v1::SEVERE);
  CHECK(event->sender_unit() == "bac-giang/cnty");
  REQUIRE(event->areas_size() == 1);
  CHECK(event->areas(0).code() == "24");
  CHECK(event->areas(0).scheme() == "VN-2025");
  const v1::AnimalDiseaseAlert& body = event->animal_disease();
  CHECK(body.onset_date() == "2026-11-25");
  CHECK(google::protobuf::util::TimeUtil::ToString(body.confirmed_at()) == "2026-11-27T01:30:00Z");
  CHECK(body.outbreaks(0).species(0).cases() == 18);
  CHECK(body.outbreaks(0).location().latitude() == 21.37);
}

TEST_CASE("A TOML file with mistakes is refused by the real alertctl before it is sent") {
  TempDir dir;
  BrokerProcess::Options options;
  options.directory = dir.path();
  BrokerProcess broker(options);
  std::string text = kAlert;
  text.replace(text.find("name = \"Bắc Ninh\""), std::string("name = \"Bắc Ninh\"").size(),
               "code = \"24\"\nscheme = \"VN-2004\"\nname = \"Quảng Ninh\"");
  text.replace(text.find("latitude = 21.37"), std::string("latitude = 21.37").size(),
               "latitude = 106.55");
  text.replace(text.find("longitude = 106.55"), std::string("longitude = 106.55").size(),
               "longitude = 21.37");
  const std::string path = write_file(dir, "alert.toml", text);

  const Run run = run_alertctl({"--broker", broker.endpoint(), "post", "--file", path, "--sender",
                                "bac-giang/cnty", "--areas-file", kAreasFile});
  INFO(run.output);
  CHECK(run.exit_code == 2);
  CHECK(contains(run.output, "2 lỗi cần sửa"));
  CHECK(contains(run.output, "mã 24 trong hệ mã VN-2004 là Bắc Giang, không phải \"Quảng Ninh\""));
  CHECK(contains(run.output, "có lẽ vĩ độ và kinh độ bị đảo"));

  zmq::context_t context;
  WireClient client(context, broker.endpoint());
  v1::Query query;
  query.mutable_filter();
  const v1::Frame reply = client.query(query);
  REQUIRE(reply.has_query_result());
  CHECK(reply.query_result().events_size() == 0);
}

}  // namespace alertbus::testing
