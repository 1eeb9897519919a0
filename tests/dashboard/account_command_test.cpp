// The `account` commands (dashboard/server/state/account_command.hpp), driven through CLI11
// and through their functions with string streams, on a real accounts file.
#include "state/account_command.hpp"

#include <sstream>
#include <string>
#include <sys/stat.h>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "broker/temp_dir.hpp"
#include "state/accounts.hpp"

namespace alertbus::dashboard {
namespace {

using testing::TempDir;

struct Run {
  std::istringstream in;
  std::ostringstream out;
  std::ostringstream err;
  AccountCommandContext context{in, out, err};

  explicit Run(std::string input, Language language = Language::kVi) : in(std::move(input)) {
    context.language = language;
  }

  // Parses `arguments` as the dashboard's command line; returns the exit code.
  int parse(const std::string& arguments) {
    CLI::App app("alertbus-dashboard");
    add_account_commands(app, context);
    try {
      app.parse(arguments, false);
    } catch (const CLI::ParseError& error) {
      return app.exit(error, out, err) == 0 ? -1 : 2;
    }
    return context.exit_code;
  }
};

TEST_CASE("account add with --password-stdin writes an owner-only file the login accepts") {
  TempDir temp;
  const std::string path = temp.file("accounts.toml");
  Run run("mật khẩu của An\n");
  REQUIRE(run.parse("account add an.nguyen --name \"Nguyễn Văn An\" --unit bac-giang/cnty "
                    "--password-stdin --accounts " +
                    path) == kAccountOk);
  CHECK_THAT(run.err.str(), Catch::Contains("Đã thêm tài khoản an.nguyen"));

  struct stat info {};

  REQUIRE(::stat(path.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  auto accounts = AccountFile::load(path);
  REQUIRE(accounts.ok());
  auto account = accounts->verify("an.nguyen", "mật khẩu của An");
  REQUIRE(account.ok());
  CHECK(account->name == "Nguyễn Văn An");
  CHECK(account->unit == "bac-giang/cnty");
}

TEST_CASE("account add asks the password twice and refuses two that differ") {
  TempDir temp;
  const std::string path = temp.file("accounts.toml");
  AddAccountInput input{"binh", "Trần Thị Bình", "bac-giang/cnty", false};

  Run differ("mat-khau-thu-nhat\nmat-khau-thu-hai\n");
  CHECK(account_add(differ.context, path, input) == kAccountInvalid);
  CHECK_THAT(differ.err.str(), Catch::Contains("Mật khẩu: "));
  CHECK_THAT(differ.err.str(), Catch::Contains("Nhập lại mật khẩu: "));
  CHECK_THAT(differ.err.str(), Catch::Contains("không khớp"));
  CHECK(AccountFile::load(path)->accounts().empty());

  Run same("mat-khau-cua-binh\r\nmat-khau-cua-binh\r\n");
  REQUIRE(account_add(same.context, path, input) == kAccountOk);
  REQUIRE(AccountFile::load(path)->find("binh") != nullptr);

  Run again("mat-khau-cua-binh\nmat-khau-cua-binh\n", Language::kEn);
  CHECK(account_add(again.context, path, input) == kAccountInvalid);
  CHECK_THAT(again.err.str(), Catch::Contains("Error: user 'binh' already exists"));
}

TEST_CASE("account add refuses a unit that is not a principal id, before asking") {
  TempDir temp;
  Run run("");
  CHECK(run.parse("account add chi --name \"Phạm Thị Chi\" --unit \"Bắc Giang\" --accounts " +
                  temp.file("accounts.toml")) == kAccountInvalid);
  CHECK_THAT(run.err.str(), Catch::Contains("Lỗi: đơn vị 'Bắc Giang' không phải mã chủ thể"));
  CHECK_THAT(run.err.str(), !Catch::Contains("Mật khẩu"));
}

TEST_CASE("account disable, enable and list show the state in both languages") {
  TempDir temp;
  const std::string path = temp.file("accounts.toml");
  Run add("mat-khau-cua-dung\n");
  REQUIRE(account_add(add.context, path, {"dung", "Hoàng Văn Dũng", "lang-son/cnty", true}) ==
          kAccountOk);

  std::vector<std::string> ended;
  Run disable("");
  disable.context.end_sessions = [&](std::string_view user) {
    ended.emplace_back(user);
    return Status();
  };
  REQUIRE(disable.parse("account disable dung --accounts " + path) == kAccountOk);
  CHECK(ended == std::vector<std::string>{"dung"});
  CHECK(AccountFile::load(path)->find("dung")->disabled);

  Run list("");
  REQUIRE(list.parse("account list --accounts " + path) == kAccountOk);
  CHECK_THAT(list.out.str(), Catch::Contains("Tên đăng nhập"));
  CHECK_THAT(list.out.str(), Catch::Contains("Hoàng Văn Dũng"));
  CHECK_THAT(list.out.str(), Catch::Contains("lang-son/cnty"));
  CHECK_THAT(list.out.str(), Catch::Contains("đã khóa"));

  Run enable("");
  REQUIRE(enable.parse("account enable dung --accounts " + path) == kAccountOk);
  Run english("", Language::kEn);
  REQUIRE(account_list(english.context, path) == kAccountOk);
  CHECK_THAT(english.out.str(), Catch::Contains("User"));
  CHECK_THAT(english.out.str(), Catch::Contains("active"));

  Run missing("");
  CHECK(missing.parse("account disable khong-co --accounts " + path) == kAccountNotFound);
  CHECK_THAT(missing.err.str(), Catch::Contains("không có tài khoản 'khong-co'"));
}

TEST_CASE("account password replaces the password") {
  TempDir temp;
  const std::string path = temp.file("accounts.toml");
  AccountFile accounts;
  REQUIRE(accounts.add("em", "Đỗ Thị Em", "bac-giang/cnty", "mat-khau-cu-cua-em").ok());
  REQUIRE(accounts.save(path).ok());

  Run run("mat-khau-moi-cua-em\n");
  REQUIRE(run.parse("account password em --password-stdin --accounts " + path) == kAccountOk);
  CHECK(AccountFile::load(path)->verify("em", "mat-khau-moi-cua-em").ok());

  Run empty("");
  CHECK(account_password(empty.context, path, "em", true) == kAccountInvalid);
}

TEST_CASE("account list of a group-readable file fails with the reason") {
  TempDir temp;
  const std::string path = temp.file("accounts.toml");
  REQUIRE(AccountFile().save(path).ok());
  REQUIRE(::chmod(path.c_str(), 0640) == 0);
  Run run("");
  CHECK(account_list(run.context, path) == kAccountFailure);
  CHECK_THAT(run.err.str(), Catch::Contains("chmod 600"));

  REQUIRE(::chmod(path.c_str(), 0600) == 0);
  Run empty("");
  CHECK(account_list(empty.context, path) == kAccountOk);
  CHECK_THAT(empty.out.str(), Catch::Contains("Chưa có tài khoản nào."));
}

TEST_CASE("Two account commands at once both land in the file") {
  TempDir temp;
  const std::string path = temp.file("accounts.toml");
  AccountFile first;
  REQUIRE(first.add("khanh", "Lê Văn Khánh", "bac-giang/cnty", "mat-khau-cua-khanh").ok());
  REQUIRE(first.save(path).ok());

  // Each writer loads, hashes a password (tens of milliseconds) and saves: without a lock
  // the second save drops what the first one wrote since its load.
  constexpr std::size_t kEach = 4;
  std::vector<int> codes_a(kEach + 1, -1);
  std::vector<int> codes_b(kEach, -1);
  std::thread writer_a([&] {
    for (std::size_t i = 0; i < kEach; ++i) {
      Run run("mat-khau-so-" + std::to_string(i) + "\n");
      codes_a[i] = account_add(run.context, path,
                               {"a" + std::to_string(i), "Cán bộ A", "bac-giang/cnty", true});
    }
    Run disable("");
    codes_a[kEach] = account_disable(disable.context, path, "khanh");
  });
  std::thread writer_b([&] {
    for (std::size_t i = 0; i < kEach; ++i) {
      Run run("mat-khau-so-" + std::to_string(i) + "\n");
      codes_b[i] = account_add(run.context, path,
                               {"b" + std::to_string(i), "Cán bộ B", "bac-giang/cnty", true});
    }
  });
  writer_a.join();
  writer_b.join();
  CHECK(codes_a == std::vector<int>(kEach + 1, kAccountOk));
  CHECK(codes_b == std::vector<int>(kEach, kAccountOk));

  auto accounts = AccountFile::load(path);
  REQUIRE(accounts.ok());
  CHECK(accounts->accounts().size() == 2 * kEach + 1);
  for (std::size_t i = 0; i < kEach; ++i) {
    CHECK(accounts->find("a" + std::to_string(i)) != nullptr);
    CHECK(accounts->find("b" + std::to_string(i)) != nullptr);
  }
  REQUIRE(accounts->find("khanh") != nullptr);
  CHECK(accounts->find("khanh")->disabled);

  struct stat info {};

  REQUIRE(::stat(path.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
}

}  // namespace
}  // namespace alertbus::dashboard
