// Helpers shared by the validation tests: validating with "now", checking a failure's
// code, field and messages, and the list of every valid sample.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "alertbus/v1/event.pb.h"

#include "alertbus/protocol/status.hpp"

namespace alertbus::testing {

using Factory = std::function<v1::Event()>;

// validate_event() with now = the current time.
Status validate_now(const v1::Event& event);

// CHECKs that `status` has `code` and `field`, an English message and a Vietnamese one
// (which, being Vietnamese with diacritics, is never pure ASCII).
void check_failure(const Status& status, ErrorCode code, const std::string& field);

// CHECKs that `event` is valid now.
void check_ok(const v1::Event& event);

// `text` repeated `times` times.
std::string repeat(const std::string& text, std::size_t times);

// sample_animal_disease() as SUSPECTED, without lab, test method or confirmation time.
v1::Event sample_suspected_disease();

// Makes a sample follow-up of `type` to a fresh alert id.
Factory follow_up_of(v1::EventType type);

struct NamedSample {
  std::string name;
  Factory make;
};

// Every valid sample: each kind, each forest-fire subtype, a suspected disease and each
// follow-up type.
std::vector<NamedSample> all_valid_samples();

}  // namespace alertbus::testing
