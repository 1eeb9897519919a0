// Validation of ExternalAlert: another agency's CAP 1.2 alert that no import rule maps to a
// kind, kept with its original document. The broker checks the document's size and that it
// is UTF-8 text; it does not parse the XML.
#include "validation_checker.hpp"

namespace alertbus::protocol::detail {
namespace {

constexpr std::size_t kMaxSender = 256;
constexpr std::size_t kMaxCapEvent = 512;
constexpr std::size_t kMaxCategory = 32;
constexpr std::size_t kMaxCodeName = 256;
constexpr std::size_t kMaxCodeValue = 1'024;

void check_code(Checker& checker, const v1::ExternalAlert::Code& code) {
  checker.text("name", code.name(), kRequired, kMaxCodeName);
  checker.text("value", code.value(), kOptional, kMaxCodeValue);
}

void check_document(Checker& checker, const std::string& document) {
  if (document.size() > kMaxCapDocument) {
    checker.fail(v1::TOO_LONG, "cap_document",
                 checker.path("cap_document") + " has " + std::to_string(document.size()) +
                     " bytes; at most " + std::to_string(kMaxCapDocument) + " are allowed",
                 checker.path("cap_document") + " có " + std::to_string(document.size()) +
                     " byte; tối đa " + std::to_string(kMaxCapDocument) + " byte");
    return;
  }
  checker.text("cap_document", document, kRequired, kMaxCapDocument);
}

}  // namespace

void check_external(Checker& checker, const v1::ExternalAlert& alert) {
  checker.text("sender", alert.sender(), kRequired, kMaxSender);
  checker.text("sender_name", alert.sender_name(), kOptional, kMaxSender);
  checker.text("identifier", alert.identifier(), kRequired, kMaxSender);
  checker.timestamp("sent", alert.has_sent(), alert.sent(), kRequired);
  checker.text("event", alert.event(), kRequired, kMaxCapEvent);
  checker.text_list("categories", alert.categories(), kMaxCategories, kMaxCategory);
  if (checker.list_size("event_codes", alert.event_codes_size(), kOptional, kMaxEventCodes)) {
    for_each_item(checker, "event_codes", alert.event_codes(),
                  [&checker](const v1::ExternalAlert::Code& item) { check_code(checker, item); });
  }
  check_document(checker, alert.cap_document());
}

}  // namespace alertbus::protocol::detail
