// alertctl's commands, run in-process through alertctl::run() against a fake broker that
// keeps a small in-memory log.
#include <nlohmann/json.hpp>
#include <sstream>

#include <catch2/catch.hpp>

#include "alertbus/protocol/codec.hpp"
#include "alertctl/app.hpp"
#include "clients/fake_broker.hpp"

namespace {

using alertbus::testing::FakeBroker;
using alertbus::testing::sample_alert;
using alertbus::testing::stored_event;
namespace alertctl = alertbus::alertctl;
namespace v1 = alertbus::v1;

// A broker log in memory: publishes are stored (dedup by event id), queries and
// subscriptions are answered from it.
struct MiniLog {
  std::vector<v1::StoredEvent> events;
  v1::ErrorCode refuse_with = v1::OK;

  std::vector<v1::Frame> handle(const FakeBroker::Received& received) {
    const v1::Frame& in = received.frame;
    v1::Frame reply;
    reply.set_request_id(in.request_id());
    if (in.has_publish()) {
      if (refuse_with != v1::OK) {
        return {alertbus::testing::error_reply(in.request_id(), refuse_with)};
      }
      v1::Event event = alertbus::testing::published_event(received);
      events.push_back(stored_event(events.size() + 1, event));
      reply.mutable_publish_ack()->set_event_id(event.event_id());
      reply.mutable_publish_ack()->set_seq(events.back().seq());
      reply.mutable_publish_ack()->set_reference(events.back().reference());
    } else if (in.has_query()) {
      for (const v1::StoredEvent& event : events) {
        if (in.query().has_filter() || event.event_id() == in.query().event_id() ||
            event.reference() == in.query().reference()) {
          *reply.mutable_query_result()->add_events() = event;
        }
      }
      if (!in.query().has_filter() && reply.query_result().events_size() == 0) {
        return {alertbus::testing::error_reply(in.request_id(), v1::NOT_FOUND)};
      }
      if (in.query().has_filter()) {
        reply.mutable_query_result()->set_next_page_token("trang-2");
      }
    } else if (in.has_subscribe()) {
      std::vector<v1::Frame> frames{alertbus::testing::subscribed_for(received, 0, events.size())};
      frames.emplace_back().mutable_delivery()->set_subscription_id(in.request_id());
      for (const v1::StoredEvent& event : events) {
        *frames.back().mutable_delivery()->add_events() = event;
      }
      return frames;
    } else if (in.has_status_request()) {
      reply.mutable_status_reply()->set_node_id("bac-giang");
      reply.mutable_status_reply()->set_node_name("Bắc Giang");
      reply.mutable_status_reply()->set_head_seq(events.size());
    } else {
      return {};
    }
    return {reply};
  }
};

struct Result {
  int code;
  std::string out;
  std::string err;
};

Result run_alertctl(std::vector<std::string> args, const std::string& input = {},
                    alertctl::Environment environment = {}) {
  std::vector<const char*> argv{"alertctl"};
  for (const std::string& arg : args) {
    argv.push_back(arg.c_str());
  }
  std::istringstream in(input);
  std::ostringstream out;
  std::ostringstream err;
  const int code =
      alertctl::run(static_cast<int>(argv.size()), argv.data(), environment, in, out, err);
  return {code, out.str(), err.str()};
}

// A broker holding one alert, BG-2026-00001, and the client options to reach it.
struct Fixture {
  MiniLog log;
  FakeBroker broker{[this](const FakeBroker::Received& r) { return log.handle(r); }};

  // Under the lock the fake's thread reads the log with (it is running already).
  Fixture() {
    broker.locked([this] { log.events.push_back(stored_event(1, sample_alert())); });
  }

  Result run(std::vector<std::string> args, const std::string& input = {}) {
    args.insert(args.begin(), {"--broker", broker.endpoint(), "--timeout", "2"});
    return run_alertctl(std::move(args), input, {"", "", "bac-giang/cnty", "", "", ""});
  }

  std::vector<v1::Event> published() const {
    std::vector<v1::Event> events;
    for (const auto& publish : broker.received(v1::Frame::kPublish)) {
      events.push_back(alertbus::testing::published_event(publish));
    }
    return events;
  }
};

const char* kBodyJson = R"({
  "disease": "Cúm gia cầm A/H5N1", "agentSubtype": "H5N1", "confirmation": "CONFIRMED",
  "lab": "Chi cục Thú y vùng II", "confirmedAt": "2026-11-27T03:00:00Z",
  "onsetDate": "2026-11-25",
  "outbreaks": [{"commune": {"code": "07360", "scheme": "VN-2004", "name": "Xã Biên Sơn"},
                 "epiUnit": "FARM",
                 "species": [{"species": "gà", "susceptible": "3000", "cases": "420",
                              "deaths": "380", "destroyed": "2620"}]}]
})";

std::vector<std::string> post_args() {
  return {"post",
          "--kind",
          "animal-disease",
          "--title",
          "Cúm gia cầm A/H5N1 tại Lục Ngạn",
          "--severity",
          "severe",
          "--urgency",
          "immediate",
          "--certainty",
          "observed",
          "--area",
          "24:VN-2004:Bắc Giang",
          "--body",
          "-"};
}

}  // namespace

TEST_CASE("alertctl without a command prints help and exits with 2") {
  const Result result = run_alertctl({});
  CHECK(result.code == 2);
  CHECK(result.err.find("Cách dùng") != std::string::npos);
}

TEST_CASE("Help is Vietnamese by default and English with --lang en or ALERTBUS_LANG") {
  const Result vi = run_alertctl({"--help"});
  const Result en = run_alertctl({"--lang", "en", "--help"});
  const Result env = run_alertctl({"watch", "--help"}, {}, {"", "en", "", "", "", ""});
  CHECK(vi.code == 0);
  CHECK(vi.out.find("Mã thoát") != std::string::npos);
  CHECK(vi.out.find("Đăng một cảnh báo mới") != std::string::npos);
  CHECK(en.code == 0);
  CHECK(en.out.find("Exit codes") != std::string::npos);
  CHECK(env.out.find("Stop after N events") != std::string::npos);
}

TEST_CASE("Every command's help, at every depth, is in Vietnamese: no CLI11 English left") {
  // The commands under "Lệnh:" of each help, followed down.
  std::vector<std::vector<std::string>> pending{{}};
  std::size_t seen = 0;
  while (!pending.empty()) {
    std::vector<std::string> path = pending.back();
    pending.pop_back();
    std::vector<std::string> args = path;
    args.push_back("--help");
    const Result help = run_alertctl(args);
    const std::string shown = path.empty() ? "alertctl" : path.back();
    INFO(shown << "\n" << help.out);
    CHECK(help.code == 0);
    ++seen;
    for (const char* english :
         {"Subcommands:", "Options:", "Positionals:", "Usage:", "OPTIONS", "SUBCOMMAND", " TEXT",
          " REQUIRED", " INT", " UINT", " FLOAT", "Excludes:", "Needs:"}) {
      CHECK(help.out.find(english) == std::string::npos);
    }
    std::istringstream lines(help.out);
    bool in_commands = false;
    for (std::string line; std::getline(lines, line);) {
      if (line.empty() || line[0] != ' ') {
        in_commands = line == "Lệnh:";
        continue;
      }
      if (in_commands) {
        std::vector<std::string> sub = path;
        sub.push_back(line.substr(2, line.find(' ', 2) - 2));
        pending.push_back(std::move(sub));
      }
    }
  }
  CHECK(seen >= 30);  // Every command and group: post, …, keys generate, audit verify, …
}

TEST_CASE("Parse errors exit with 2 and never with CLI11's own codes") {
  CHECK(run_alertctl({"status", "--frobnicate"}).code == 2);
  CHECK(run_alertctl({"post", "--kind", "volcano"}).code == 2);
  CHECK(run_alertctl({"--timeout", "-1", "status"}).code == 2);
  CHECK(run_alertctl({"--lang", "fr", "status"}).code == 2);
  CHECK(run_alertctl({"watch", "--after", "3", "--from-now"}).code == 2);
  CHECK(run_alertctl({"--broker", "carrier-pigeon://bac-giang", "status"}).code == 2);
  const Result missing = run_alertctl({"get"});
  CHECK(missing.code == 2);
  CHECK(missing.err.find("thiếu alert") != std::string::npos);
}

TEST_CASE("post builds the alert from options and a JSON body and prints its reference") {
  Fixture fixture;
  const Result result = fixture.run(post_args(), kBodyJson);

  REQUIRE(result.code == 0);
  CHECK(result.out.find("BG-2026-00002") != std::string::npos);
  const auto published = fixture.published();
  REQUIRE(published.size() == 1);
  const v1::Event& event = published[0];
  CHECK(event.title() == "Cúm gia cầm A/H5N1 tại Lục Ngạn");
  CHECK(event.kind() == v1::ANIMAL_DISEASE);
  CHECK(event.type() == v1::ALERT);
  CHECK(event.status() == v1::ACTUAL);
  CHECK(event.sender_unit() == "bac-giang/cnty");
  CHECK(event.animal_disease().outbreaks(0).species(0).destroyed() == 2620);
  REQUIRE(event.areas_size() == 1);
  CHECK(event.areas(0).name() == "Bắc Giang");
  CHECK(result.out.find(event.event_id()) != std::string::npos);
}

TEST_CASE("post --json prints the acknowledgement as JSON") {
  Fixture fixture;
  std::vector<std::string> args = post_args();
  args.insert(args.begin(), "--json");
  const Result result = fixture.run(args, kBodyJson);
  REQUIRE(result.code == 0);
  const auto json = nlohmann::json::parse(result.out);
  CHECK(json["reference"] == "BG-2026-00002");
  CHECK(json["seq"] == "2");
}

TEST_CASE("post refuses bad input with exit code 2 before sending anything") {
  Fixture fixture;
  std::vector<std::string> bad_area = post_args();
  bad_area[12] = "Bắc Giang";
  CHECK(fixture.run(bad_area, kBodyJson).code == 2);
  CHECK(fixture.run(post_args(), "{ not json").code == 2);
  CHECK(fixture.run({"post", "--kind", "crop-pest", "--file", "/nonexistent/alert.json"}).code ==
        2);
  CHECK(fixture.published().empty());
}

TEST_CASE("post of an invalid alert is refused locally with the broker's code and exit 4") {
  Fixture fixture;
  std::vector<std::string> args = post_args();
  args.erase(args.begin() + 3, args.begin() + 5);  // No --title.
  const Result result = fixture.run(args, kBodyJson);
  CHECK(result.code == 4);
  CHECK(result.err.find("[MISSING_FIELD]") != std::string::npos);
  CHECK(result.err.find("title") != std::string::npos);
  CHECK(fixture.published().empty());
}

TEST_CASE("post refused by the broker exits with 4 and prints the code and message") {
  Fixture fixture;
  fixture.broker.locked([&] { fixture.log.refuse_with = v1::UNKNOWN_REFERENCE; });
  const Result result = fixture.run(post_args(), kBodyJson);
  CHECK(result.code == 4);
  CHECK(result.err.find("[UNKNOWN_REFERENCE]") != std::string::npos);
  CHECK(result.err.find("không có trên nút này") != std::string::npos);
}

TEST_CASE("post to a broker that does not answer exits with 3") {
  std::vector<std::string> args = post_args();
  args.insert(args.begin(),
              {"--broker", "ipc:///tmp/alertbus-test-nobody.sock", "--timeout", "0.3"});
  const Result result = run_alertctl(args, kBodyJson, {"", "", "bac-giang/cnty", "", "", ""});
  CHECK(result.code == 3);
  CHECK(result.err.find("[UNAVAILABLE]") != std::string::npos);
}

TEST_CASE("get by reference prints the alert for an officer") {
  Fixture fixture;
  const Result result = fixture.run({"get", "BG-2026-00001"});
  REQUIRE(result.code == 0);
  CHECK(result.out.find("Dịch bệnh động vật") != std::string::npos);
  CHECK(result.out.find("Nghiêm trọng") != std::string::npos);
  CHECK(result.out.find("(GMT+7)") != std::string::npos);
  CHECK(result.out.find("Bắc Giang (24, VN-2004)") != std::string::npos);
  CHECK(fixture.broker.received(v1::Frame::kQuery).at(0).frame.query().reference() ==
        "BG-2026-00001");
}

TEST_CASE("get of an unknown reference exits with 5") {
  Fixture fixture;
  const Result result = fixture.run({"get", "BG-2026-04242"});
  CHECK(result.code == 5);
  CHECK(result.err.find("không tìm thấy") != std::string::npos);
}

TEST_CASE("ack by reference looks the alert up first and copies its kind and areas") {
  Fixture fixture;
  const std::string alert_id = fixture.log.events[0].event_id();
  const Result result = fixture.run({"ack", "BG-2026-00001", "--sender", "hai-duong/cnty"});

  REQUIRE(result.code == 0);
  const auto published = fixture.published();
  REQUIRE(published.size() == 1);
  const v1::Event& ack = published[0];
  CHECK(ack.type() == v1::ACKNOWLEDGE);
  CHECK(ack.kind() == v1::ANIMAL_DISEASE);
  CHECK(ack.sender_unit() == "hai-duong/cnty");
  CHECK(ack.follow_up().alert_event_id() == alert_id);
  CHECK(ack.references(0) == alert_id);
  CHECK(ack.areas_size() == 1);
}

TEST_CASE("follow-up to a follow-up's id is attached to the original alert") {
  Fixture fixture;
  const std::string alert_id = fixture.log.events[0].event_id();
  REQUIRE(fixture.run({"ack", alert_id}).code == 0);
  const std::string ack_id = fixture.published().at(0).event_id();
  const Result result =
      fixture.run({"follow-up", "--alert", ack_id, "--type", "measures-taken", "--text",
                   "Đã tiêu hủy 120 con lợn", "--quantity", "120", "--quantity-unit", "con"});
  REQUIRE(result.code == 0);
  const v1::Event follow_up = fixture.published().at(1);
  CHECK(follow_up.type() == v1::MEASURES_TAKEN);
  CHECK(follow_up.follow_up().alert_event_id() == alert_id);
  CHECK(follow_up.follow_up().quantity() == 120);
}

TEST_CASE("watch --count exits with 6 when fewer events arrive before the timeout") {
  Fixture fixture;
  const Result result = fixture.run({"watch", "--count", "2", "--timeout", "0.5"});
  CHECK(result.code == 6);
  CHECK(std::count(result.out.begin(), result.out.end(), '\n') == 1);
  CHECK(result.out.find("BG-2026-00001") != std::string::npos);
  CHECK(result.err.find("1/2") != std::string::npos);
}

TEST_CASE("watch --json prints one JSON object per event with the parsed event inside") {
  Fixture fixture;
  fixture.broker.locked([&] {
    fixture.log.events.push_back(stored_event(2, sample_alert("Sâu đục cuống quả vải")));
  });
  const Result result = fixture.run({"watch", "--json", "--count", "2", "--durable", "vp-so"});
  REQUIRE(result.code == 0);
  std::istringstream lines(result.out);
  std::vector<nlohmann::json> objects;
  for (std::string line; std::getline(lines, line);) {
    objects.push_back(nlohmann::json::parse(line));
  }
  REQUIRE(objects.size() == 2);
  CHECK(objects[1]["seq"] == "2");
  CHECK(objects[1]["event"]["title"] == "Sâu đục cuống quả vải");
  CHECK(fixture.broker.received(v1::Frame::kSubscribe).at(0).frame.subscribe().durable_name() ==
        "vp-so");
  REQUIRE(fixture.broker.wait_for(v1::Frame::kDeliveryAck, 1));
  CHECK(fixture.broker.received(v1::Frame::kDeliveryAck).back().frame.delivery_ack().up_to_seq() ==
        2);
}

TEST_CASE("list prints one line per event and the next page token on stderr") {
  Fixture fixture;
  const Result result =
      fixture.run({"list", "--kind", "animal-disease", "--limit", "50", "--since", "2026-11-01"});
  REQUIRE(result.code == 0);
  CHECK(result.out.find("BG-2026-00001") != std::string::npos);
  CHECK(result.err.find("--page-token trang-2") != std::string::npos);
  const auto query = fixture.broker.received(v1::Frame::kQuery).at(0).frame.query();
  CHECK(query.page_size() == 50);
  CHECK(query.filter().kinds(0) == v1::ANIMAL_DISEASE);
  CHECK(query.since().seconds() == 1793466000);  // 2026-11-01 00:00 GMT+7.
}

TEST_CASE("status prints the broker's node in English with --lang en") {
  Fixture fixture;
  const Result result = fixture.run({"status", "--lang", "en"});
  REQUIRE(result.code == 0);
  CHECK(result.out.find("bac-giang (Bắc Giang)") != std::string::npos);
  CHECK(result.out.find("Head seq") != std::string::npos);
}
