// Every text the `account` commands show, in Vietnamese (first) and English: help, prompts,
// results and the account list's labels. Errors of the accounts file and of the account
// rules come as alertbus::Status, in both languages already.
//
// Threading: constants.
#pragma once

#include "state/language.hpp"

namespace alertbus::dashboard::msg {

// Help.
extern const Text kCmdAccount;
extern const Text kCmdAccountAdd;
extern const Text kCmdAccountDisable;
extern const Text kCmdAccountEnable;
extern const Text kCmdAccountPassword;
extern const Text kCmdAccountList;
extern const Text kOptAccounts;
extern const Text kOptUser;
extern const Text kOptName;
extern const Text kOptUnit;
extern const Text kOptPasswordStdin;

// Prompts and password input.
extern const Text kPromptPassword;
extern const Text kPromptPasswordAgain;
extern const Text kPasswordsDiffer;
extern const Text kNoPassword;

// Results.
extern const Text kError;
extern const Text kAdded;
extern const Text kDisabled;
extern const Text kEnabled;
extern const Text kPasswordChanged;
extern const Text kSessionsNotEnded;
extern const Text kNoAccounts;

// The account list.
extern const Text kColumnUser;
extern const Text kColumnName;
extern const Text kColumnUnit;
extern const Text kColumnState;
extern const Text kStateActive;
extern const Text kStateDisabled;

}  // namespace alertbus::dashboard::msg
