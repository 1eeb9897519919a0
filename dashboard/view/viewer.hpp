// Viewer: the officer a page is made for, and what their broker key lets them do. Every view
// function takes one: which alerts wait for this officer (their node, their unit's kinds) and
// which actions the rules allow them (their unit, their key).
//
// Threading: a plain value.
#pragma once

#include <string>
#include <vector>

#include "alertbus/v1/common.pb.h"

namespace alertbus::dashboard {

struct Viewer {
  std::string user;          // The account ("an.nguyen").
  std::string officer_name;  // "Nguyễn Văn An": the officer's name, put in follow-ups' contact.
  std::string unit_id;       // The unit the account belongs to ("bac-giang/cnty").
  std::string node_id;       // That unit's node ("bac-giang").
  std::vector<v1::AlertKind> kinds;  // The unit's own kinds (the registry's).
  bool can_issue = false;  // The unit's own key (post, close, cancel, withdraw), not a dashboard's.
};

}  // namespace alertbus::dashboard
