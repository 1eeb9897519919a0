// CAP 1.2 end to end with the real binaries: an alert published to one alertbusd is exported
// by `alertctl export cap`, checked against the OASIS schema by xmllint, imported by
// `alertctl import cap` into a second, fresh alertbusd, and read back there unchanged.
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <google/protobuf/util/message_differencer.h>

#include "alertbus/client/cap_foreign.hpp"
#include "alertbus/protocol/codec.hpp"
#include "alertbus/protocol/vietnam_time.hpp"
#include "broker/temp_dir.hpp"
#include "broker_process.hpp"
#include "support/sample_events.hpp"
#include "wire_client.hpp"

namespace alertbus::testing {
namespace {

// alertctl: $ALERTCTL if set, else the one built with the tests.
std::string alertctl_binary() {
  const char* path = std::getenv("ALERTCTL");
  return path != nullptr ? path : ALERTBUS_BUILT_ALERTCTL;
}

struct Finished {
  int exit_code = -1;
  std::string output;  // Standard output.
  std::string errors;  // Standard error.
};

// Reads everything from `fd` into `text`, then closes it.
void drain(int fd, std::string* text) {
  char buffer[4096];
  ssize_t n = 0;
  while ((n = read(fd, buffer, sizeof buffer)) > 0) {
    text->append(buffer, static_cast<std::size_t>(n));
  }
  close(fd);
}

// Runs `program` with `args`; standard error goes to a file so the two streams stay apart
// without a second pipe to juggle.
Finished execute(const std::string& program, const std::vector<std::string>& args,
                 const TempDir& dir) {
  int out_pipe[2];
  if (pipe(out_pipe) != 0) {
    throw std::runtime_error("pipe failed");
  }
  const std::string errors_file = dir.file("stderr.txt");
  std::vector<std::string> argv_text{program};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  const pid_t pid = fork();
  if (pid < 0) {
    throw std::runtime_error("fork failed");
  }
  if (pid == 0) {
    dup2(out_pipe[1], STDOUT_FILENO);
    if (FILE* errors = std::fopen(errors_file.c_str(), "w"); errors != nullptr) {
      dup2(fileno(errors), STDERR_FILENO);
    }
    close(out_pipe[0]);
    close(out_pipe[1]);
    std::vector<char*> argv;
    for (std::string& arg : argv_text) {
      argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  close(out_pipe[1]);
  Finished finished;
  drain(out_pipe[0], &finished.output);
  int status = 0;
  waitpid(pid, &status, 0);
  finished.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ostringstream errors;
  errors << std::ifstream(errors_file).rdbuf();
  finished.errors = errors.str();
  return finished;
}

std::string read_text(const std::filesystem::path& path) {
  std::ostringstream text;
  text << std::ifstream(path, std::ios::binary).rdbuf();
  return text.str();
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The event stored under `event_id`, or the error code the broker answered with.
std::pair<std::optional<v1::Event>, v1::ErrorCode> lookup(WireClient& client,
                                                          const std::string& event_id) {
  v1::Query query;
  query.set_event_id(event_id);
  const v1::Frame reply = client.query(query);
  if (reply.has_error()) {
    return {std::nullopt, reply.error().code()};
  }
  REQUIRE(reply.query_result().events_size() == 1);
  StatusOr<v1::Event> event = protocol::decode_event(reply.query_result().events(0).event());
  REQUIRE(event.ok());
  return {std::move(event).value(), v1::OK};
}

}  // namespace

TEST_CASE(
    "An alert exported as CAP by alertctl passes the schema and imports into a fresh node "
    "unchanged") {
  TempDir dir;
  BrokerProcess::Options bac_giang_options;
  bac_giang_options.directory = dir.path() / "bac-giang";
  BrokerProcess bac_giang(bac_giang_options);
  BrokerProcess::Options hai_duong_options;
  hai_duong_options.node_id = "hai-duong";
  hai_duong_options.reference_prefix = "HD";
  hai_duong_options.directory = dir.path() / "hai-duong";
  BrokerProcess hai_duong(hai_duong_options);

  zmq::context_t context;
  WireClient origin(context, bac_giang.endpoint());
  WireClient receiver(context, hai_duong.endpoint());
  v1::Event alert = sample_animal_disease();
  alert.set_title("Dịch tả lợn châu Phi <ASF> & \"ổ dịch\" mới tại Lục Ngạn");
  const v1::Frame ack = origin.publish(alert);
  REQUIRE(ack.has_publish_ack());
  const std::string reference = ack.publish_ack().reference();
  REQUIRE_FALSE(reference.empty());

  // Export into a directory: one file named <reference>-<event id>.xml.
  const std::string out_dir = (dir.path() / "cap").string() + "/";
  Finished exported = execute(
      alertctl_binary(),
      {"export", "cap", alert.event_id(), "--broker", bac_giang.endpoint(), "--out", out_dir}, dir);
  INFO(exported.output << exported.errors);
  REQUIRE(exported.exit_code == 0);
  const std::filesystem::path file =
      dir.path() / "cap" / (reference + "-" + alert.event_id() + ".xml");
  REQUIRE(std::filesystem::exists(file));
  CHECK(contains(read_text(file), "<value>" + reference + "</value>"));

  const Finished lint = execute(
      "xmllint", {"--noout", "--nonet", "--schema", ALERTBUS_CAP_SCHEMA, file.string()}, dir);
  INFO(lint.output << lint.errors);
  REQUIRE(lint.exit_code == 0);

  // By reference, to standard output: the same document.
  const Finished by_reference =
      execute(alertctl_binary(),
              {"export", "cap", "--reference", reference, "--broker", bac_giang.endpoint()}, dir);
  REQUIRE(by_reference.exit_code == 0);
  CHECK(by_reference.output == read_text(file));

  // A dry run checks the file and publishes nothing.
  const Finished dry_run = execute(alertctl_binary(),
                                   {"import", "cap", file.string(), "--dry-run", "--broker",
                                    hai_duong.endpoint(), "--lang", "en"},
                                   dir);
  INFO(dry_run.output << dry_run.errors);
  REQUIRE(dry_run.exit_code == 0);
  CHECK(contains(dry_run.output, alert.event_id()));
  CHECK(lookup(receiver, alert.event_id()).second == v1::NOT_FOUND);

  const Finished imported = execute(
      alertctl_binary(), {"import", "cap", file.string(), "--broker", hai_duong.endpoint()}, dir);
  INFO(imported.output << imported.errors);
  REQUIRE(imported.exit_code == 0);
  const auto [copy, code] = lookup(receiver, alert.event_id());
  REQUIRE(code == v1::OK);
  google::protobuf::util::MessageDifferencer differencer;
  std::string differences;
  differencer.ReportDifferencesToString(&differences);
  INFO(differences);
  CHECK(differencer.Compare(alert, *copy));

  // A file that is not CAP is refused with its own message and exit code 2; the good file in
  // the same run is imported again as a duplicate (same event id), not a second alert.
  const std::filesystem::path broken = dir.path() / "broken.xml";
  std::ofstream(broken) << "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"><identifier>";
  const Finished mixed = execute(
      alertctl_binary(),
      {"import", "cap", broken.string(), file.string(), "--broker", hai_duong.endpoint()}, dir);
  INFO(mixed.output << mixed.errors);
  CHECK(mixed.exit_code == 2);
  CHECK(contains(mixed.errors, "MALFORMED_EVENT"));
  CHECK(contains(mixed.errors, "XML"));
  const v1::StatusReply status = receiver.status();
  INFO(status.DebugString());
  CHECK(status.event_count() == 1);

  // A follow-up and an exercise on the origin: a filtered export writes one file per event,
  // the acknowledgement names the alert it follows in <references>; the Atom feed lists
  // the actual alert only.
  const v1::Event acknowledgement = sample_follow_up(alert, v1::ACKNOWLEDGE);
  REQUIRE(origin.publish(acknowledgement).has_publish_ack());
  v1::Event exercise = sample_forest_fire();
  exercise.set_status(v1::EXERCISE);
  REQUIRE(origin.publish(exercise).has_publish_ack());
  const std::string all_dir = (dir.path() / "all").string() + "/";
  const Finished all =
      execute(alertctl_binary(),
              {"export", "cap", "--broker", bac_giang.endpoint(), "--out", all_dir}, dir);
  INFO(all.output << all.errors);
  REQUIRE(all.exit_code == 0);
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path() / "all")) {
    files.push_back(entry.path().string());
  }
  REQUIRE(files.size() == 3);
  for (const std::string& path : files) {
    const Finished valid =
        execute("xmllint", {"--noout", "--nonet", "--schema", ALERTBUS_CAP_SCHEMA, path}, dir);
    INFO(path << valid.errors);
    CHECK(valid.exit_code == 0);
    if (contains(path, acknowledgement.event_id())) {
      CHECK(contains(read_text(path), "<references>bac-giang/cnty," + alert.event_id() + ","));
      CHECK(contains(read_text(path), "<msgType>Ack</msgType>"));
    }
  }

  const std::string feed_file = dir.file("feed.atom");
  const Finished feed =
      execute(alertctl_binary(),
              {"feed", "atom", "--broker", bac_giang.endpoint(), "--out", feed_file}, dir);
  INFO(feed.output << feed.errors);
  REQUIRE(feed.exit_code == 0);
  const Finished well_formed = execute("xmllint", {"--noout", "--nonet", feed_file}, dir);
  INFO(well_formed.errors);
  CHECK(well_formed.exit_code == 0);
  const std::string feed_text = read_text(feed_file);
  CHECK(contains(feed_text, "<id>urn:uuid:" + alert.event_id() + "</id>"));
  CHECK(contains(feed_text, "<id>urn:alertbus:feed:bac-giang</id>"));
  CHECK_FALSE(contains(feed_text, exercise.event_id()));
  CHECK_FALSE(contains(feed_text, acknowledgement.event_id()));
}

TEST_CASE(
    "Other agencies' CAP alerts import by the shipped rules into a real node: an Update as a "
    "follow-up, an unmatched alert kept as an external notice, the export names points and "
    "references") {
  TempDir dir;
  BrokerProcess::Options options;
  options.directory = dir.path() / "bac-giang";
  BrokerProcess bac_giang(options);
  zmq::context_t context;
  WireClient wire(context, bac_giang.endpoint());
  // alertctl publishes imported alerts as this unit (a child process inherits it).
  REQUIRE(setenv("ALERTBUS_SENDER", "bac-giang/cnty", 1) == 0);
  const std::string rules = std::string(ALERTBUS_SOURCE_DIR) + "/deploy/cap-rules.toml";
  const std::string documents = std::string(ALERTBUS_SOURCE_DIR) + "/tests/support/cap/foreign/";
  const auto import_cap = [&](std::vector<std::string> files) {
    std::vector<std::string> args{"import", "cap",      "--rules",
                                  rules,    "--broker", bac_giang.endpoint()};
    for (const std::string& file : files) {
      args.push_back(documents + file);
    }
    return execute(alertctl_binary(), args, dir);
  };

  // The Update before its recall: refused, naming the recall.
  const Finished early = import_cap({"vfa-recall-update.xml"});
  INFO(early.output << early.errors);
  CHECK(early.exit_code == 2);
  CHECK(contains(early.errors, "VFA-TH-2026-0311"));
  CHECK(contains(early.errors, "chưa được nhập vào alertbus"));

  // The recall and an earthquake report no rule matches: the recall is imported, the
  // earthquake kept as an external notice with its CAP document; --no-external refuses it.
  const Finished refused = execute(alertctl_binary(),
                                   {"import", "cap", "--rules", rules, "--no-external", "--broker",
                                    bac_giang.endpoint(), documents + "igp-earthquake.xml"},
                                   dir);
  INFO(refused.output << refused.errors);
  CHECK(refused.exit_code == 2);
  CHECK(contains(refused.errors, "không quy tắc nào"));
  CHECK(contains(refused.errors, "baotin@igp-vast.vn"));
  CHECK(wire.status().event_count() == 0);
  const Finished mixed = import_cap({"vfa-recall.xml", "igp-earthquake.xml"});
  INFO(mixed.output << mixed.errors);
  CHECK(mixed.exit_code == 0);
  CHECK(contains(mixed.errors, "không có quy tắc nào khớp: lưu thành cảnh báo từ hệ thống khác"));
  const std::string earthquake_id = alertbus::client::imported_event_id(
      "bac-giang/cnty", "baotin@igp-vast.vn", "IGP-DD-20261205-0042",
      protocol::vietnam_midnight_ms(2026, 12, 5) + (3 * 3600 + 12 * 60 + 40) * 1000LL);
  const auto [earthquake, stored] = lookup(wire, earthquake_id);
  REQUIRE(stored == v1::OK);
  CHECK(earthquake->kind() == v1::EXTERNAL);
  CHECK(earthquake->external().cap_document() == read_text(documents + "igp-earthquake.xml"));
  // Readable by its reference, the document shown by its size; exported as received.
  v1::Query by_id;
  by_id.set_event_id(earthquake_id);
  const std::string reference = wire.query(by_id).query_result().events(0).reference();
  const Finished shown =
      execute(alertctl_binary(), {"get", reference, "--broker", bac_giang.endpoint()}, dir);
  INFO(shown.output << shown.errors);
  CHECK(shown.exit_code == 0);
  CHECK(contains(shown.output, "Cảnh báo từ hệ thống khác"));
  CHECK(contains(shown.output, "IGP-DD-20261205-0042"));
  CHECK(contains(shown.output, "(tài liệu CAP, "));
  const Finished original = execute(
      alertctl_binary(), {"export", "cap", reference, "--broker", bac_giang.endpoint()}, dir);
  CHECK(original.exit_code == 0);
  CHECK(original.output == read_text(documents + "igp-earthquake.xml"));
  const std::string recall_id = alertbus::client::imported_event_id(
      "bac-giang/cnty", "thuhoi@vfa.gov.vn", "VFA-TH-2026-0311",
      protocol::vietnam_midnight_ms(2026, 12, 4) + 9 * 3'600'000 + 30 * 60'000);
  const auto [recall, found] = lookup(wire, recall_id);
  REQUIRE(found == v1::OK);
  CHECK(recall->kind() == v1::UNSAFE_FOOD);
  CHECK(recall->sender_unit() == "bac-giang/cnty");
  CHECK(contains(recall->description(), "VFA-TH-2026-0311"));

  // The recall again: imported already, named by its reference; nothing new is stored.
  const Finished again = import_cap({"vfa-recall.xml"});
  INFO(again.output << again.errors);
  CHECK(again.exit_code == 0);
  CHECK(contains(again.output, "đã nhập trước đó, số hiệu BG-"));
  CHECK(wire.status().event_count() == 2);

  // Now the Update is a follow-up of the imported recall.
  const Finished update = import_cap({"vfa-recall-update.xml"});
  INFO(update.output << update.errors);
  REQUIRE(update.exit_code == 0);
  CHECK(wire.status().event_count() == 3);

  // The avian influenza notice: its point comes back out as a <circle> of radius 0, and the
  // headline names the alert by its reference.
  const Finished outbreak = import_cap({"dah-avian-influenza.xml"});
  INFO(outbreak.output << outbreak.errors);
  REQUIRE(outbreak.exit_code == 0);
  const std::string outbreak_id = alertbus::client::imported_event_id(
      "bac-giang/cnty", "canhbao@dah.gov.vn", "DAH-2026-CGC-0193",
      protocol::vietnam_midnight_ms(2026, 12, 4) + 16 * 3'600'000 + 20 * 60'000);
  const Finished exported = execute(
      alertctl_binary(), {"export", "cap", outbreak_id, "--broker", bac_giang.endpoint()}, dir);
  INFO(exported.output << exported.errors);
  REQUIRE(exported.exit_code == 0);
  CHECK(contains(exported.output, "<circle>21.3021,106.4533 0</circle>"));
  CHECK(contains(exported.output, "<headline>BG-"));
  CHECK(contains(exported.output, "<senderName>"));
  const std::string file = dir.file("outbreak.xml");
  std::ofstream(file, std::ios::binary) << exported.output;
  const Finished lint =
      execute("xmllint", {"--noout", "--nonet", "--schema", ALERTBUS_CAP_SCHEMA, file}, dir);
  INFO(lint.errors);
  CHECK(lint.exit_code == 0);
}

}  // namespace alertbus::testing
