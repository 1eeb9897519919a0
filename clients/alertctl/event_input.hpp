// Building the events alertctl publishes: a new alert from TOML or JSON files and options
// (post), and a follow-up to an existing alert (follow-up, ack, close, cancel, withdraw).
//
// Failures here are the user's input (unreadable file, a mistake in the file, bad --area):
// they are returned as INVALID_VALUE with messages in both languages, every mistake of a file
// at once (event_reader.hpp), and alertctl exits with 2.
// Threading: pure functions (plus reading the named file or `in`).
#pragma once

#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "alertbus/v1/event.pb.h"

#include "alertbus/protocol/areas.hpp"
#include "alertbus/protocol/status.hpp"

namespace alertbus::alertctl {

// `post` options. Empty strings are "not given".
struct PostInput {
  std::string kind;  // Command-line names (names.hpp).
  std::string title;
  std::string severity;
  std::string urgency;
  std::string certainty;
  std::string status;
  std::string sender;
  std::vector<std::string> areas;  // CODE:SCHEME:NAME each.
  std::string description;
  std::string contact;
  std::string body_path;      // Typed body (or whole event), TOML or JSON; "-" is `in`.
  std::string file_path;      // Whole event, TOML or JSON; "-" is `in`.
  std::string template_kind;  // --template: print this kind's template instead of posting.
  bool interactive = false;   // --interactive: ask field by field (interactive_post.hpp).
  std::string areas_file;     // --areas-file: the province table.
};

// `follow-up` options (the shortcuts fill `type` themselves).
struct FollowUpInput {
  std::string alert;  // Event id or reference; resolved by the command.
  std::string type;   // Command-line name of the follow-up type.
  std::string text;
  std::string sender;
  std::string status;
  std::string new_severity;
  std::optional<std::uint32_t> new_level;
  std::string answers;
  std::optional<double> quantity;
  std::string quantity_unit;
  bool stable = false;  // FollowUp.stable: the issuer reports the situation stable.
};

// The event `post` publishes: --file's event, then --body (the typed body for the kind, or a
// whole event), then the options on top; its areas and points checked (place_checks.hpp,
// against `areas` when given). Fills in what an officer need not type: type ALERT, status
// ACTUAL, sender from ALERTBUS_SENDER (`default_sender`), sent_at now, a new event id.
// Fails with INVALID_VALUE for unreadable files, mistakes in them, a bad --area, no kind, no
// sender.
StatusOr<v1::Event> build_post_event(const PostInput& input, const std::string& default_sender,
                                     std::istream& in, const protocol::AreaTable* areas = nullptr);

// Fills in what an officer need not type (as build_post_event does): type ALERT, status
// ACTUAL, the sender, a new event id, sent_at now. INVALID_VALUE when no sender is known.
Status complete_post_event(v1::Event* event, const std::string& default_sender);

// The follow-up event to `alert` (an ALERT event with id `alert_event_id`): kind, status and
// areas copied from the alert, the alert referenced, a new event id, sent_at now.
// Fails with INVALID_VALUE when no sender is known.
StatusOr<v1::Event> build_follow_up_event(const FollowUpInput& input, const v1::Event& alert,
                                          const std::string& default_sender);

// "24:VN-2004:Bắc Giang" → Area{code 24, scheme VN-2004, name Bắc Giang}. The name may
// contain ':'; code and scheme may not be empty.
StatusOr<v1::Area> parse_area(std::string_view text);

// The file's contents; "-" reads all of `in`.
// The most a file or stdin given as input may hold (4 MiB): INVALID_VALUE beyond it.
inline constexpr std::size_t kMaxInputBytes = 4 * 1024 * 1024;

StatusOr<std::string> read_input(const std::string& path, std::istream& in);

}  // namespace alertbus::alertctl
