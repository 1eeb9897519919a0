// The `account` commands (account_command.hpp): load the file, change it, save it.
#include "state/account_command.hpp"

#include <algorithm>
#include <memory>
#include <termios.h>
#include <unistd.h>
#include <vector>

#include "alertbus/protocol/utf8.hpp"
#include "state/account_checks.hpp"
#include "state/account_lock.hpp"
#include "state/account_messages.hpp"
#include "state/accounts.hpp"

namespace alertbus::dashboard {
namespace {

// Turns echo off on a terminal for as long as it lives.
class EchoOff {
 public:
  explicit EchoOff(int fd) {
    if (fd < 0 || ::isatty(fd) == 0 || ::tcgetattr(fd, &saved_) != 0) {
      return;
    }
    termios quiet = saved_;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    if (::tcsetattr(fd, TCSAFLUSH, &quiet) == 0) {
      fd_ = fd;
    }
  }

  ~EchoOff() {
    if (fd_ >= 0) {
      ::tcsetattr(fd_, TCSAFLUSH, &saved_);
    }
  }

  EchoOff(const EchoOff&) = delete;
  EchoOff& operator=(const EchoOff&) = delete;

  bool active() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
  termios saved_{};
};

const char* tr_in(const AccountCommandContext& context, const Text& text) {
  return text_in(text, context.language);
}

int fail(AccountCommandContext& context, const Status& status, int code) {
  context.err << tr_in(context, msg::kError)
              << (context.language == Language::kVi ? status.message_vi() : status.message())
              << '\n';
  return code;
}

int fail(AccountCommandContext& context, const Text& text, int code) {
  context.err << tr_in(context, msg::kError) << tr_in(context, text) << '\n';
  return code;
}

// The exit code for a failed change of the accounts.
int code_of(const Status& status) {
  switch (status.code()) {
    case v1::NOT_FOUND:
      return kAccountNotFound;
    case v1::INTERNAL:
    case v1::PERMISSION_DENIED:
      return kAccountFailure;
    default:
      return kAccountInvalid;
  }
}

// One line of `in` without its line end; false at the end of the input.
bool read_line(std::istream& in, std::string* line) {
  if (!std::getline(in, *line)) {
    return false;
  }
  if (!line->empty() && line->back() == '\r') {
    line->pop_back();
  }
  return true;
}

// The password: one line with --password-stdin, else asked twice (echo off on a terminal).
// Returns an exit code other than kAccountOk when there is none.
int read_password(AccountCommandContext& context, bool password_stdin, std::string* password) {
  if (password_stdin) {
    if (!read_line(context.in, password) || password->empty()) {
      return fail(context, msg::kNoPassword, kAccountInvalid);
    }
    return kAccountOk;
  }
  std::string again;
  bool read = false;
  {
    EchoOff echo_off(context.terminal_fd);
    context.err << tr_in(context, msg::kPromptPassword) << std::flush;
    read = read_line(context.in, password);
    if (echo_off.active()) {
      context.err << '\n';
    }
    if (read) {
      context.err << tr_in(context, msg::kPromptPasswordAgain) << std::flush;
      read = read_line(context.in, &again);
      if (echo_off.active()) {
        context.err << '\n';
      }
    }
  }
  if (!read || password->empty()) {
    return fail(context, msg::kNoPassword, kAccountInvalid);
  }
  if (*password != again) {
    return fail(context, msg::kPasswordsDiffer, kAccountInvalid);
  }
  return kAccountOk;
}

// Loads the file, applies `change`, saves it, prints `done` + user. Returns the exit code.
// Under the file's lock (account_lock.hpp): a second command waits for the first to save,
// then loads what it saved.
template <typename Change>
int change_accounts(AccountCommandContext& context, const std::string& path,
                    const std::string& user, const Text& done, Change&& change) {
  StatusOr<AccountFileLock> lock = AccountFileLock::acquire(path);
  if (!lock.ok()) {
    return fail(context, lock.status(), kAccountFailure);
  }
  auto accounts = AccountFile::load(path);
  if (!accounts.ok()) {
    return fail(context, accounts.status(), code_of(accounts.status()));
  }
  if (Status status = change(accounts.value()); !status.ok()) {
    return fail(context, status, code_of(status));
  }
  if (Status status = accounts->save(path); !status.ok()) {
    return fail(context, status, kAccountFailure);
  }
  context.err << tr_in(context, done) << user << '\n';
  return kAccountOk;
}

// After a change that must log the user out everywhere.
int end_sessions(AccountCommandContext& context, const std::string& user) {
  if (!context.end_sessions) {
    return kAccountOk;
  }
  if (Status status = context.end_sessions(user); !status.ok()) {
    context.err << tr_in(context, msg::kError) << tr_in(context, msg::kSessionsNotEnded)
                << (context.language == Language::kVi ? status.message_vi() : status.message())
                << '\n';
    return kAccountFailure;
  }
  return kAccountOk;
}

// `text` padded with spaces to `width` characters (not bytes: Vietnamese names line up).
std::string pad(const std::string& text, std::size_t width) {
  const std::size_t length = protocol::utf8_length(text);
  return text + std::string(width > length ? width - length : 0, ' ');
}

}  // namespace

int account_add(AccountCommandContext& context, const std::string& accounts_path,
                const AddAccountInput& input) {
  // The rules first, so that a typo in the unit is told before the password is asked.
  for (const Status& status :
       {check_user(input.user), check_display_name(input.name), check_unit(input.unit)}) {
    if (!status.ok()) {
      return fail(context, status, kAccountInvalid);
    }
  }
  auto accounts = AccountFile::load(accounts_path);
  if (!accounts.ok()) {
    return fail(context, accounts.status(), code_of(accounts.status()));
  }
  if (accounts->find(input.user) != nullptr) {
    return fail(context,
                Status::error(v1::INVALID_VALUE, "user '" + input.user + "' already exists",
                              "tên đăng nhập '" + input.user + "' đã có", "user"),
                kAccountInvalid);
  }
  std::string password;
  if (int code = read_password(context, input.password_stdin, &password); code != kAccountOk) {
    return code;
  }
  return change_accounts(context, accounts_path, input.user, msg::kAdded, [&](AccountFile& file) {
    return file.add(input.user, input.name, input.unit, password);
  });
}

int account_disable(AccountCommandContext& context, const std::string& accounts_path,
                    const std::string& user) {
  const int code = change_accounts(context, accounts_path, user, msg::kDisabled,
                                   [&](AccountFile& file) { return file.disable(user); });
  return code != kAccountOk ? code : end_sessions(context, user);
}

int account_enable(AccountCommandContext& context, const std::string& accounts_path,
                   const std::string& user) {
  return change_accounts(context, accounts_path, user, msg::kEnabled,
                         [&](AccountFile& file) { return file.enable(user); });
}

int account_password(AccountCommandContext& context, const std::string& accounts_path,
                     const std::string& user, bool password_stdin) {
  {
    auto accounts = AccountFile::load(accounts_path);
    if (!accounts.ok()) {
      return fail(context, accounts.status(), code_of(accounts.status()));
    }
    if (accounts->find(user) == nullptr) {
      return fail(context,
                  Status::error(v1::NOT_FOUND, "no account '" + user + "'",
                                "không có tài khoản '" + user + "'", "user"),
                  kAccountNotFound);
    }
  }
  std::string password;
  if (int code = read_password(context, password_stdin, &password); code != kAccountOk) {
    return code;
  }
  const int code =
      change_accounts(context, accounts_path, user, msg::kPasswordChanged,
                      [&](AccountFile& file) { return file.set_password(user, password); });
  return code != kAccountOk ? code : end_sessions(context, user);
}

int account_list(AccountCommandContext& context, const std::string& accounts_path) {
  auto accounts = AccountFile::load(accounts_path);
  if (!accounts.ok()) {
    return fail(context, accounts.status(), code_of(accounts.status()));
  }
  if (accounts->accounts().empty()) {
    context.out << tr_in(context, msg::kNoAccounts) << '\n';
    return kAccountOk;
  }
  std::vector<std::vector<std::string>> rows;
  rows.push_back({tr_in(context, msg::kColumnUser), tr_in(context, msg::kColumnName),
                  tr_in(context, msg::kColumnUnit), tr_in(context, msg::kColumnState)});
  for (const Account& account : accounts->accounts()) {
    rows.push_back({account.user, account.name, account.unit,
                    tr_in(context, account.disabled ? msg::kStateDisabled : msg::kStateActive)});
  }
  std::vector<std::size_t> widths(4, 0);
  for (const auto& row : rows) {
    for (std::size_t column = 0; column < row.size(); ++column) {
      widths[column] = std::max(widths[column], protocol::utf8_length(row[column]));
    }
  }
  for (const auto& row : rows) {
    context.out << pad(row[0], widths[0]) << "  " << pad(row[1], widths[1]) << "  "
                << pad(row[2], widths[2]) << "  " << row[3] << '\n';
  }
  return kAccountOk;
}

void add_account_commands(CLI::App& app, AccountCommandContext& context) {
  struct Input {
    std::string accounts;
    AddAccountInput add;
    std::string user;
    bool password_stdin = false;
  };

  auto input = std::make_shared<Input>();
  const Language language = context.language;
  CLI::App* account = app.add_subcommand("account", text_in(msg::kCmdAccount, language));
  account->require_subcommand(1);
  const auto accounts_option = [&](CLI::App* command) {
    command->add_option("--accounts", input->accounts, text_in(msg::kOptAccounts, language))
        ->required();
  };

  CLI::App* add = account->add_subcommand("add", text_in(msg::kCmdAccountAdd, language));
  add->add_option("user", input->add.user, text_in(msg::kOptUser, language))->required();
  add->add_option("--name", input->add.name, text_in(msg::kOptName, language))->required();
  add->add_option("--unit", input->add.unit, text_in(msg::kOptUnit, language))->required();
  add->add_flag("--password-stdin", input->add.password_stdin,
                text_in(msg::kOptPasswordStdin, language));
  accounts_option(add);
  add->callback(
      [&context, input] { context.exit_code = account_add(context, input->accounts, input->add); });

  CLI::App* disable =
      account->add_subcommand("disable", text_in(msg::kCmdAccountDisable, language));
  disable->add_option("user", input->user, text_in(msg::kOptUser, language))->required();
  accounts_option(disable);
  disable->callback([&context, input] {
    context.exit_code = account_disable(context, input->accounts, input->user);
  });

  CLI::App* enable = account->add_subcommand("enable", text_in(msg::kCmdAccountEnable, language));
  enable->add_option("user", input->user, text_in(msg::kOptUser, language))->required();
  accounts_option(enable);
  enable->callback([&context, input] {
    context.exit_code = account_enable(context, input->accounts, input->user);
  });

  CLI::App* password =
      account->add_subcommand("password", text_in(msg::kCmdAccountPassword, language));
  password->add_option("user", input->user, text_in(msg::kOptUser, language))->required();
  password->add_flag("--password-stdin", input->password_stdin,
                     text_in(msg::kOptPasswordStdin, language));
  accounts_option(password);
  password->callback([&context, input] {
    context.exit_code =
        account_password(context, input->accounts, input->user, input->password_stdin);
  });

  CLI::App* list = account->add_subcommand("list", text_in(msg::kCmdAccountList, language));
  accounts_option(list);
  list->callback([&context, input] { context.exit_code = account_list(context, input->accounts); });
}

}  // namespace alertbus::dashboard
