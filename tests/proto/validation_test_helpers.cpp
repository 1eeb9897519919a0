#include "proto/validation_test_helpers.hpp"

#include <algorithm>

#include <catch2/catch.hpp>

#include "alertbus/protocol/event_id.hpp"
#include "alertbus/protocol/validation.hpp"
#include "support/sample_events.hpp"

namespace alertbus::testing {
namespace {

bool has_non_ascii(const std::string& text) {
  return std::ranges::any_of(text, [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

}  // namespace

Status validate_now(const v1::Event& event) {
  return protocol::validate_event(event, validation_options_now());
}

void check_failure(const Status& status, ErrorCode code, const std::string& field) {
  INFO("status: " << status.to_string());
  INFO("message_vi: " << status.message_vi());
  CHECK(code_name(status.code()) == code_name(code));
  CHECK(status.field() == field);
  CHECK_FALSE(status.message().empty());
  CHECK(has_non_ascii(status.message_vi()));
}

void check_ok(const v1::Event& event) {
  const Status status = validate_now(event);
  INFO("status: " << status.to_string());
  CHECK(status.ok());
}

std::string repeat(const std::string& text, std::size_t times) {
  std::string result;
  for (std::size_t i = 0; i < times; ++i) {
    result += text;
  }
  return result;
}

v1::Event sample_suspected_disease() {
  v1::Event event = sample_animal_disease();
  v1::AnimalDiseaseAlert* alert = event.mutable_animal_disease();
  alert->set_confirmation(v1::AnimalDiseaseAlert::SUSPECTED);
  alert->clear_lab();
  alert->clear_test_method();
  alert->clear_confirmed_at();
  return event;
}

Factory follow_up_of(v1::EventType type) {
  return [type] { return sample_follow_up(protocol::new_event_id(), type); };
}

std::vector<NamedSample> all_valid_samples() {
  std::vector<NamedSample> samples{
      {"animal disease", sample_animal_disease},
      {"suspected animal disease", sample_suspected_disease},
      {"crop pest", sample_crop_pest},
      {"forest fire hotspot", [] { return sample_forest_fire(); }},
      {"forest fire danger level",
       [] { return sample_forest_fire(v1::ForestFireAlert::DANGER_LEVEL); }},
      {"forest fire burning", [] { return sample_forest_fire(v1::ForestFireAlert::FIRE); }},
      {"forest fire out", [] { return sample_forest_fire(v1::ForestFireAlert::FIRE_OUT); }},
      {"unsafe food", sample_unsafe_food},
      {"external notice", sample_external},
  };
  for (int type = v1::ACKNOWLEDGE; type <= v1::WITHDRAW; ++type) {
    const auto event_type = static_cast<v1::EventType>(type);
    samples.push_back({"follow-up " + v1::EventType_Name(event_type), follow_up_of(event_type)});
  }
  samples.push_back(
      {"receipt covering two alerts", [] {
         v1::Event event = sample_follow_up(protocol::new_event_id(), v1::RECEIPT);
         event.set_sender_unit("hai-duong/broker");
         v1::FollowUp* details = event.mutable_follow_up();
         details->clear_text();
         for (const std::string& id : {details->alert_event_id(), protocol::new_event_id()}) {
           v1::ReceiptEntry* entry = details->add_receipts();
           entry->set_alert_event_id(id);
           *entry->mutable_stored_at() = event.sent_at();
         }
         details->set_receipts_through_seq(42);
         return event;
       }});
  return samples;
}

}  // namespace alertbus::testing
