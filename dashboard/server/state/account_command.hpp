// The `account` commands of alertbus-dashboard (docs/DASHBOARD.md, "Security"):
//
//   account add USER --name NAME --unit UNIT [--password-stdin] --accounts FILE
//   account disable USER --accounts FILE
//   account enable USER --accounts FILE
//   account password USER [--password-stdin] --accounts FILE
//   account list --accounts FILE
//
// Each loads the accounts file, changes it and saves it (owner-only, atomically), holding
// the file's lock (account_lock.hpp) from the load to the save: two commands at once both
// land, the second waiting for the first. Without
// --password-stdin the password is asked twice on `err` and read from `in`, with echo off
// when `terminal_fd` is a terminal; with it, the first line of `in` is the password.
// Messages go to `err`, the list to `out`, Vietnamese first (English with Language::kEn).
//
// Exit codes: 0 done; 1 the file cannot be read or written (or is not owner-only);
// 2 a value breaks a rule, a duplicate user, passwords that differ; 5 no such user.
//
// Threading: a command runs to its end on its thread; commands on other threads or in other
// processes wait for the file's lock.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <istream>
#include <ostream>
#include <string>
#include <string_view>

#include "alertbus/protocol/status.hpp"
#include "state/language.hpp"

namespace alertbus::dashboard {

enum AccountExitCode : int {
  kAccountOk = 0,
  kAccountFailure = 1,
  kAccountInvalid = 2,
  kAccountNotFound = 5,
};

struct AccountCommandContext {
  AccountCommandContext(std::istream& input, std::ostream& output, std::ostream& errors,
                        Language chosen = Language::kVi)
      : in(input), out(output), err(errors), language(chosen) {}

  std::istream& in;
  std::ostream& out;
  std::ostream& err;
  Language language = Language::kVi;
  // The file descriptor `in` reads, when it may be a terminal (STDIN_FILENO in main): echo
  // is turned off on it while a password is typed. -1: never a terminal (tests).
  int terminal_fd = -1;
  // Called after `disable` and `password` with the user, to end the account's sessions
  // (StateStore::remove_user_sessions); none: nothing to end. A failure is reported and
  // makes the exit code 1, the file's change stays.
  std::function<Status(std::string_view user)> end_sessions;
  // The exit code of the command add_account_commands() ran (main returns it).
  int exit_code = kAccountOk;
};

struct AddAccountInput {
  std::string user;
  std::string name;
  std::string unit;
  bool password_stdin = false;
};

// account add: the account, enabled, with the password read as described above.
int account_add(AccountCommandContext& context, const std::string& accounts_path,
                const AddAccountInput& input);

// account disable / enable.
int account_disable(AccountCommandContext& context, const std::string& accounts_path,
                    const std::string& user);
int account_enable(AccountCommandContext& context, const std::string& accounts_path,
                   const std::string& user);

// account password: a new password, read as for add.
int account_password(AccountCommandContext& context, const std::string& accounts_path,
                     const std::string& user, bool password_stdin);

// account list: a table of user, name, unit and state ("đang dùng" / "đã khóa") on `out`.
int account_list(AccountCommandContext& context, const std::string& accounts_path);

// Declares `account` and its subcommands on `app`, with help in context.language; the
// parsed subcommand runs in its CLI11 callback and stores its exit code in
// context.exit_code. `context` must outlive the parse.
void add_account_commands(CLI::App& app, AccountCommandContext& context);

}  // namespace alertbus::dashboard
