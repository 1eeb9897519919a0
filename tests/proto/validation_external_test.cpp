// Tests of validate_event() on external notices (EXTERNAL, ExternalAlert): another agency's
// CAP alert kept with its original document.
#include <string>

#include <catch2/catch.hpp>

#include "alertbus/protocol/validation.hpp"
#include "proto/validation_test_helpers.hpp"
#include "support/sample_events.hpp"

namespace alertbus::protocol {
namespace {

using testing::check_failure;
using testing::check_ok;
using testing::repeat;
using testing::sample_external;

Status validate(const v1::Event& event) {
  return testing::validate_now(event);
}

TEST_CASE("An external notice is valid with its CAP source and document", "[validation]") {
  check_ok(sample_external());
  v1::Event event = sample_external();
  event.mutable_external()->clear_sender_name();
  event.mutable_external()->clear_categories();
  event.mutable_external()->clear_event_codes();
  check_ok(event);
}

TEST_CASE("An external notice needs its sender, identifier, sent time, event and document",
          "[validation]") {
  const auto missing = [](void (*clear)(v1::ExternalAlert*), const char* path) {
    v1::Event event = sample_external();
    clear(event.mutable_external());
    check_failure(validate(event), v1::MISSING_FIELD, path);
  };
  missing([](v1::ExternalAlert* body) { body->clear_sender(); }, "external.sender");
  missing([](v1::ExternalAlert* body) { body->clear_identifier(); }, "external.identifier");
  missing([](v1::ExternalAlert* body) { body->clear_sent(); }, "external.sent");
  missing([](v1::ExternalAlert* body) { body->clear_event(); }, "external.event");
  missing([](v1::ExternalAlert* body) { body->clear_cap_document(); }, "external.cap_document");
  v1::Event event = sample_external();
  event.mutable_external()->mutable_event_codes(0)->clear_name();
  check_failure(validate(event), v1::MISSING_FIELD, "external.event_codes[0].name");
}

TEST_CASE("An external notice's CAP document is UTF-8 text of at most 128 KiB", "[validation]") {
  v1::Event event = sample_external();
  const std::string head = "<alert>";
  const std::string tail = "</alert>";
  std::string document = head + repeat("x", 131'072 - head.size() - tail.size()) + tail;
  event.mutable_external()->set_cap_document(document);
  check_ok(event);
  document.insert(head.size(), "x");
  event.mutable_external()->set_cap_document(document);
  const Status status = validate(event);
  check_failure(status, v1::TOO_LONG, "external.cap_document");
  CHECK_THAT(status.message(), Catch::Contains("131073 bytes"));
  event.mutable_external()->set_cap_document("<alert>\xC3\x28</alert>");
  check_failure(validate(event), v1::INVALID_UTF8, "external.cap_document");
}

TEST_CASE("An external notice's body goes with the kind EXTERNAL and type ALERT", "[validation]") {
  v1::Event event = sample_external();
  event.set_kind(v1::CROP_PEST);
  check_failure(validate(event), v1::KIND_MISMATCH, "kind");
  event = sample_external();
  event.clear_external();
  event.mutable_unsafe_food();
  check_failure(validate(event), v1::KIND_MISMATCH, "kind");
}

TEST_CASE("An external notice has at most 12 categories and 32 event codes", "[validation]") {
  v1::Event event = sample_external();
  for (int i = 0; i < 12; ++i) {
    event.mutable_external()->add_categories("Met");
  }
  check_failure(validate(event), v1::TOO_LONG, "external.categories");
  event = sample_external();
  for (int i = 0; i < 32; ++i) {
    *event.mutable_external()->add_event_codes() = event.external().event_codes(0);
  }
  check_failure(validate(event), v1::TOO_LONG, "external.event_codes");
}

}  // namespace
}  // namespace alertbus::protocol
