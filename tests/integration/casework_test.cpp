// Casework against real brokers: lifecycle rules at publish time, cases with their
// receivers, deadlines at a given time, diacritics-insensitive search, areas of both
// schemes, paging, and one case handled across the three-node federation.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <set>
#include <thread>

#include <catch2/catch.hpp>

#include "alertbus/protocol/event_id.hpp"
#include "casework_fixtures.hpp"

namespace alertbus::testing {

using namespace std::chrono_literals;

// Found by the soak (bench/soak): a Publisher resends an event whose ack a kill lost, with the
// same bytes; for a CLOSE the lifecycle check ran before the log's dedup, so the resend was
// refused ("is resolved", by the close itself) though the close was stored.
TEST_CASE("A close sent again with the same id is acknowledged as a duplicate and not refused") {
  SingleBroker node;
  const v1::Event alert = sample_animal_disease();  // bac-giang/cnty
  node.post(alert);
  const std::string close = follow_up_from(alert, v1::CLOSE, "bac-giang/cnty").SerializeAsString();
  const v1::Frame first = node.client.publish_bytes(close);
  REQUIRE(first.has_publish_ack());
  CHECK_FALSE(first.publish_ack().duplicate());

  const v1::Frame again = node.client.publish_bytes(close);
  INFO(again.DebugString());
  REQUIRE(again.has_publish_ack());
  CHECK(again.publish_ack().duplicate());
  CHECK(again.publish_ack().seq() == first.publish_ack().seq());
  // Another close (a new event id) is still refused, and the case has one follow-up.
  CHECK(node.refused(follow_up_from(alert, v1::CLOSE, "bac-giang/cnty")).code() ==
        v1::INVALID_TRANSITION);
  CHECK(one_case(node.client, alert.event_id()).follow_up_count() == 1);
}

TEST_CASE("A case follows its alert's lifecycle, and the broker refuses what breaks it") {
  SingleBroker node;
  const v1::Event alert = sample_animal_disease();  // bac-giang/cnty
  const std::string reference = node.post(alert);

  v1::AlertCase alert_case = one_case(node.client, alert.event_id());
  CHECK(alert_case.reference() == reference);
  CHECK(alert_case.state() == v1::ALERT_ACTIVE);
  REQUIRE(alert_case.receivers_size() == 2);
  CHECK(alert_case.receivers(0).node() == "hai-duong");
  CHECK(alert_case.receivers(0).state() == v1::RECEIVER_PENDING);

  node.post(follow_up_from(alert, v1::ACKNOWLEDGE, "hai-duong/cnty"));
  node.post(follow_up_from(alert, v1::MEASURES_TAKEN, "quang-ninh/cnty"));
  alert_case = one_case(node.client, alert.event_id());
  CHECK(receiver(alert_case, "hai-duong")->state() == v1::RECEIVER_ACKNOWLEDGED);
  CHECK(receiver(alert_case, "quang-ninh")->state() == v1::RECEIVER_ACTION_TAKEN);
  CHECK(alert_case.follow_up_count() == 2);

  // Only the issuing unit closes, cancels or withdraws.
  for (v1::EventType type : {v1::CLOSE, v1::CANCEL, v1::WITHDRAW}) {
    const v1::Error error = node.refused(follow_up_from(alert, type, "hai-duong/cnty"));
    CHECK(error.code() == v1::INVALID_TRANSITION);
    CHECK_THAT(error.message(), Catch::Contains("only the issuing unit bac-giang/cnty"));
    CHECK_THAT(error.message_vi(), Catch::Contains("chỉ đơn vị phát cảnh báo bac-giang/cnty"));
  }
  // A follow-up to an alert that is not held is refused too.
  v1::Event stray = follow_up_from(alert, v1::ACKNOWLEDGE, "hai-duong/cnty");
  stray.mutable_follow_up()->set_alert_event_id(protocol::new_event_id());
  CHECK(node.refused(stray).code() == v1::UNKNOWN_REFERENCE);

  // The issuer cancels; then nothing more is accepted, and the refusals changed nothing.
  node.post(follow_up_from(alert, v1::CANCEL, "bac-giang/cnty"));
  const v1::Error after = node.refused(follow_up_from(alert, v1::ACKNOWLEDGE, "hai-duong/qlcl"));
  CHECK(after.code() == v1::INVALID_TRANSITION);
  CHECK_THAT(after.message(), Catch::Contains("was cancelled"));
  alert_case = one_case(node.client, alert.event_id());
  CHECK(alert_case.state() == v1::ALERT_CANCELLED);
  CHECK(alert_case.state_changed_by() == "bac-giang/cnty");
  CHECK(alert_case.follow_up_count() == 3);
  CHECK(alert_case.ignored_follow_ups() == 0);
  for (const v1::ReceiverCase& entry : alert_case.receivers()) {
    CHECK(entry.state() == v1::RECEIVER_CLOSED);
  }
  // By reference too.
  v1::CaseQuery by_reference;
  by_reference.set_reference(reference);
  CHECK(found_ids(node.client, by_reference) == std::vector<std::string>{alert.event_id()});
  v1::CaseQuery missing;
  missing.set_reference("BG-1999-00001");
  CHECK(case_query(node.client, missing).error().code() == v1::NOT_FOUND);
}

TEST_CASE("Case queries see every write acknowledged before them, and a reprojection") {
  SingleBroker node;
  const v1::Event alert = sample_animal_disease();
  node.post(alert);
  // Each acknowledged follow-up is in the very next query: the query waits for the
  // projector to reach the log head it arrived at.
  std::uint64_t last_seq = 0;
  for (int i = 1; i <= 20; ++i) {
    const v1::Frame ack =
        node.client.publish(follow_up_from(alert, v1::ADDITIONAL_INFO, "bac-giang/cnty"));
    REQUIRE(ack.has_publish_ack());
    last_seq = ack.publish_ack().seq();
    v1::CaseQuery query;
    query.set_event_id(alert.event_id());
    const v1::Frame reply = case_query(node.client, query);
    REQUIRE(reply.has_case_list());
    CHECK(reply.case_list().as_of_seq() >= last_seq);
    REQUIRE(reply.case_list().cases_size() == 1);
    CHECK(reply.case_list().cases(0).follow_up_count() == static_cast<std::uint32_t>(i));
  }
  const v1::AlertCase before = one_case(node.client, alert.event_id());

  // An operator's reprojection empties the projection and projects the log again; queries
  // meanwhile wait, and then see the same case.
  v1::Frame admin;
  admin.set_request_id(node.client.next_request_id());
  admin.mutable_admin_request()->set_reproject(true);
  node.client.send(admin);
  const std::optional<v1::Frame> answer = node.client.receive_reply(admin.request_id());
  REQUIRE(answer);
  INFO(answer->ShortDebugString());
  REQUIRE(answer->has_admin_reply());
  CHECK_THAT(answer->admin_reply().message_vi(), Catch::Contains("dựng lại hồ sơ"));
  CHECK(one_case(node.client, alert.event_id()).SerializeAsString() == before.SerializeAsString());
  CHECK(node.client.status().projected_seq() == node.client.status().head_seq());
  std::ifstream log(node.broker.log_path());
  const std::string logged((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
  CHECK_THAT(logged, Catch::Contains("projecting the whole log again"));
}

TEST_CASE("With casework off, case queries say so and publishing still works") {
  TempDir dir;
  BrokerProcess broker(
      BrokerProcess::Options{"bac-giang", "BG", dir.path(), {"--no-casework"}, ""});
  zmq::context_t context;
  WireClient client(context, broker.endpoint());
  const v1::Event alert = sample_crop_pest();
  REQUIRE(client.publish(alert).has_publish_ack());
  REQUIRE(
      client.publish(follow_up_from(alert, v1::ACKNOWLEDGE, "hai-duong/bvtv")).has_publish_ack());
  v1::CaseQuery query;
  query.set_event_id(alert.event_id());
  CHECK(case_query(client, query).error().code() == v1::CASEWORK_OFF);
  const v1::StatusReply status = client.status();
  CHECK(status.casework_off());
  CHECK(status.event_count() == 2);
  CHECK_FALSE(std::filesystem::exists(dir.path() / "data" / "alertbus-projection.db"));
}

TEST_CASE("Overdue cases at an injected time, and states filtered at that time") {
  SingleBroker node;
  v1::Event food = sample_unsafe_food();  // quang-ninh/qlcl: posted here as a test origin.
  food.set_sender_unit("bac-giang/qlcl");
  food.set_severity(v1::SEVERE);  // 24 h to acknowledge.
  node.post(food);
  v1::Event pest = sample_crop_pest();  // 48 h, acknowledged by both receivers below.
  node.post(pest);
  node.post(follow_up_from(pest, v1::ACKNOWLEDGE, "hai-duong/bvtv"));
  node.post(follow_up_from(pest, v1::ACKNOWLEDGE, "quang-ninh/bvtv"));
  const std::int64_t sent = food.sent_at().seconds() * 1000;

  v1::CaseQuery overdue;
  overdue.set_overdue_only(true);
  set_unix_ms(sent + 23 * kHour, overdue.mutable_as_of());
  CHECK(found_ids(node.client, overdue).empty());
  set_unix_ms(sent + 25 * kHour, overdue.mutable_as_of());
  CHECK(found_ids(node.client, overdue) == std::vector<std::string>{food.event_id()});
  const v1::AlertCase late = one_case(node.client, food.event_id());
  CHECK_FALSE(late.overdue());  // Now, it is not late yet.
  CHECK(late.receivers(0).acknowledge_due().seconds() * 1000 == sent + 24 * kHour);

  v1::CaseQuery expired;
  expired.add_states(v1::ALERT_EXPIRED);
  CHECK(found_ids(node.client, expired).empty());
  v1::Event short_lived = sample_forest_fire();
  set_unix_ms(now_unix_ms() + 2 * kHour, short_lived.mutable_expires());
  node.post(short_lived);
  set_unix_ms(now_unix_ms() + 3 * kHour, expired.mutable_as_of());
  CHECK(found_ids(node.client, expired) == std::vector<std::string>{short_lived.event_id()});
}

TEST_CASE("Search folds Vietnamese diacritics, and pages are stable") {
  SingleBroker node;
  v1::Event fmd = sample_animal_disease();
  fmd.set_title("Lở mồm long móng trên đàn bò tại Đông Triều");
  fmd.set_description("Phát hiện ổ dịch lở mồm long móng type O");
  node.post(fmd);
  v1::Event fire = sample_forest_fire();
  fire.set_title("Điểm cháy rừng thông ở Lục Nam");
  node.post(fire);

  auto search = [&](const std::string& text) {
    v1::CaseQuery query;
    query.set_text(text);
    return found_ids(node.client, query);
  };
  const std::vector<std::string> only_fmd{fmd.event_id()};
  CHECK(search("lo mom long mong") == only_fmd);
  CHECK(search("Lở mồm long móng") == only_fmd);
  CHECK(search("dong") == only_fmd);
  CHECK(search("DONG TRIEU") == only_fmd);
  CHECK(search("ĐÔNG") == only_fmd);
  CHECK(search("type o") == only_fmd);  // The description counts.
  CHECK(search("luc nam chay") == std::vector<std::string>{fire.event_id()});
  CHECK(search("lo mom long mong luc nam").empty());  // Every word must occur.
  CHECK(search("aflatoxin").empty());
  // A follow-up's text makes its case findable.
  v1::Event note = follow_up_from(fire, v1::ADDITIONAL_INFO, "bac-giang/kiem-lam");
  note.mutable_follow_up()->set_text("Đã huy động 40 người dập lửa, khống chế lúc 17 giờ");
  node.post(note);
  CHECK(search("khong che") == std::vector<std::string>{fire.event_id()});
  // Bad requests.
  v1::CaseQuery punctuation;
  punctuation.set_text("\"*()");
  CHECK(case_query(node.client, punctuation).error().code() == v1::INVALID_VALUE);
  v1::CaseQuery long_text;
  long_text.set_text(std::string(201, 'a'));
  CHECK(case_query(node.client, long_text).error().code() == v1::TOO_LONG);
  v1::CaseQuery bad_token;
  bad_token.set_page_token("p1.5");
  CHECK(case_query(node.client, bad_token).error().code() == v1::INVALID_PAGE_TOKEN);

  // Paging: newest first, no case twice, none missed, while a new alert arrives.
  std::vector<std::string> posted{fmd.event_id(), fire.event_id()};
  for (int i = 0; i < 5; ++i) {
    v1::Event extra = sample_crop_pest();
    set_unix_ms(now_unix_ms() + (i + 1) * 1000, extra.mutable_sent_at());
    node.post(extra);
    posted.push_back(extra.event_id());
  }
  v1::CaseQuery page;
  page.set_page_size(3);
  std::vector<std::string> seen;
  std::int64_t previous_sent = std::numeric_limits<std::int64_t>::max();
  for (int round = 0; round < 10; ++round) {
    const v1::Frame reply = case_query(node.client, page);
    REQUIRE(reply.has_case_list());
    for (const v1::AlertCase& alert_case : reply.case_list().cases()) {
      CHECK(alert_case.sent_at().seconds() <= previous_sent);
      previous_sent = alert_case.sent_at().seconds();
      seen.push_back(alert_case.event_id());
    }
    if (round == 0) {
      // Sent after every case of the walk: it sorts before page 1, so the walk skips it.
      v1::Event newest = sample_crop_pest();
      set_unix_ms(now_unix_ms() + 10 * 1000, newest.mutable_sent_at());
      node.post(newest);
    }
    if (reply.case_list().next_page_token().empty()) {
      break;
    }
    page.set_page_token(reply.case_list().next_page_token());
  }
  CHECK(seen.size() == posted.size());
  CHECK(std::set<std::string>(seen.begin(), seen.end()) ==
        std::set<std::string>(posted.begin(), posted.end()));
}

TEST_CASE(
    "A query by a 2025 province finds alerts issued under its 2004 parts, never the reverse") {
  SingleBroker node;
  auto with_area = [](v1::Event event, const std::string& code, const std::string& scheme,
                      const std::string& name) {
    event.clear_areas();
    v1::Area* area = event.add_areas();
    area->set_code(code);
    area->set_scheme(scheme);
    area->set_name(name);
    return event;
  };
  // Issued before the merger, under Hải Dương's 2004 code, and after it, under Hải Phòng's.
  const v1::Event old_code = with_area(sample_crop_pest(), "30", "VN-2004", "Hải Dương");
  const v1::Event new_code = with_area(sample_crop_pest(), "31", "VN-2025", "Hải Phòng");
  const v1::Event elsewhere = with_area(sample_crop_pest(), "22", "VN-2004", "Quảng Ninh");
  // The same number in both schemes: VN-2004 24 is Bắc Giang, VN-2025 24 Bắc Ninh (Bắc Giang
  // and Bắc Ninh of 2004 merged).
  const v1::Event bac_giang = with_area(sample_crop_pest(), "24", "VN-2004", "Bắc Giang");
  const v1::Event bac_ninh = with_area(sample_crop_pest(), "24", "VN-2025", "Bắc Ninh");
  for (const v1::Event& event : {old_code, new_code, elsewhere, bac_giang, bac_ninh}) {
    node.post(event);
  }
  auto by_area = [&](const std::string& code) {
    v1::CaseQuery query;
    query.add_area_codes(code);
    const std::vector<std::string> ids = found_ids(node.client, query);
    return std::set<std::string>(ids.begin(), ids.end());
  };
  CHECK(by_area("VN-2025:31") == std::set<std::string>{old_code.event_id(), new_code.event_id()});
  CHECK(by_area("VN-2004:30") == std::set<std::string>{old_code.event_id()});
  CHECK(by_area("VN-2004:31").empty());  // Hải Phòng before the merger: not the new one.
  CHECK(by_area("VN-2004:22") == std::set<std::string>{elsewhere.event_id()});
  CHECK(by_area("VN-2025:22") == std::set<std::string>{elsewhere.event_id()});
  CHECK(by_area("VN-2004:24") == std::set<std::string>{bac_giang.event_id()});
  CHECK(by_area("VN-2025:24") == std::set<std::string>{bac_giang.event_id(), bac_ninh.event_id()});
  // Without its scheme, a code is refused: it names two places.
  v1::CaseQuery bare;
  bare.add_area_codes("24");
  const v1::Frame refused = case_query(node.client, bare);
  REQUIRE(refused.has_error());
  CHECK(refused.error().code() == v1::INVALID_VALUE);
  CHECK(refused.error().field() == "area_codes");
  // Subscriptions over the log use the same keys and the same table.
  WireClient watcher(node.context, node.broker.endpoint());
  v1::Subscribe on_bac_giang;
  on_bac_giang.set_from_beginning(true);
  on_bac_giang.set_credit(100);
  on_bac_giang.mutable_filter()->add_area_codes("VN-2004:24");
  REQUIRE(watcher.subscribe(on_bac_giang).has_subscribed());
  // The backlog of five alerts is read at once: one of them is Bắc Giang's.
  const std::vector<v1::StoredEvent> seen = watcher.receive_events(5, std::chrono::seconds(1));
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].event_id() == bac_giang.event_id());
  v1::Subscribe bare_subscribe = on_bac_giang;
  bare_subscribe.mutable_filter()->set_area_codes(0, "24");
  CHECK(watcher.subscribe(bare_subscribe).error().code() == v1::INVALID_SUBSCRIPTION);
  // The alert keeps the code and name it was issued with.
  const v1::AlertCase kept = one_case(node.client, old_code.event_id());
  REQUIRE(kept.areas_size() == 1);
  CHECK(kept.areas(0).code() == "30");
  CHECK(kept.areas(0).scheme() == "VN-2004");
  CHECK(kept.areas(0).name() == "Hải Dương");
}

TEST_CASE("One case handled across the three-node federation shows the same states everywhere") {
  Federation federation(three_provinces());
  zmq::context_t context;
  WireClient bac_giang(context, federation.endpoint_of(0));
  WireClient hai_duong(context, federation.endpoint_of(1));
  WireClient quang_ninh(context, federation.endpoint_of(2));

  const v1::Event alert = sample_animal_disease();  // bac-giang/cnty
  REQUIRE(bac_giang.publish(alert).has_publish_ack());
  REQUIRE(wait_for_count(context, federation.endpoint_of(1), 1) == 1);
  const v1::Frame acknowledged =
      hai_duong.publish(follow_up_from(alert, v1::ACKNOWLEDGE, "hai-duong/cnty"));
  INFO(acknowledged.ShortDebugString());
  REQUIRE(acknowledged.has_publish_ack());
  REQUIRE(wait_for_count(context, federation.endpoint_of(2), 2) == 2);
  REQUIRE(quang_ninh.publish(follow_up_from(alert, v1::MEASURES_TAKEN, "quang-ninh/cnty"))
              .has_publish_ack());
  // A receiving province may not close the case, at its own node either.
  const v1::Frame refused = hai_duong.publish(follow_up_from(alert, v1::CLOSE, "hai-duong/cnty"));
  REQUIRE(refused.has_error());
  CHECK(refused.error().code() == v1::INVALID_TRANSITION);
  REQUIRE(wait_for_count(context, federation.endpoint_of(0), 3) == 3);
  REQUIRE(bac_giang.publish(follow_up_from(alert, v1::CLOSE, "bac-giang/cnty")).has_publish_ack());
  // Every node ends with the alert, the acknowledgement, the measures and the close, and
  // the two receipts (one per receiving node), which travel on their own.
  std::vector<v1::AlertCase> views;
  for (std::size_t i = 0; i < federation.size(); ++i) {
    REQUIRE(wait_for_count(context, federation.endpoint_of(i), 4) == 4);
    WireClient client(context, federation.endpoint_of(i));
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    v1::AlertCase view = one_case(client, alert.event_id());
    while (!(receiver(view, "hai-duong")->has_delivered_at() &&
             receiver(view, "quang-ninh")->has_delivered_at()) &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      view = one_case(client, alert.event_id());
    }
    views.push_back(view);
  }
  for (std::size_t i = 0; i < views.size(); ++i) {
    INFO("node " << federation.node(i).id);
    const v1::AlertCase& view = views[i];
    CHECK(view.state() == v1::ALERT_RESOLVED);
    CHECK(view.state_changed_by() == "bac-giang/cnty");
    CHECK(view.reference() == views[0].reference());
    CHECK(view.follow_up_count() == 3);
    REQUIRE(view.receivers_size() == 2);
    const v1::ReceiverCase* hd = receiver(view, "hai-duong");
    const v1::ReceiverCase* qn = receiver(view, "quang-ninh");
    REQUIRE(hd != nullptr);
    REQUIRE(qn != nullptr);
    CHECK(hd->state() == v1::RECEIVER_CLOSED);
    CHECK(hd->acknowledged_by() == "hai-duong/cnty");
    CHECK(qn->action_taken_by() == "quang-ninh/cnty");
    CHECK(hd->acknowledged_at().SerializeAsString() ==
          receiver(views[0], "hai-duong")->acknowledged_at().SerializeAsString());
    CHECK(qn->action_taken_at().SerializeAsString() ==
          receiver(views[0], "quang-ninh")->action_taken_at().SerializeAsString());
  }
  // Every node knows, from the receipts, when each receiving node stored the alert.
  for (const std::string node : {"hai-duong", "quang-ninh"}) {
    REQUIRE(receiver(views[0], node)->has_delivered_at());
    CHECK(receiver(views[0], node)->delivered_at().seconds() >= alert.sent_at().seconds());
    for (const v1::AlertCase& view : views) {
      CHECK(receiver(view, node)->delivered_at().SerializeAsString() ==
            receiver(views[0], node)->delivered_at().SerializeAsString());
    }
  }
  // Receipts are not follow-ups, and no client may publish one.
  v1::Event forged = follow_up_from(alert, v1::RECEIPT, "hai-duong/broker");
  forged.mutable_follow_up()->clear_text();
  const v1::Frame denied = hai_duong.publish(forged);
  REQUIRE(denied.has_error());
  CHECK(denied.error().code() == v1::PERMISSION_DENIED);
}

TEST_CASE("An alert past its deadline gets one overdue notice, escalated, that subscribers see") {
  TempDir dir;
  // The broker judges deadlines 25 hours ahead: a new animal-disease alert (24 h to
  // acknowledge) is overdue at once.
  BrokerProcess broker(BrokerProcess::Options{
      "bac-giang",
      "BG",
      dir.path(),
      {"--peer", "hai-duong=ipc:///nonexistent/hd.sock", "--peer",
       "quang-ninh=ipc:///nonexistent/qn.sock", "--clock-offset-ms", std::to_string(25 * kHour),
       "--overdue-check-interval-ms", "200", "--escalate-to", "bac-giang/van-phong"},
      ""});
  zmq::context_t context;
  WireClient watcher(context, broker.endpoint());
  v1::Subscribe subscribe;
  subscribe.mutable_filter()->add_types(v1::OVERDUE);
  subscribe.set_from_beginning(true);
  subscribe.set_credit(100);
  REQUIRE(watcher.subscribe(subscribe).has_subscribed());

  WireClient client(context, broker.endpoint());
  const v1::Event alert = sample_animal_disease();
  REQUIRE(client.publish(alert).has_publish_ack());
  // Hải Dương acknowledges in time (in real time); Quảng Ninh does not.
  REQUIRE(
      client.publish(follow_up_from(alert, v1::ACKNOWLEDGE, "hai-duong/cnty")).has_publish_ack());

  const std::vector<v1::StoredEvent> notices = watcher.receive_events(1);
  REQUIRE(notices.size() == 1);
  v1::Event notice;
  REQUIRE(notice.ParseFromString(notices[0].event()));
  CHECK(notice.type() == v1::OVERDUE);
  CHECK(notice.sender_unit() == "bac-giang/broker");
  CHECK(notice.follow_up().alert_event_id() == alert.event_id());
  CHECK(std::vector<std::string>(notice.follow_up().overdue_nodes().begin(),
                                 notice.follow_up().overdue_nodes().end()) ==
        std::vector<std::string>{"quang-ninh"});
  CHECK(notice.follow_up().escalated_to() == "bac-giang/van-phong");
  CHECK_THAT(notice.follow_up().text(), Catch::Contains("Quá hạn xác nhận cảnh báo"));

  // Several checks later: still one notice, and the case records it.
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  CHECK(watcher.receive_events(1, std::chrono::milliseconds(500)).empty());
  const v1::AlertCase alert_case = one_case(client, alert.event_id());
  CHECK(alert_case.overdue());
  CHECK(receiver(alert_case, "quang-ninh")->overdue());
  CHECK(receiver(alert_case, "quang-ninh")->has_overdue_notified_at());
  CHECK_FALSE(receiver(alert_case, "hai-duong")->overdue());
  CHECK(alert_case.follow_up_count() == 1);  // The notice is not a follow-up.
  // The status reply counts it.
  const v1::StatusReply status = client.status();
  CHECK(status.cases_open() == 1);
  CHECK(status.cases_overdue() == 1);
}

}  // namespace alertbus::testing
