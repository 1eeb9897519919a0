// The event reader: a TOML or JSON tree (event_document.hpp) mapped onto a protobuf message by
// reflection, with the leniency officers need and the messages they can act on. Not protobuf's
// JSON parser, whose errors are raw English ("INVALID_ARGUMENT:(kind): invalid value …").
//
// Accepted: a field by its name (onset_date), protobuf's JSON name (onsetDate) or with '-'
// (onset-date); an enum by the command-line name alertctl's help shows (animal-disease,
// severe), by protobuf's name (ANIMAL_DISEASE), by its Vietnamese or English label when only
// one value has it (with or without diacritics: "Nghiêm trọng", "nghiem trong"), or by number;
// a danger level as 1..5 or I..V; whole numbers as numbers or digits in quotes (protobuf's
// JSON writes uint64 so); times as parse_officer_time() takes them; dates as
// parse_officer_date(). An empty text ("") is "not given" for every field, so an unfilled
// template reads; a group left with nothing in it is dropped.
//
// Every mistake is a Problem naming the field by its path (animal_disease.outbreaks[0].epi_unit)
// and label, in Vietnamese and English: an unknown field with the closest known one, a value of
// the wrong type with what was expected, an enum with its valid values. Reading goes on after a
// mistake, so that all of them are reported at once.
//
// Threading: pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include <google/protobuf/message.h>

#include "alertbus/protocol/status.hpp"
#include "alertctl/messages.hpp"
#include "alertctl/value_words.hpp"

namespace alertbus::alertctl {

struct Problem {
  std::string path;      // "animal_disease.outbreaks[0].epi_unit"; empty for the file itself.
  std::string label_vi;  // The field's label, "Đơn vị dịch tễ".
  std::string label_en;
  std::string vi;  // What is wrong and how to write it.
  std::string en;
};

using Problems = std::vector<Problem>;

// Reads the object `document` into `message`; fields not in it are left as they are.
void read_message(const nlohmann::json& document, google::protobuf::Message* message,
                  const std::string& path, Problems* problems);

// Reads one value into `field` of `message` (appended for a repeated field). False, with the
// problem added, when the value is not one the field takes. Empty text sets nothing.
bool read_value(const nlohmann::json& value, const google::protobuf::FieldDescriptor& field,
                google::protobuf::Message* message, const std::string& path, Problems* problems);

// The problem at `path` for `field`, labelled.
Problem field_problem(const std::string& path, const google::protobuf::FieldDescriptor* field,
                      std::string vi, std::string en);

// One line for an officer: "animal_disease.disease (Tên bệnh): …".
std::string problem_line(const Problem& problem, Language language);

// INVALID_VALUE listing every problem in both languages, headed by `source`; OK when none.
Status problems_status(const Problems& problems, std::string_view source);

}  // namespace alertbus::alertctl
