// AccountFile: officers' accounts in a TOML file (dashboard/server/state/accounts.hpp). Real
// files in a temporary directory and real Argon2id hashes (about 0.1 s each: few of them).
#include "state/accounts.hpp"

#include <fstream>
#include <string>
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "broker/temp_dir.hpp"
#include "state/account_checks.hpp"

namespace alertbus::dashboard {
namespace {

using testing::TempDir;

mode_t file_mode(const std::string& path) {
  struct stat info {};

  REQUIRE(::stat(path.c_str(), &info) == 0);
  return info.st_mode & 0777;
}

TEST_CASE("An added account logs in with its password and not with another") {
  AccountFile accounts;
  REQUIRE(accounts.add("an.nguyen", "Nguyễn Văn An", "bac-giang/cnty", "mật khẩu đủ dài").ok());

  auto right = accounts.verify("an.nguyen", "mật khẩu đủ dài");
  REQUIRE(right.ok());
  CHECK(right->user == "an.nguyen");
  CHECK(right->name == "Nguyễn Văn An");
  CHECK(right->unit == "bac-giang/cnty");
  CHECK(right->password_hash.rfind("$argon2id$", 0) == 0);

  LoginFailure failure = LoginFailure::kNone;
  auto wrong = accounts.verify("an.nguyen", "mật khẩu sai rồi", &failure);
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.status().code() == v1::PERMISSION_DENIED);
  CHECK(failure == LoginFailure::kWrongPassword);
}

TEST_CASE("A second account with the same user name is refused") {
  AccountFile accounts;
  REQUIRE(accounts.add("binh", "Trần Thị Bình", "bac-giang/cnty", "mat-khau-thu-nhat").ok());
  const Status again = accounts.add("binh", "Lê Văn Bình", "lang-son/cnty", "mat-khau-thu-hai");
  CHECK(again.code() == v1::INVALID_VALUE);
  CHECK(again.field() == "user");
  REQUIRE(accounts.accounts().size() == 1);
  CHECK(accounts.accounts()[0].name == "Trần Thị Bình");
}

TEST_CASE("A disabled account and an unknown user fail alike, the log tells them apart") {
  AccountFile accounts;
  REQUIRE(accounts.add("chi", "Phạm Thị Chi", "bac-giang/cnty", "mat-khau-cua-chi").ok());
  REQUIRE(accounts.disable("chi").ok());
  CHECK(accounts.find("chi")->disabled);

  LoginFailure disabled_reason = LoginFailure::kNone;
  auto disabled = accounts.verify("chi", "mat-khau-cua-chi", &disabled_reason);
  LoginFailure unknown_reason = LoginFailure::kNone;
  auto unknown = accounts.verify("khong-co", "mat-khau-cua-chi", &unknown_reason);

  REQUIRE_FALSE(disabled.ok());
  REQUIRE_FALSE(unknown.ok());
  CHECK(disabled.status().code() == unknown.status().code());
  CHECK(disabled.status().message() == unknown.status().message());
  CHECK(disabled.status().message_vi() == unknown.status().message_vi());
  CHECK(disabled_reason == LoginFailure::kDisabled);
  CHECK(unknown_reason == LoginFailure::kUnknownUser);

  CHECK(accounts.disable("khong-co").code() == v1::NOT_FOUND);
  REQUIRE(accounts.enable("chi").ok());
  CHECK(accounts.verify("chi", "mat-khau-cua-chi").ok());
}

TEST_CASE("The accounts file is saved owner-only and a group-readable one is refused") {
  TempDir dir;
  const std::string path = dir.file("accounts.toml");

  auto missing = AccountFile::load(path);
  REQUIRE(missing.ok());
  CHECK(missing->accounts().empty());

  AccountFile accounts;
  REQUIRE(accounts.add("dung", "Hoàng Văn Dũng", "lang-son/cnty", "mat-khau-cua-dung").ok());
  REQUIRE(accounts.save(path).ok());
  CHECK(file_mode(path) == 0600);

  auto loaded = AccountFile::load(path);
  REQUIRE(loaded.ok());
  REQUIRE(loaded->accounts().size() == 1);
  const Account& account = loaded->accounts()[0];
  CHECK(account.user == "dung");
  CHECK(account.name == "Hoàng Văn Dũng");
  CHECK(account.unit == "lang-son/cnty");
  CHECK(account.password_hash == accounts.accounts()[0].password_hash);
  CHECK_FALSE(account.disabled);
  CHECK(account.created == accounts.accounts()[0].created);

  REQUIRE(::chmod(path.c_str(), 0644) == 0);
  auto refused = AccountFile::load(path);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == v1::PERMISSION_DENIED);
  CHECK_THAT(refused.status().message(), Catch::Contains("chmod 600"));
  CHECK_THAT(refused.status().message_vi(),
             Catch::Contains("người dùng khác truy cập được (quyền 0644)"));
}

TEST_CASE("An accounts file with a value of the wrong type is refused, not read as a default") {
  TempDir dir;
  const std::string path = dir.file("accounts.toml");
  AccountFile accounts;
  REQUIRE(accounts.add("giang", "Vũ Thị Giang", "bac-giang/cnty", "mat-khau-cua-giang").ok());
  const std::string hash = accounts.accounts()[0].password_hash;
  const auto write = [&](const std::string& extra) {
    std::ofstream out(path, std::ios::trunc);
    out << "[[account]]\nuser = \"giang\"\nname = \"Vũ Thị Giang\"\nunit = \"bac-giang/cnty\"\n"
        << "password = \"" << hash << "\"\n"
        << extra;
    out.close();
    REQUIRE(::chmod(path.c_str(), 0600) == 0);
  };
  write("disabled = true\n");
  REQUIRE(AccountFile::load(path).ok());
  CHECK(AccountFile::load(path)->find("giang")->disabled);

  write("disabled = \"yes\"\n");
  auto quoted = AccountFile::load(path);
  REQUIRE_FALSE(quoted.ok());
  CHECK(quoted.status().field() == "disabled");

  write("created = 2026-12-05T14:30:00Z\n");
  CHECK_FALSE(AccountFile::load(path).ok());
  write("disable = true\n");
  CHECK_FALSE(AccountFile::load(path).ok());
}

TEST_CASE("A changed password replaces the old one") {
  AccountFile accounts;
  REQUIRE(accounts.add("em", "Đỗ Thị Em", "bac-giang/cnty", "mat-khau-cu-cua-em").ok());
  CHECK(accounts.set_password("em", "ngan").code() == v1::INVALID_VALUE);
  REQUIRE(accounts.set_password("em", "mat-khau-moi-cua-em").ok());
  CHECK(accounts.verify("em", "mat-khau-moi-cua-em").ok());
}

TEST_CASE("An account whose fields break the rules is refused before any hashing") {
  AccountFile accounts;
  const auto refused_field = [&](std::string_view user, std::string_view name,
                                 std::string_view unit, std::string_view password) {
    const Status status = accounts.add(user, name, unit, password);
    CHECK_FALSE(status.ok());
    return status.field();
  };
  CHECK(refused_field("an", "Nguyễn Văn An", "bac-giang", "mat-khau-du-dai") == "unit");
  CHECK(refused_field("an", "Nguyễn Văn An", "Bac-Giang/cnty", "mat-khau-du-dai") == "unit");
  CHECK(refused_field("an", "Nguyễn Văn An", "bac-giang/", "mat-khau-du-dai") == "unit");
  CHECK(refused_field("an", "Nguyễn Văn An", "bac-giang/cnty/x", "mat-khau-du-dai") == "unit");
  CHECK(refused_field("An", "Nguyễn Văn An", "bac-giang/cnty", "mat-khau-du-dai") == "user");
  CHECK(refused_field("", "Nguyễn Văn An", "bac-giang/cnty", "mat-khau-du-dai") == "user");
  CHECK(refused_field(std::string(65, 'a'), "An", "bac-giang/cnty", "mat-khau-du-dai") == "user");
  CHECK(refused_field("an", "  ", "bac-giang/cnty", "mat-khau-du-dai") == "name");
  CHECK(refused_field("an", "\xC3\x28", "bac-giang/cnty", "mat-khau-du-dai") == "name");
  CHECK(refused_field("an", "Nguyễn Văn An", "bac-giang/cnty", "ngắn") == "password");
  CHECK(accounts.accounts().empty());

  CHECK(check_display_name(std::string(120, 'a')).ok());
  CHECK_FALSE(check_display_name(std::string(121, 'a')).ok());
  // 120 characters of two bytes each.
  std::string long_vietnamese;
  for (int i = 0; i < 120; ++i) {
    long_vietnamese += "ệ";
  }
  CHECK(check_display_name(long_vietnamese).ok());
  CHECK(check_user(std::string(64, 'a')).ok());
  CHECK(check_user("a.b_c-9").ok());
  CHECK(check_password("mười ký tự ").ok());
  CHECK_FALSE(check_password("chín kýtự").ok());
}

}  // namespace
}  // namespace alertbus::dashboard
