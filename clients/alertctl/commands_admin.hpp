// admin backup and admin restore (commands_admin.cpp), declared on the `admin` command that
// add_query_commands() makes; apart from commands.hpp so that adding them rebuilds only the
// files that use them.
#pragma once

#include "alertctl/commands.hpp"

namespace alertbus::alertctl {

void add_admin_file_commands(CLI::App& admin, Language language, std::vector<Command>& commands);

}  // namespace alertbus::alertctl
