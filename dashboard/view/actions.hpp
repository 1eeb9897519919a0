// The actions an officer may take on an alert from its page (docs/DASHBOARD.md, Action and
// ActionSpec): ack, info, measures, request-info, answer, close, cancel, withdraw, each the
// follow-up type it sends, and whether the rules allow this officer to send it now, with the
// reason in words when they do not.
//
// The rules are the broker's (broker/security/authority.hpp, protocol/casework.hpp):
// - the unit must issue or handle the alert's kind;
// - close, cancel and withdraw only by the issuing unit, and only with its own key (a
//   dashboard key sends acknowledgements, information, measures, requests and answers);
// - a cancelled or withdrawn alert takes nothing more; a resolved one only information,
//   acknowledgements, measures and a cancel;
// - an acknowledgement from a receiving province that has not acknowledged yet (the issuing
//   province's acknowledgement changes nothing);
// - an answer only when someone has asked (a REQUEST_INFO in the case).
//
// Threading: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "alertbus/v1/casework.pb.h"

#include "alertctl/directory_names.hpp"
#include "dashboard/view/view_words.hpp"
#include "dashboard/view/viewer.hpp"

namespace alertbus::dashboard {

// The follow-up type an action name sends ("ack" -> ACKNOWLEDGE), or nullopt for a name that
// is not an action.
std::optional<v1::EventType> action_type(std::string_view name);

// The action names, in the order the page shows them.
const std::vector<std::string>& action_names();

// Why the rules refuse action `name` to `viewer` on `alert_case`, in Vietnamese (first) and
// English; nullopt when they allow it. An unknown name is refused.
struct Refusal {
  std::string vi;
  std::string en;
  std::string rule;  // "kind", "issuer_only", "dashboard_key", "state", "acknowledged", …
};

std::optional<Refusal> refusal(std::string_view name, const v1::AlertCase& alert_case,
                               const Viewer& viewer, const alertctl::Names& names);

// [{type, label, allowed, reason}] for every action, labels and reasons in `language`.
json action_specs(const v1::AlertCase& alert_case, const Viewer& viewer,
                  const alertctl::Names& names, Language language);

}  // namespace alertbus::dashboard
