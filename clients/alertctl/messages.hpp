// Every user-facing text of alertctl in Vietnamese (first) and English: help, labels,
// messages. Broker error messages come from the broker (or alertbus::Status) in both
// languages already and are not repeated here.
//
// Threading: constants.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

namespace alertbus::alertctl {

enum class Language { kVi, kEn };

// One text in both languages.
struct Text {
  const char* vi;
  const char* en;
};

inline const char* tr(const Text& text, Language language) {
  return language == Language::kVi ? text.vi : text.en;
}

// `pattern` with "{1}", "{2}", … replaced by the arguments (a text with places for values).
std::string fill(std::string_view pattern, std::initializer_list<std::string_view> args);

namespace msg {

// --- The application and its global options --------------------------------------------
extern const Text kAppDescription;
extern const Text kFooter;  // Exit codes and environment variables.
extern const Text kOptHelp;
extern const Text kOptBroker;
extern const Text kOptJson;
extern const Text kOptLang;
extern const Text kOptTimeout;
extern const Text kOptKeyFile;
extern const Text kOptServerKey;
// keys (commands_keys.cpp).
extern const Text kCmdKeys;
extern const Text kCmdKeysGenerate;
extern const Text kCmdKeysShow;
extern const Text kOptPrincipal;
extern const Text kOptKeyOut;
extern const Text kOptForce;
extern const Text kOptRole;
extern const Text kKeysWritten;
extern const Text kKeysRegistryHint;
// CLI11 formatter labels and groups.
extern const Text kLabelUsage;
extern const Text kLabelOptions;
extern const Text kLabelCommand;
extern const Text kLabelRequired;
extern const Text kLabelArguments;
extern const Text kLabelText;
extern const Text kLabelNumber;
extern const Text kLabelExcludes;
extern const Text kLabelNeeds;
extern const Text kGroupOptions;
extern const Text kGroupCommands;

// --- Commands -----------------------------------------------------------------------------
extern const Text kCmdPost;
extern const Text kCmdFollowUp;
extern const Text kCmdAck;
extern const Text kCmdClose;
extern const Text kCmdCancel;
extern const Text kCmdWithdraw;
extern const Text kCmdWatch;
extern const Text kCmdGet;
extern const Text kCmdList;
extern const Text kCmdStatus;
extern const Text kCmdPeers;
extern const Text kCmdAudit;
extern const Text kCmdAdmin;
extern const Text kOptWatchCases;
extern const Text kWatchCasesOptions;
extern const Text kCmdAdminReproject;
extern const Text kCmdAuditVerify;
extern const Text kCmdAuditCheckpoints;
extern const Text kOptRegistry;
extern const Text kCheckpointMatch;
extern const Text kCheckpointMismatch;
extern const Text kCheckpointIncomplete;
extern const Text kCheckpointSignatureOk;
extern const Text kCheckpointSignatureBad;
extern const Text kCheckpointSignatureUnchecked;
extern const Text kCheckpointNone;
extern const Text kCheckpointEpoch;
extern const Text kCheckpointUpTo;
extern const Text kCheckpointEvents;
extern const Text kCheckpointHeld;
extern const Text kSharedId;
extern const Text kSharedIdHeldBy;
extern const Text kSharedIdEvents;
extern const Text kSharedIdAdvice;

// --- Options of commands ------------------------------------------------------------------
extern const Text kOptKind;
extern const Text kOptTitle;
extern const Text kOptSeverity;
extern const Text kOptUrgency;
extern const Text kOptCertainty;
extern const Text kOptStatus;
extern const Text kOptFollowUpStatus;
extern const Text kOptSender;
extern const Text kOptArea;
extern const Text kOptDescription;
extern const Text kOptContact;
extern const Text kOptBody;
extern const Text kOptFile;
extern const Text kOptAlert;
extern const Text kOptType;
extern const Text kOptText;
extern const Text kOptNewSeverity;
extern const Text kOptNewLevel;
extern const Text kOptAnswers;
extern const Text kOptQuantity;
extern const Text kOptQuantityUnit;
extern const Text kOptStable;
extern const Text kOptDurable;
extern const Text kOptFilterKind;
extern const Text kOptFilterType;
extern const Text kOptOrigin;
extern const Text kOptFilterArea;
extern const Text kOptMinSeverity;
extern const Text kOptNotices;
extern const Text kOptAllKinds;
extern const Text kWatchOwnKinds;
extern const Text kOptFromBeginning;
extern const Text kOptAfter;
extern const Text kOptSince;
extern const Text kOptUntil;
extern const Text kOptFromNow;
extern const Text kOptCount;
extern const Text kOptLimit;
extern const Text kOptPageToken;
extern const Text kArgAlertOrReference;
extern const Text kOptDatabase;
extern const Text kOptDataDir;

// --- Output labels ------------------------------------------------------------------------
extern const Text kReference;
extern const Text kSeq;
extern const Text kEventId;
extern const Text kKind;
extern const Text kTitle;
extern const Text kSeverity;
extern const Text kUrgency;
extern const Text kCertainty;
extern const Text kMessageStatus;
extern const Text kAreas;
extern const Text kSender;
extern const Text kSentAt;
extern const Text kOrigin;
extern const Text kStoredAt;
extern const Text kVia;
extern const Text kDescription;
extern const Text kContact;
extern const Text kFollows;
extern const Text kUnreadableEvent;
extern const Text kNode;
extern const Text kLinks;
extern const Text kLinksConnected;
extern const Text kNoLinks;
extern const Text kCaseRecordsUpdating;
extern const Text kHeadSeq;
extern const Text kEventCount;
extern const Text kClients;
extern const Text kSubscriptions;
extern const Text kVersion;
extern const Text kStartedAt;
extern const Text kCasesOpen;
extern const Text kCasesOverdue;
extern const Text kCaseRecords;
extern const Text kCaseworkOff;
extern const Text kPeers;
extern const Text kPath;
extern const Text kNoPeers;
extern const Text kLinkConnected;
extern const Text kLinkDisconnected;
extern const Text kLinkEndpoint;
extern const Text kLinkPosition;
extern const Text kLinkLag;
extern const Text kLinkCaughtUp;
extern const Text kLinkEvents;
extern const Text kLinkSeconds;
extern const Text kLastContact;
extern const Text kNever;
extern const Text kLinkCounters;
extern const Text kLastError;

// --- audit verify (commands_audit.cpp) ----------------------------------------------------
extern const Text kChainIntact;
extern const Text kChainBroken;
extern const Text kChainRows;
extern const Text kChainLastSeq;
extern const Text kChainHeadHash;
extern const Text kChainIntactBefore;
extern const Text kChainNothingIntact;
extern const Text kChainStoredHash;
extern const Text kChainComputedHash;
extern const Text kChainHashMismatch;
extern const Text kChainMissingHash;
extern const Text kChainMalformedHash;
extern const Text kChainBytes;
extern const Text kChainRowMissing;
extern const Text kChainRowsMissing;
extern const Text kChainTo;
extern const Text kChainOutOfOrder;
// audit verify: the case projection against the log (projection_report.cpp).
extern const Text kProjectionMatches;
extern const Text kProjectionDiffers;
extern const Text kProjectionCases;
extern const Text kProjectionOf;
extern const Text kProjectionUpToSeq;
extern const Text kProjectionPerLog;
extern const Text kProjectionNoRow;
extern const Text kProjectionNotInLog;
extern const Text kProjectionUnreadable;
extern const Text kProjectionUnset;
extern const Text kProjectionNotListed;
extern const Text kProjectionStraySearch;
extern const Text kProjectionStrayReceipts;
extern const Text kProjectionRepair;
extern const Text kProjectionLogFirst;
extern const Text kProjectionNoFile;
extern const Text kProjectionOtherSchema;
extern const Text kProjectionChecksVersion;
extern const Text kProjectionOtherVersion;
extern const Text kProjectionOtherLog;
extern const Text kProjectionLogEpoch;
extern const Text kProjectionAhead;
extern const Text kProjectionLogEnds;
extern const Text kProjectionRebuiltAtStart;

// --- Summaries of typed bodies (event_summary.cpp) ------------------------------------
extern const Text kOutbreaks;
extern const Text kCases;
extern const Text kDeaths;
extern const Text kDestroyed;
extern const Text kOnCrop;
extern const Text kInfestedHa;
extern const Text kQuarantinePest;
extern const Text kCommunes;
extern const Text kConfidence;
extern const Text kBurnedHa;
extern const Text kFromBorderKm;
extern const Text kLot;
extern const Text kHazards;
extern const Text kNewSeverity;
extern const Text kNewLevel;

// --- Every field of a body (body_render.cpp) ----------------------------------------------
extern const Text kYes;  // A true flag: "Dịch hại kiểm dịch: có".
extern const Text kNo;
extern const Text kUnitAnimals;  // Animal counts: "35 con".

// --- Messages on stderr -------------------------------------------------------------------
extern const Text kError;
extern const Text kField;
extern const Text kSeeHelp;
extern const Text kDuplicate;
extern const Text kNextPage;
extern const Text kWatchEnded;
extern const Text kCannotReadFile;
extern const Text kInputTooLarge;
extern const Text kInvalidJson;
extern const Text kInvalidArea;
extern const Text kInvalidTime;
extern const Text kMissingSender;
extern const Text kMissingKind;
extern const Text kLocalValidation;
extern const Text kUnknownValue;
extern const Text kChooseOneOf;
extern const Text kUnconfirmed;
extern const Text kNeedCommand;
extern const Text kMissingOption;
extern const Text kUnknownCommand;
extern const Text kNeedDatabase;
extern const Text kNeedAuditCommand;
extern const Text kNeedAdminCommand;

// --- Event files, the template and interactive posting (event_reader.cpp, event_template.cpp,
// place_checks.cpp, interactive_post.cpp). "{1}"… are filled in with fill().
extern const Text kOptTemplate;
extern const Text kOptInteractive;
extern const Text kOptAreasFile;
extern const Text kFileMistakes;
extern const Text kInvalidJsonAt;
extern const Text kInvalidTomlAt;
extern const Text kUnknownField;
extern const Text kUnknownFieldGuess;
extern const Text kExpectedText;
extern const Text kExpectedWhole;
extern const Text kExpectedNumber;
extern const Text kExpectedBool;
extern const Text kExpectedList;
extern const Text kExpectedTable;
extern const Text kTooLarge;
extern const Text kBadEnum;
extern const Text kAmbiguousEnum;
extern const Text kBadTime;
extern const Text kBadDate;
extern const Text kBadLevel;
extern const Text kAreaUnknownCode;
extern const Text kAreaCodeElsewhere;
extern const Text kAreaNameMismatch;
extern const Text kAreaUnknownName;
extern const Text kAreaBadScheme;
extern const Text kAreasNotChecked;
extern const Text kCoordinatesSwapped;
extern const Text kTemplateHeader;
extern const Text kTemplateRequired;
extern const Text kTemplateOptional;
extern const Text kTemplateSometimes;
extern const Text kTemplateChoose;
extern const Text kTemplateUsual;
extern const Text kTemplateTime;
extern const Text kTemplateDate;
extern const Text kTemplateList;
extern const Text kTemplateBody;
extern const Text kTemplateOneOf;
extern const Text kAskIntro;
extern const Text kAskDefault;
extern const Text kAskSkip;
extern const Text kAskPick;
extern const Text kAskMore;
extern const Text kAskSummary;
extern const Text kAskConfirm;
extern const Text kAskCancelled;
extern const Text kAskEnded;
extern const Text kAskYes;
extern const Text kAskList;
extern const Text kAskRequired;
extern const Text kAskGroup;

}  // namespace msg
}  // namespace alertbus::alertctl
