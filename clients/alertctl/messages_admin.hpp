// The texts of `alertctl admin backup` and `admin restore` (commands_admin.cpp), apart from
// messages.hpp so that adding them rebuilds only the files that use them. "{1}"… are filled
// in with fill().
//
// Threading: constants.
#pragma once

#include "alertctl/messages.hpp"

namespace alertbus::alertctl::msg {

extern const Text kCmdAdminBackup;
extern const Text kCmdAdminRestore;
extern const Text kOptBackupOut;
extern const Text kOptRestoreFrom;
extern const Text kOptRestoreDataDir;
extern const Text kBackupSaved;
extern const Text kBackupNotSaved;
extern const Text kBackupFacts;
extern const Text kBackupIntegrity;
extern const Text kBackupBesides;
extern const Text kRestoreChecked;
extern const Text kRestoreRefused;
extern const Text kRestoreMovedAside;
extern const Text kRestoreNothingAside;
extern const Text kRestoreMarkerKept;
extern const Text kRestoreMarkerWritten;
extern const Text kRestoreNextStart;

}  // namespace alertbus::alertctl::msg
