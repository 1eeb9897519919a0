// libFuzzer target: the input is a CAP 1.2 document, as `alertctl import cap` reads one from
// another system, straight to client::from_cap() (libxml2, then our mapping). Besides "no
// crash, no leak, no undefined behaviour", it checks what cap.hpp promises: a failure has one
// of the documented codes, and an event that from_cap() returns and validate_event() accepts
// (at the fixed "now" of fuzz_checks.hpp) comes back unchanged from to_cap() and from_cap().
// from_cap() does not promise a valid event, so an invalid one is only dropped. The same
// document also goes to from_foreign_cap() (other agencies' alerts) with a rule that matches
// everything: it fails only with the documented codes, and a valid event it makes exports
// and reads back unchanged too.
// Run through tests/fuzz/run.sh; docs/TESTING.md says how to reproduce a crash.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include <google/protobuf/util/message_differencer.h>

#include "alertbus/client/cap.hpp"
#include "alertbus/client/cap_foreign.hpp"
#include "alertbus/protocol/codec.hpp"
#include "alertbus/protocol/validation.hpp"
#include "fuzz_checks.hpp"

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  alertbus::protocol::silence_protobuf_logging();
  return 0;
}

namespace {

using namespace alertbus;

// A valid event comes back unchanged from its CAP document.
void require_round_trip(const v1::Event& event);

// Other agencies' alerts: one rule matching everything, an unsafe-food alert (every alert of
// it then needs only its areas to be valid), a default area for areas without a code.
void check_foreign(std::string_view xml) {
  static const client::CapRules rules = [] {
    client::CapRules made;
    client::CapRule rule;
    rule.name = "fuzz";
    rule.kind = v1::UNSAFE_FOOD;
    rule.body_json = R"({"facility": {"name": "f", "address": "a"}, "hazards": [{"name": "h",
        "result": "r"}], "risk": "UNDECIDED"})";
    made.rules.push_back(rule);
    made.default_area_code = "24";
    made.default_area_scheme = "VN-2004";
    return made;
  }();
  client::ForeignCapOptions options;
  options.sender_unit = "bac-giang/cnty";
  options.now_unix_ms = fuzz::kNowUnixMs;
  options.imported_kind = [](const std::string&) { return std::optional(v1::UNSAFE_FOOD); };
  const StatusOr<client::ForeignCap> foreign = client::from_foreign_cap(xml, rules, options);
  if (!foreign.ok()) {
    const v1::ErrorCode code = foreign.status().code();
    fuzz::require(
        code == v1::MALFORMED_EVENT || code == v1::MISSING_FIELD || code == v1::INVALID_VALUE,
        "from_foreign_cap fails only with MALFORMED_EVENT, MISSING_FIELD or INVALID_VALUE");
    return;
  }
  protocol::ValidationOptions validation;
  validation.now_unix_ms = fuzz::kNowUnixMs;
  validation.max_clock_skew_ms = fuzz::kClientClockSkewMs;
  if (protocol::validate_event(foreign->event, validation).ok()) {
    require_round_trip(foreign->event);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using fuzz::require;
  const std::string_view xml(reinterpret_cast<const char*>(data), size);
  check_foreign(xml);
  const StatusOr<v1::Event> event = client::from_cap(xml);
  if (!event.ok()) {
    const v1::ErrorCode code = event.status().code();
    require(code == v1::MALFORMED_EVENT || code == v1::MISSING_FIELD || code == v1::INVALID_VALUE,
            "from_cap fails only with MALFORMED_EVENT, MISSING_FIELD or INVALID_VALUE");
    return 0;
  }
  protocol::ValidationOptions options;
  options.now_unix_ms = fuzz::kNowUnixMs;
  options.max_clock_skew_ms = fuzz::kClientClockSkewMs;
  if (!protocol::validate_event(event.value(), options).ok()) {
    return 0;
  }
  require_round_trip(event.value());
  return 0;
}

namespace {

void require_round_trip(const v1::Event& event) {
  using fuzz::require;
  const std::string again = client::to_cap(v1::StoredEvent(), event);
  const StatusOr<v1::Event> back = client::from_cap(again);
  if (!back.ok()) {
    std::fprintf(stderr, "read back: %s\n", back.status().to_string().c_str());
  }
  require(back.ok(), "a valid event's CAP document reads back");
  google::protobuf::util::MessageDifferencer differencer;
  std::string differences;
  differencer.ReportDifferencesToString(&differences);
  const bool same = differencer.Compare(event, back.value());
  if (!same) {
    std::fprintf(stderr, "differences (first read, then read back):\n%s", differences.c_str());
  }
  require(same, "a valid event read back from its CAP document is unchanged");
}

}  // namespace
