// The protocol's enums as alertctl shows and accepts them: a command-line name
// ("animal-disease") and a label for officers in Vietnamese and English
// ("Dịch bệnh động vật", "Animal disease"), both from the one vocabulary table
// (alertbus/protocol/vocabulary.hpp).
//
// Threading: pure functions over constant tables.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "alertbus/v1/casework.pb.h"
#include "alertbus/v1/common.pb.h"

#include "alertbus/protocol/vocabulary.hpp"
#include "alertctl/messages.hpp"

namespace alertbus::alertctl {

using protocol::Vocabulary;

// The enum value for a command-line name (the vocabulary's key; "ack" for acknowledge too), or
// nullopt.
std::optional<int> parse_name(Vocabulary vocabulary, std::string_view name);

// All command-line names of a vocabulary, in enum order.
std::vector<std::string> cli_names(Vocabulary vocabulary);

// The label for officers; the enum number in brackets for values this version does not know.
std::string label(Vocabulary vocabulary, int value, Language language);

inline std::string kind_label(v1::AlertKind kind, Language language) {
  return label(Vocabulary::kKind, kind, language);
}

inline std::string type_label(v1::EventType type, Language language) {
  return label(Vocabulary::kType, type, language);
}

inline std::string severity_label(v1::Severity severity, Language language) {
  return label(Vocabulary::kSeverity, severity, language);
}

inline std::string alert_state_label(v1::AlertState state, Language language) {
  return label(Vocabulary::kAlertState, state, language);
}

inline std::string receiver_state_label(v1::ReceiverState state, Language language) {
  return label(Vocabulary::kReceiverState, state, language);
}

}  // namespace alertbus::alertctl
