// Owner-only files: keys, the officers' accounts and the node's data are secrets or the audit
// record, so a program refuses one that its group or other users can open, and says how to
// mend it (docs/OPERATIONS.md, "Files" and "Keys").
//
// Threading: plain functions.
#pragma once

#include <string>
#include <string_view>
#include <sys/types.h>

#include "alertbus/protocol/status.hpp"

namespace alertbus::protocol {

// The permission bits of `mode` as chmod takes them: "0640".
std::string mode_text(mode_t mode);

// Ok when `mode` (from stat(2) of `path`) gives the group and other users nothing; otherwise
// PERMISSION_DENIED naming the file, its mode and the chmod that mends it (700 for a
// directory, 600 for a file). `what_en` / `what_vi` say what the file is ("key file",
// "tệp khóa"); `why_en` / `why_vi`, when given, why it matters ("it holds every alert").
Status check_owner_only(const std::string& path, mode_t mode, std::string_view what_en,
                        std::string_view what_vi, std::string_view why_en = {},
                        std::string_view why_vi = {});

// Creates `path` empty with mode 0600 if it does not exist, whatever the umask (an existing
// file is left as it is). For a SQLite database before SQLite opens it: SQLite gives the
// -wal and -shm files the database file's mode.
void create_owner_only_file(const std::string& path);

}  // namespace alertbus::protocol
