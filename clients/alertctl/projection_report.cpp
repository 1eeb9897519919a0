#include "alertctl/projection_report.hpp"

#include <sstream>

#include "alertctl/case_render.hpp"
#include "alertctl/names.hpp"
#include "alertctl/printable.hpp"

namespace alertbus::alertctl {
namespace {

constexpr std::size_t kValueChars = 60;
constexpr const char* kRepairCommand = "alertctl admin reproject";

std::string value_label(const FieldDifference& field, const std::string& value, int number,
                        const Context& context) {
  if (field.vocabulary) {
    return label(*field.vocabulary, number, context.global.language);
  }
  if (value.empty()) {
    return context.tr(msg::kProjectionUnset);
  }
  // Whatever the file holds is shown, not obeyed: control characters become escapes.
  return field.text ? "\"" + printable(cut_text(value, kValueChars)) + "\"" : printable(value);
}

// "state: đã hủy (theo nhật ký: đang hiệu lực)"; "receivers" alone when the field is a list.
std::string field_text(const FieldDifference& field, const Context& context) {
  if (field.unreadable) {
    return field.field + ": " + context.tr(msg::kProjectionUnreadable);
  }
  if (field.stored.empty() && field.expected.empty() && !field.vocabulary) {
    return field.field;
  }
  return field.field + ": " + value_label(field, field.stored, field.stored_value, context) + " (" +
         context.tr(msg::kProjectionPerLog) + ": " +
         value_label(field, field.expected, field.expected_value, context) + ")";
}

// "BG-2026-00003 (0190…)", or the event id alone when the alert is not held.
std::string case_name(const CaseDiscrepancy& discrepancy) {
  const std::string id = printable(discrepancy.event_id);
  return discrepancy.reference.empty() ? id : printable(discrepancy.reference) + " (" + id + ")";
}

std::string discrepancy_text(const CaseDiscrepancy& discrepancy, const Context& context) {
  switch (discrepancy.problem) {
    case CaseDiscrepancy::Problem::kNoRow:
      return context.tr(msg::kProjectionNoRow);
    case CaseDiscrepancy::Problem::kNotInLog:
      return context.tr(msg::kProjectionNotInLog);
    case CaseDiscrepancy::Problem::kDiffers:
      break;
  }
  std::string text;
  for (const FieldDifference& field : discrepancy.fields) {
    text += (text.empty() ? "" : "; ") + field_text(field, context);
  }
  return text;
}

const char* problem_name(CaseDiscrepancy::Problem problem) {
  switch (problem) {
    case CaseDiscrepancy::Problem::kDiffers:
      return "differs";
    case CaseDiscrepancy::Problem::kNoRow:
      return "no_row";
    case CaseDiscrepancy::Problem::kNotInLog:
      return "not_in_log";
  }
  return "unknown";
}

const char* outcome_name(ProjectionReport::Outcome outcome) {
  switch (outcome) {
    case ProjectionReport::Outcome::kCompared:
      return "compared";
    case ProjectionReport::Outcome::kNoFile:
      return "no_file";
    case ProjectionReport::Outcome::kOtherSchema:
      return "other_schema";
    case ProjectionReport::Outcome::kOtherLog:
      return "other_log";
    case ProjectionReport::Outcome::kAheadOfLog:
      return "ahead_of_log";
  }
  return "unknown";
}

// The one line saying what was compared, or why nothing was.
std::string headline(const ProjectionReport& report, const Context& context) {
  std::ostringstream text;
  switch (report.outcome) {
    case ProjectionReport::Outcome::kNoFile:
      text << context.tr(msg::kProjectionNoFile) << ' ' << printable(report.path);
      break;
    case ProjectionReport::Outcome::kOtherSchema:
      text << context.tr(msg::kProjectionOtherSchema) << ' ' << report.schema_version << ", "
           << context.tr(msg::kProjectionChecksVersion) << ' ' << protocol::kProjectionSchemaVersion
           << " (" << context.tr(msg::kProjectionOtherVersion) << ')';
      break;
    case ProjectionReport::Outcome::kOtherLog:
      text << context.tr(msg::kProjectionOtherLog) << ' ' << report.projection_epoch << ", "
           << context.tr(msg::kProjectionLogEpoch) << ' ' << report.log_epoch << "; "
           << context.tr(msg::kProjectionRebuiltAtStart);
      break;
    case ProjectionReport::Outcome::kAheadOfLog:
      text << context.tr(msg::kProjectionAhead) << ' ' << report.projected_seq << ", "
           << context.tr(msg::kProjectionLogEnds) << ' ' << report.log_head << "; "
           << context.tr(msg::kProjectionRebuiltAtStart);
      break;
    case ProjectionReport::Outcome::kCompared:
      if (report.differs()) {
        text << context.tr(msg::kProjectionDiffers) << " (" << context.tr(msg::kProjectionUpToSeq)
             << ' ' << report.projected_seq << "): " << report.discrepancy_count << ' '
             << context.tr(msg::kProjectionOf) << ' ' << report.cases << ' '
             << context.tr(msg::kProjectionCases);
      } else {
        text << context.tr(msg::kProjectionMatches) << ": " << report.cases << ' '
             << context.tr(msg::kProjectionCases) << ", " << context.tr(msg::kProjectionUpToSeq)
             << ' ' << report.projected_seq;
      }
      break;
  }
  return text.str();
}

}  // namespace

void print_projection_text(const ProjectionReport& report, bool log_intact,
                           const Context& context) {
  context.out << headline(report, context) << '\n';
  for (const CaseDiscrepancy& discrepancy : report.discrepancies) {
    context.out << "  " << case_name(discrepancy) << ": " << discrepancy_text(discrepancy, context)
                << '\n';
  }
  if (report.discrepancy_count > report.discrepancies.size()) {
    context.out << "  … " << report.discrepancy_count - report.discrepancies.size() << ' '
                << context.tr(msg::kProjectionNotListed) << '\n';
  }
  if (report.stray_search_rows > 0) {
    context.out << "  " << report.stray_search_rows << ' '
                << context.tr(msg::kProjectionStraySearch) << '\n';
  }
  if (report.stray_receipt_rows > 0) {
    context.out << "  " << report.stray_receipt_rows << ' '
                << context.tr(msg::kProjectionStrayReceipts) << '\n';
  }
  if (report.differs()) {
    // Rebuilt from an altered log, the case records would take its alterations.
    context.out << context.tr(log_intact ? msg::kProjectionRepair : msg::kProjectionLogFirst)
                << '\n';
  }
}

nlohmann::ordered_json projection_json(const ProjectionReport& report, bool log_intact,
                                       const Context& context) {
  nlohmann::ordered_json json{{"outcome", outcome_name(report.outcome)},
                              {"matches", !report.differs()},
                              {"path", report.path},
                              {"message", headline(report, context)}};
  if (report.outcome == ProjectionReport::Outcome::kOtherSchema) {
    json["schema_version"] = report.schema_version;
    json["checked_schema_version"] = protocol::kProjectionSchemaVersion;
  }
  if (report.outcome == ProjectionReport::Outcome::kNoFile ||
      report.outcome == ProjectionReport::Outcome::kOtherSchema) {
    return json;
  }
  json["projected_seq"] = report.projected_seq;
  json["log_head"] = report.log_head;
  json["cases"] = report.cases;
  json["differing"] = report.discrepancy_count;
  nlohmann::ordered_json listed = nlohmann::ordered_json::array();
  for (const CaseDiscrepancy& discrepancy : report.discrepancies) {
    nlohmann::ordered_json fields = nlohmann::ordered_json::array();
    for (const FieldDifference& field : discrepancy.fields) {
      fields.push_back(
          {{"field", field.field},
           {"stored", field.unreadable ? nullptr : nlohmann::ordered_json(field.stored)},
           {"expected", field.expected}});
    }
    listed.push_back({{"event_id", discrepancy.event_id},
                      {"reference", discrepancy.reference},
                      {"problem", problem_name(discrepancy.problem)},
                      {"fields", std::move(fields)},
                      {"message", discrepancy_text(discrepancy, context)}});
  }
  json["discrepancies"] = std::move(listed);
  json["stray_search_rows"] = report.stray_search_rows;
  json["stray_receipt_rows"] = report.stray_receipt_rows;
  if (report.differs() && log_intact) {
    json["repair"] = kRepairCommand;
  }
  return json;
}

}  // namespace alertbus::alertctl
