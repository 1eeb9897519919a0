// The alertctl commands. Each add_*() function declares its subcommand(s) on the CLI11 app,
// in the chosen language, and appends what to run when that subcommand is the one parsed.
//
// Threading: main thread only.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <vector>

#include "alertbus/v1/event.pb.h"

#include "alertctl/context.hpp"

namespace alertbus::alertctl {

struct Command {
  CLI::App* app;                     // The subcommand.
  std::function<int(Context&)> run;  // Returns the exit code.
};

// post (commands_post.cpp).
void add_post_command(CLI::App& parent, Language language, std::vector<Command>& commands);

// follow-up, ack, close, cancel, withdraw (commands_follow_up.cpp).
void add_follow_up_commands(CLI::App& parent, Language language, std::vector<Command>& commands);

// watch (commands_watch.cpp).
void add_watch_command(CLI::App& parent, Language language, std::vector<Command>& commands);

// get, list, status, peers, admin reproject (commands_query.cpp).
void add_query_commands(CLI::App& parent, Language language, std::vector<Command>& commands);

// cases, search, case (commands_cases.cpp).
void add_case_commands(CLI::App& parent, Language language, std::vector<Command>& commands);

// report (commands_report.cpp).
void add_report_command(CLI::App& parent, Language language, std::vector<Command>& commands);

// keys generate, keys show (commands_keys.cpp).
void add_keys_commands(CLI::App& parent, Language language, std::vector<Command>& commands);
// audit verify (commands_audit.cpp).
void add_audit_commands(CLI::App& parent, Language language, std::vector<Command>& commands);

// export cap, import cap, feed atom (commands_cap.cpp).
void add_cap_commands(CLI::App& parent, Language language, std::vector<Command>& commands);
// import cap, for add_cap_commands (commands_cap_import.cpp).
void add_import_cap_command(CLI::App& parent, Language language, std::vector<Command>& commands);

// Validates `event` locally, publishes it and prints the acknowledgement (commands_post.cpp).
// Returns the exit code.
int publish_event(Context& context, const v1::Event& event);

// A CLI11 check without its description in the help's type column (e.g. "NUMBER", not
// "UINT:POSITIVE").
CLI::Validator quiet(CLI::Validator validator);

// A CLI11 check that the value is one of the vocabulary's command-line names.
CLI::Validator member_of(const std::vector<std::string>& names, Language language);

}  // namespace alertbus::alertctl
