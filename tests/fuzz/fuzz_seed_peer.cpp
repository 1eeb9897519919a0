// Writes the seed corpora of the hostile-peer targets: corpus/remote (Delivery frames for
// fuzz_remote) and corpus/peer_link (what a peer answers a link, for fuzz_peer_link). The
// events are hai-duong's, signed with the fuzz trust bundle's key (fuzz_peer.hpp), so that
// mutations of their envelopes still pass the signature; each hostile seed changes one thing
// a peer could lie about (reference, path, origin, signer, id, seq, epoch).
//
// Usage: fuzz_seed_peer <tests/fuzz/corpus>   (tests/fuzz/run.sh --seeds runs it)
// Ids and envelope times are fixed and fall before kNowUnixMs; file names are stable.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "alertbus/protocol/codec.hpp"
#include "alertbus/protocol/validation.hpp"
#include "fuzz_checks.hpp"
#include "fuzz_peer.hpp"
#include "support/sample_events.hpp"

namespace alertbus::fuzz {
namespace {

namespace fs = std::filesystem;

constexpr std::int64_t kSentAtMs = kNowUnixMs - 60 * 60 * 1000;
constexpr std::int64_t kDayMs = 24 * 60 * 60 * 1000;
int g_failures = 0;

void write_file(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out.good()) {
    std::fprintf(stderr, "cannot write %s\n", path.c_str());
    ++g_failures;
  }
}

void set_time(std::int64_t unix_ms, google::protobuf::Timestamp* time) {
  time->set_seconds(unix_ms / 1000);
  time->set_nanos(static_cast<std::int32_t>((unix_ms % 1000) * 1'000'000));
}

std::string fixed_event_id(unsigned n) {
  char text[37];
  std::snprintf(text, sizeof text, "019ad5c0-0000-7000-8000-%012x", n);
  return text;
}

// Hải Dương's African swine fever alert (id n), in its own province (VN-2004 30).
v1::Event hai_duong_alert(unsigned n) {
  v1::Event event = testing::sample_animal_disease();
  event.set_event_id(fixed_event_id(n));
  event.set_sender_unit("hai-duong/cnty");
  event.clear_areas();
  v1::Area* area = event.add_areas();
  area->set_code("30");
  area->set_scheme("VN-2004");
  area->set_name("Hải Dương");
  set_time(kSentAtMs, event.mutable_sent_at());
  if (event.has_effective()) {
    set_time(kSentAtMs, event.mutable_effective());
  }
  if (event.has_expires()) {
    set_time(kSentAtMs + 30 * kDayMs, event.mutable_expires());
  }
  return event;
}

v1::Event acknowledgement(const v1::Event& alert, unsigned n) {
  v1::Event event = testing::sample_follow_up(alert, v1::ACKNOWLEDGE);
  event.set_event_id(fixed_event_id(n));
  set_time(kSentAtMs + 60 * 1000, event.mutable_sent_at());
  return event;
}

// As hai-duong's log holds `event` at `seq` (epoch 9), signed by its sender.
v1::StoredEvent stored(const v1::Event& event, std::uint64_t seq) {
  protocol::ValidationOptions options;
  options.now_unix_ms = kNowUnixMs;
  if (const Status valid = protocol::validate_event(event, options); !valid.ok()) {
    std::fprintf(stderr, "seed event is not valid: %s\n", valid.to_string().c_str());
    ++g_failures;
  }
  v1::StoredEvent row;
  row.set_seq(seq);
  row.set_event_id(event.event_id());
  row.mutable_origin()->set_node(std::string(kPeer));
  row.mutable_origin()->set_epoch(9);
  row.mutable_origin()->set_seq(seq);
  row.set_reference("HD-2026-0000" + std::to_string(seq));
  set_time(kSentAtMs + 1000, row.mutable_received_at());
  row.set_event(event.SerializeAsString());
  row.set_kind(event.kind());
  row.set_type(event.type());
  row.set_signature(protocol::sign_message(row.event(), signing_key()));
  row.set_signer(event.sender_unit());
  return row;
}

v1::Frame delivery(std::uint64_t request_id, std::uint64_t subscription,
                   const std::vector<v1::StoredEvent>& events) {
  v1::Frame frame;
  frame.set_request_id(request_id);
  frame.mutable_delivery()->set_subscription_id(subscription);
  for (const v1::StoredEvent& event : events) {
    *frame.mutable_delivery()->add_events() = event;
  }
  return frame;
}

v1::Frame pong(std::uint64_t request_id, std::uint64_t epoch, std::uint64_t head,
               std::uint32_t subscriptions) {
  v1::Frame frame;
  frame.set_request_id(request_id);
  frame.mutable_pong()->set_epoch(epoch);
  frame.mutable_pong()->set_head_seq(head);
  frame.mutable_pong()->set_origin_head_seq(head);
  frame.mutable_pong()->set_subscriptions(subscriptions);
  return frame;
}

v1::Frame subscribed(std::uint64_t id, std::uint64_t after, std::uint64_t head) {
  v1::Frame frame;
  frame.set_request_id(id);
  frame.mutable_subscribed()->set_subscription_id(id);
  frame.mutable_subscribed()->set_start_after_seq(after);
  frame.mutable_subscribed()->set_head_seq(head);
  return frame;
}

void write_remote(const fs::path& dir, const v1::StoredEvent& alert, const v1::StoredEvent& ack) {
  auto write = [&](const std::string& name, std::uint64_t request_id,
                   const std::vector<v1::StoredEvent>& events) {
    write_file(dir / (name + ".bin"), protocol::encode_frame(delivery(request_id, 2, events)));
  };
  write("signed", 1, {alert, ack});
  write("unsigned_no_registry", 0, {alert, ack});
  v1::StoredEvent changed = alert;
  changed.set_reference("BG-2026-00001");  // Another node's series.
  write("reference_of_another_node", 1, {changed});
  changed = alert;
  changed.add_path("quang-ninh,bac-giang");  // A comma inside a node id.
  write("path_with_comma", 1, {changed});
  changed = alert;
  for (int i = 0; i < 70; ++i) {
    changed.add_path("node-" + std::to_string(i));
  }
  write("path_too_long", 1, {changed});
  changed = alert;
  changed.mutable_origin()->set_node("bac-giang");  // Claims to be this node's event.
  write("origin_elsewhere", 1, {changed});
  changed = alert;
  changed.mutable_origin()->set_seq(0);
  changed.clear_reference();
  write("no_origin_seq_no_reference", 0, {changed});
  changed = alert;
  changed.set_signer("quang-ninh/qlcl");  // Known, but not the event's sender.
  write("signer_of_another_unit", 1, {changed});
  changed.set_signer("nobody/at-all");
  write("signer_unknown", 1, {changed});
  changed = alert;
  changed.set_event_id(fixed_event_id(999));  // Not the id inside the bytes.
  write("id_not_the_events", 1, {changed});
}

void write_peer_link(const fs::path& dir, const v1::StoredEvent& alert,
                     const v1::StoredEvent& ack) {
  auto write = [&](const std::string& name, const std::vector<v1::Frame>& frames) {
    std::vector<std::string> bytes;
    for (const v1::Frame& frame : frames) {
      bytes.push_back(protocol::encode_frame(frame));
    }
    write_file(dir / (name + ".bin"), join_frames(bytes));
  };
  // The link pings (request 1), subscribes (2): the peer answers and streams.
  write("handshake_and_delivery",
        {pong(1, 9, 2, 0), subscribed(2, 0, 2), delivery(0, 2, {alert, ack}), pong(3, 9, 2, 1)});
  write("delivery_backwards",
        {pong(1, 9, 2, 0), subscribed(2, 0, 2), delivery(0, 2, {ack}), delivery(0, 2, {alert})});
  write("epoch_changes", {pong(1, 9, 2, 0), subscribed(2, 0, 2), delivery(0, 2, {alert}),
                          pong(3, 10, 1, 1), subscribed(4, 0, 1), delivery(0, 4, {alert})});
  v1::StoredEvent unknown = alert;
  unknown.set_signer("nobody/at-all");
  write("unknown_signer_holds",
        {pong(1, 9, 2, 0), subscribed(2, 0, 2), delivery(0, 2, {unknown, ack})});
  write("wrong_subscription", {pong(1, 9, 2, 0), subscribed(2, 0, 2), delivery(0, 77, {alert})});
  v1::Frame error;
  error.set_request_id(2);
  error.mutable_error()->set_code(v1::INTERNAL);
  error.mutable_error()->set_message("peer failure");
  write("error_after_subscribe", {pong(1, 9, 2, 0), error});
  v1::Frame checkpoint;
  checkpoint.set_request_id(5);
  checkpoint.mutable_checkpoint()->set_node(std::string(kPeer));
  checkpoint.mutable_checkpoint()->set_seq(2);
  checkpoint.mutable_checkpoint()->set_signature(std::string(64, '\x01'));
  write("forged_checkpoint", {pong(1, 9, 2, 0), subscribed(2, 0, 2), checkpoint});
}

}  // namespace
}  // namespace alertbus::fuzz

int main(int argc, char** argv) {
  using namespace alertbus::fuzz;
  if (argc != 2) {
    std::fprintf(stderr, "usage: fuzz_seed_peer <corpus dir>\n");
    return 2;
  }
  const fs::path root(argv[1]);
  fs::create_directories(root / "remote");
  fs::create_directories(root / "peer_link");
  const alertbus::v1::Event alert = hai_duong_alert(1);
  const alertbus::v1::StoredEvent stored_alert = stored(alert, 1);
  const alertbus::v1::StoredEvent stored_ack = stored(acknowledgement(alert, 2), 2);
  write_remote(root / "remote", stored_alert, stored_ack);
  write_peer_link(root / "peer_link", stored_alert, stored_ack);
  return g_failures == 0 ? 0 : 1;
}
