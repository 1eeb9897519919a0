// Writes the seed corpus of fuzz_frame and fuzz_event: serialized Frames of every kind (each
// request and each reply, publishes of valid events of each alert kind and follow-up type,
// and some malformed messages), and the bare Events inside them.
//
// Usage: fuzz_seed_frames <tests/fuzz/corpus>   (writes <dir>/frame/*.bin, <dir>/event/*.bin)
// Built only in the fuzz build dir (tests/fuzz/run.sh --seeds regenerates the committed
// corpus). The events come from tests/support/sample_events. Their ids and envelope times
// are fixed and fall before fuzz_checks.hpp's kNowUnixMs, so they stay valid for the targets
// whatever day the corpus is regenerated; times and dates inside the bodies are those of the
// day it runs (validation does not compare them with "now"), so the bytes change a little.
// File names are stable: regenerating overwrites rather than adds.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "alertbus/protocol/codec.hpp"
#include "alertbus/protocol/validation.hpp"
#include "fuzz_checks.hpp"
#include "support/sample_events.hpp"

namespace alertbus::fuzz {
namespace {

namespace fs = std::filesystem;

constexpr std::int64_t kSentAtMs = kNowUnixMs - 60 * 60 * 1000;  // An hour before "now".
constexpr std::int64_t kDayMs = 24 * 60 * 60 * 1000;

fs::path g_frame_dir;
fs::path g_event_dir;
int g_failures = 0;

void write_file(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out.good()) {
    std::fprintf(stderr, "cannot write %s\n", path.c_str());
    ++g_failures;
  }
}

void write_frame(const std::string& name, const v1::Frame& frame) {
  write_file(g_frame_dir / (name + ".bin"), protocol::encode_frame(frame));
}

void set_time(std::int64_t unix_ms, google::protobuf::Timestamp* time) {
  time->set_seconds(unix_ms / 1000);
  time->set_nanos(static_cast<std::int32_t>((unix_ms % 1000) * 1'000'000));
}

// A fixed UUIDv7-shaped id, different for each `n`.
std::string fixed_event_id(unsigned n) {
  char text[37];
  std::snprintf(text, sizeof text, "019ad5c0-0000-7000-8000-%012x", n);
  return text;
}

// Makes a sample event reproducible: fixed id and envelope times; the references of a
// follow-up point at `alert_id`.
v1::Event fix(v1::Event event, unsigned n, const std::string& alert_id = {}) {
  event.set_event_id(fixed_event_id(n));
  set_time(kSentAtMs, event.mutable_sent_at());
  if (event.has_effective()) {
    set_time(kSentAtMs, event.mutable_effective());
  }
  if (event.has_expires()) {
    set_time(kSentAtMs + 30 * kDayMs, event.mutable_expires());
  }
  if (event.has_follow_up()) {
    event.mutable_follow_up()->set_alert_event_id(alert_id);
    event.clear_references();
    event.add_references(alert_id);
    if (!event.follow_up().answers_event_id().empty()) {
      event.mutable_follow_up()->set_answers_event_id(fixed_event_id(n + 1000));
    }
  }
  return event;
}

// Writes a valid event as a bare event seed and as a publish frame seed.
void write_event(const std::string& name, const v1::Event& event, std::uint64_t request_id) {
  protocol::ValidationOptions options;
  options.now_unix_ms = kNowUnixMs;
  if (const Status valid = protocol::validate_event(event, options); !valid.ok()) {
    std::fprintf(stderr, "sample %s is not valid: %s\n", name.c_str(), valid.to_string().c_str());
    ++g_failures;
  }
  const std::string bytes = event.SerializeAsString();
  write_file(g_event_dir / (name + ".bin"), bytes);
  v1::Frame frame;
  frame.set_request_id(request_id);
  frame.mutable_publish()->set_event(bytes);
  write_frame("publish_" + name, frame);
}

v1::Filter sample_filter() {
  v1::Filter filter;
  filter.add_kinds(v1::ANIMAL_DISEASE);
  filter.add_kinds(v1::FOREST_FIRE);
  filter.add_types(v1::ALERT);
  filter.add_types(v1::CLOSE);
  filter.add_origin_nodes("bac-giang");
  filter.add_area_codes("VN-2025:24");
  filter.add_area_codes("VN-2004:07360");
  filter.set_min_severity(v1::MODERATE);
  return filter;
}

v1::StoredEvent stored(const v1::Event& event, std::uint64_t seq, bool relayed) {
  v1::StoredEvent row;
  row.set_seq(seq);
  row.set_event_id(event.event_id());
  row.mutable_origin()->set_node("bac-giang");
  row.mutable_origin()->set_epoch(0x5eed);
  row.mutable_origin()->set_seq(seq);
  row.set_reference("BG-2026-" + std::string(seq < 10 ? "0000" : "000") + std::to_string(seq));
  set_time(kSentAtMs + 1000, row.mutable_received_at());
  row.set_event(event.SerializeAsString());
  row.set_kind(event.kind());
  row.set_type(event.type());
  if (relayed) {
    row.set_via("hai-duong");
    row.add_path("bac-giang");
    row.add_path("hai-duong");
    row.set_signature(std::string(64, '\x5a'));
    row.set_signer("bac-giang/cnty");
  }
  return row;
}

void write_requests(const v1::Event& alert) {
  v1::Frame frame;
  frame.set_request_id(20);
  v1::Subscribe* subscribe = frame.mutable_subscribe();
  subscribe->set_durable_name("hai-duong/dashboard");
  *subscribe->mutable_filter() = sample_filter();
  subscribe->set_from_beginning(true);
  subscribe->set_credit(256);
  write_frame("subscribe_durable_filtered", frame);
  subscribe->Clear();
  subscribe->set_after_seq(41);
  subscribe->set_credit(1);
  write_frame("subscribe_after_seq", frame);
  subscribe->Clear();
  set_time(kSentAtMs, subscribe->mutable_from_time());
  subscribe->mutable_filter()->add_kinds(v1::UNSAFE_FOOD);
  write_frame("subscribe_from_time", frame);
  subscribe->Clear();
  subscribe->set_from_now(true);
  write_frame("subscribe_from_now", frame);

  frame.Clear();
  frame.mutable_delivery_ack()->set_subscription_id(20);
  frame.mutable_delivery_ack()->set_up_to_seq(42);
  frame.mutable_delivery_ack()->set_credit(10);
  write_frame("delivery_ack", frame);

  frame.Clear();
  frame.set_request_id(21);
  frame.mutable_unsubscribe()->set_subscription_id(20);
  frame.mutable_unsubscribe()->set_forget(true);
  write_frame("unsubscribe", frame);

  frame.Clear();
  frame.set_request_id(22);
  frame.mutable_query()->set_event_id(alert.event_id());
  write_frame("query_event_id", frame);
  frame.mutable_query()->set_reference("BG-2026-00042");
  write_frame("query_reference", frame);
  v1::Query* query = frame.mutable_query();
  *query->mutable_filter() = sample_filter();
  query->set_page_size(100);
  query->set_page_token("42");
  set_time(kSentAtMs - kDayMs, query->mutable_since());
  set_time(kSentAtMs, query->mutable_until());
  write_frame("query_filter", frame);

  frame.Clear();
  frame.set_request_id(23);
  frame.mutable_ping()->set_last_seq(42);
  write_frame("ping", frame);

  frame.Clear();
  frame.set_request_id(24);
  frame.mutable_status_request();
  write_frame("status_request", frame);

  frame.Clear();
  frame.set_request_id(25);
  frame.mutable_publish()->set_event(alert.SerializeAsString());
  frame.mutable_publish()->set_signature(std::string(64, '\x5a'));
  frame.mutable_publish()->set_signer("bac-giang/cnty");
  write_frame("publish_signed", frame);
}

void write_replies(const v1::Event& alert, const v1::Event& follow_up) {
  v1::Frame frame;
  frame.set_request_id(1);
  v1::PublishAck* ack = frame.mutable_publish_ack();
  ack->set_event_id(alert.event_id());
  ack->set_seq(42);
  ack->set_reference("BG-2026-00042");
  ack->set_duplicate(true);
  write_frame("publish_ack", frame);

  frame.Clear();
  frame.set_request_id(2);
  Status::error(v1::MISSING_FIELD, "title is required for alerts",
                "tiêu đề title bắt buộc đối với cảnh báo", "title")
      .to_proto(frame.mutable_error());
  write_frame("error", frame);

  frame.Clear();
  frame.set_request_id(20);
  v1::Subscribed* subscribed = frame.mutable_subscribed();
  subscribed->set_subscription_id(20);
  subscribed->set_start_after_seq(41);
  subscribed->set_head_seq(42);
  subscribed->set_epoch(0x5eed);
  subscribed->set_resumed(true);
  write_frame("subscribed", frame);

  // What a federation link receives: the peer's own event, then one relayed through it.
  frame.Clear();
  frame.mutable_delivery()->set_subscription_id(20);
  *frame.mutable_delivery()->add_events() = stored(alert, 41, false);
  *frame.mutable_delivery()->add_events() = stored(follow_up, 42, true);
  write_frame("delivery", frame);

  frame.Clear();
  frame.set_request_id(22);
  *frame.mutable_query_result()->add_events() = stored(alert, 41, false);
  frame.mutable_query_result()->set_next_page_token("41");
  write_frame("query_result", frame);

  frame.Clear();
  frame.set_request_id(23);
  frame.mutable_pong()->set_head_seq(42);
  frame.mutable_pong()->set_epoch(0x5eed);
  frame.mutable_pong()->set_origin_head_seq(40);
  frame.mutable_pong()->set_subscriptions(1);
  write_frame("pong", frame);

  frame.Clear();
  frame.set_request_id(24);
  v1::StatusReply* status = frame.mutable_status_reply();
  status->set_node_id("bac-giang");
  status->set_node_name("Bắc Giang");
  status->set_epoch(0x5eed);
  status->set_head_seq(42);
  status->set_event_count(42);
  status->set_connected_clients(3);
  status->set_subscriptions(2);
  status->set_version("0.1.0");
  set_time(kSentAtMs, status->mutable_started_at());
  v1::PeerLinkStatus* peer = status->add_peers();
  peer->set_peer_id("hai-duong");
  peer->set_peer_name("Hải Dương");
  peer->set_endpoint("tcp://127.0.0.1:7302");
  peer->set_connected(true);
  peer->set_peer_epoch(7);
  peer->set_peer_head_seq(12);
  peer->set_cursor_seq(10);
  peer->set_lag_events(2);
  set_time(kSentAtMs, peer->mutable_last_contact());
  peer->set_last_error("receive failed");
  peer->set_last_error_vi("lỗi nhận dữ liệu");
  peer->set_peer_province_code("30");
  write_frame("status_reply", frame);
}

// Messages the broker must refuse, each for a different reason.
void write_malformed(const v1::Event& alert) {
  v1::Frame frame;
  frame.set_request_id(30);
  frame.mutable_publish()->set_event(alert.SerializeAsString());
  const std::string whole = protocol::encode_frame(frame);
  write_file(g_frame_dir / "malformed_truncated.bin", whole.substr(0, whole.size() / 2));
  // A string field (durable_name) holding bytes that are not UTF-8.
  write_file(g_frame_dir / "malformed_frame_utf8.bin",
             std::string("\x08\x01\x5a\x04\x0a\x02\xc3\x28", 8));
  // A field with a wire type protobuf cannot read (7).
  write_file(g_frame_dir / "malformed_wire_type.bin", std::string("\x0f\x00", 2));
  // No body at all: parses, and the broker has nothing to do with it.
  write_file(g_frame_dir / "empty.bin", std::string());

  // Events that decode but do not validate, or do not decode.
  v1::Event event = alert;
  event.set_title(std::string("\xff\xfe", 2));  // Serialized as bytes: invalid UTF-8 inside.
  frame.mutable_publish()->set_event(event.SerializeAsString());
  write_frame("malformed_event_utf8", frame);
  write_file(g_event_dir / "malformed_utf8.bin", event.SerializeAsString());
  event = alert;
  event.set_kind(v1::CROP_PEST);  // The body is an animal-disease one.
  frame.mutable_publish()->set_event(event.SerializeAsString());
  write_frame("invalid_kind_mismatch", frame);
  write_file(g_event_dir / "invalid_kind_mismatch.bin", event.SerializeAsString());
  event = alert;
  set_time(kNowUnixMs + kDayMs, event.mutable_sent_at());  // Far ahead of "now".
  frame.mutable_publish()->set_event(event.SerializeAsString());
  write_frame("invalid_sent_in_future", frame);
  write_file(g_event_dir / "invalid_sent_in_future.bin", event.SerializeAsString());
  event = alert;
  event.mutable_areas(0)->set_code("2x");
  event.mutable_animal_disease()->mutable_outbreaks(0)->mutable_location()->set_latitude(48.85);
  write_file(g_event_dir / "invalid_area_and_location.bin", event.SerializeAsString());
  frame.Clear();
  frame.mutable_subscribe()->mutable_filter()->add_area_codes("not-a-code");
  frame.mutable_subscribe()->mutable_filter()->add_kinds(static_cast<v1::AlertKind>(99));
  write_frame("invalid_filter", frame);
}

}  // namespace
}  // namespace alertbus::fuzz

int main(int argc, char** argv) {
  using namespace alertbus;
  using namespace alertbus::fuzz;
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <corpus dir>\n", argv[0]);
    return 2;
  }
  protocol::silence_protobuf_logging();  // The malformed seeds make protobuf complain.
  g_frame_dir = fs::path(argv[1]) / "frame";
  g_event_dir = fs::path(argv[1]) / "event";
  fs::create_directories(g_frame_dir);
  fs::create_directories(g_event_dir);

  const v1::Event animal_disease = fix(testing::sample_animal_disease(), 1);
  write_event("animal_disease", animal_disease, 1);
  write_event("crop_pest", fix(testing::sample_crop_pest(), 2), 2);
  write_event("unsafe_food", fix(testing::sample_unsafe_food(), 3), 3);
  unsigned n = 4;
  for (const auto subtype : {v1::ForestFireAlert::DANGER_LEVEL, v1::ForestFireAlert::HOTSPOT,
                             v1::ForestFireAlert::FIRE, v1::ForestFireAlert::FIRE_OUT}) {
    write_event("forest_fire_" + v1::ForestFireAlert::Subtype_Name(subtype),
                fix(testing::sample_forest_fire(subtype), n), n);
    ++n;
  }
  v1::Event close;
  for (int type = v1::ACKNOWLEDGE; type <= v1::EventType_MAX; ++type) {
    const auto event_type = static_cast<v1::EventType>(type);
    v1::Event follow_up =
        fix(testing::sample_follow_up(animal_disease, event_type), n, animal_disease.event_id());
    if (event_type == v1::LEVEL_CHANGE || event_type == v1::VERIFICATION) {
      follow_up.set_kind(v1::FOREST_FIRE);
    }
    write_event("follow_up_" + v1::EventType_Name(event_type), follow_up, n);
    if (event_type == v1::CLOSE) {
      close = follow_up;
    }
    ++n;
  }
  write_requests(animal_disease);
  write_replies(animal_disease, close);
  write_malformed(animal_disease);
  return g_failures == 0 ? 0 : 1;
}
