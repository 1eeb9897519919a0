#include "alertctl/body_render.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string_view>
#include <vector>

#include <google/protobuf/timestamp.pb.h>

#include "alertbus/protocol/utf8.hpp"
#include "alertbus/protocol/vietnam_time.hpp"
#include "alertctl/event_summary.hpp"
#include "alertctl/names.hpp"
#include "alertctl/printable.hpp"
#include "alertctl/value_words.hpp"

namespace alertbus::alertctl {
namespace {

namespace pb = google::protobuf;

// An external notice's CAP document is shown by its size, not dumped: `alertctl export cap
// REF` writes it out as received.
const Text kCapDocument{"(tài liệu CAP, ", "(CAP document, "};
const Text kBytes{" byte; xem bằng: alertctl export cap)", " bytes; see: alertctl export cap)"};
using FD = pb::FieldDescriptor;

// Decimals shown in a body: enough for a GPS coordinate (about 0.1 m) and any measured value
// an officer types; trailing zeros are dropped (format_number).
constexpr int kDecimals = 6;

using Entry = BodyLine;

// The unit shown after a number: fixed (ha, con) or another field of the same message that
// the sender filled in (density_unit, quantity_unit); that field is then not shown alone.
struct Unit {
  std::string_view key;      // "<message>.<field>" of the number.
  const Text* fixed;         // Or null.
  std::string_view sibling;  // The unit field's name, when not fixed.
};

constexpr Text kHa{"ha", "ha"};
constexpr Text kKm{"km", "km"};
constexpr Text kPercent{"%", "%"};

const Unit kUnits[] = {
    {"SpeciesCount.susceptible", &msg::kUnitAnimals, ""},
    {"SpeciesCount.cases", &msg::kUnitAnimals, ""},
    {"SpeciesCount.deaths", &msg::kUnitAnimals, ""},
    {"SpeciesCount.destroyed", &msg::kUnitAnimals, ""},
    {"SpeciesCount.vaccinated", &msg::kUnitAnimals, ""},
    {"CropPestAlert.density", nullptr, "density_unit"},
    {"CropPestAlert.incidence_percent", &kPercent, ""},
    {"CropPestAlert.infested_ha_light", &kHa, ""},
    {"CropPestAlert.infested_ha_medium", &kHa, ""},
    {"CropPestAlert.infested_ha_heavy", &kHa, ""},
    {"Hotspot.confidence_percent", &kPercent, ""},
    {"Fire.burned_ha", &kHa, ""},
    {"Fire.distance_to_border_km", &kKm, ""},
    {"Product.quantity", nullptr, "quantity_unit"},
    {"Distribution.quantity", nullptr, "unit"},
    {"FollowUp.quantity", nullptr, "quantity_unit"},
    {"Area.circle_radius_km", &kKm, ""},
};

std::string key_of(const FD& field) {
  return field.containing_type()->name() + "." + field.name();
}

const Unit* unit_of(const FD& field) {
  const std::string key = key_of(field);
  const auto* found = std::find_if(std::begin(kUnits), std::end(kUnits),
                                   [&](const Unit& u) { return u.key == key; });
  return found == std::end(kUnits) ? nullptr : found;
}

// Whether `field` is a unit shown beside its number, which is set.
bool shown_with_its_number(const pb::Message& message, const FD& field) {
  const std::string type = field.containing_type()->name();
  for (const Unit& unit : kUnits) {
    if (unit.fixed == nullptr && unit.sibling == field.name() &&
        unit.key.substr(0, unit.key.find('.')) == type) {
      const FD* number =
          field.containing_type()->FindFieldByName(std::string(unit.key.substr(type.size() + 1)));
      return number != nullptr && message.GetReflection()->HasField(message, number);
    }
  }
  return false;
}

// Fields that make up a message's one value: an area's name, code and scheme, a point.
bool part_of_one_value(const FD& field) {
  const pb::Descriptor* type = field.containing_type();
  if (type == v1::GeoPoint::descriptor()) {
    return true;
  }
  return type == v1::Area::descriptor() &&
         (field.name() == "code" || field.name() == "scheme" || field.name() == "name");
}

// "2026-11-25" as 25/11/2026 in Vietnamese; anything else as it is.
std::string date_text(const std::string& date, Language lang) {
  const bool iso = date.size() == 10 && date[4] == '-' && date[7] == '-' &&
                   std::all_of(date.begin(), date.end(),
                               [](char c) { return c == '-' || (c >= '0' && c <= '9'); });
  if (!iso || lang != Language::kVi) {
    return date;
  }
  return date.substr(8, 2) + "/" + date.substr(5, 2) + "/" + date.substr(0, 4);
}

std::string with_unit(std::string number, const pb::Message& message, const FD& field,
                      Language lang) {
  const Unit* unit = unit_of(field);
  if (unit == nullptr) {
    return number;
  }
  std::string name;
  if (unit->fixed != nullptr) {
    name = tr(*unit->fixed, lang);
  } else if (const FD* sibling =
                 field.containing_type()->FindFieldByName(std::string(unit->sibling));
             sibling != nullptr) {
    name = printable(message.GetReflection()->GetString(message, sibling));
  }
  if (name.empty()) {
    return number;
  }
  return number + (name == "%" ? "" : " ") + name;
}

// A scalar's value: element `index` of a repeated field, or the field itself (index < 0).
std::string scalar_text(const pb::Message& message, const FD& field, int index, Language lang) {
  const pb::Reflection& r = *message.GetReflection();
  const bool many = index >= 0;
  std::int64_t integer = 0;
  switch (field.cpp_type()) {
    case FD::CPPTYPE_STRING: {
      const std::string text =
          many ? r.GetRepeatedString(message, &field, index) : r.GetString(message, &field);
      if (field.full_name() == "alertbus.v1.ExternalAlert.cap_document") {
        return tr(kCapDocument, lang) + std::to_string(text.size()) + tr(kBytes, lang);
      }
      return printable(is_date_text(field) ? date_text(text, lang) : text);
    }
    case FD::CPPTYPE_BOOL:
      return tr((many ? r.GetRepeatedBool(message, &field, index) : r.GetBool(message, &field))
                    ? msg::kYes
                    : msg::kNo,
                lang);
    case FD::CPPTYPE_DOUBLE:
    case FD::CPPTYPE_FLOAT: {
      const double value =
          field.cpp_type() == FD::CPPTYPE_DOUBLE
              ? (many ? r.GetRepeatedDouble(message, &field, index) : r.GetDouble(message, &field))
              : (many ? r.GetRepeatedFloat(message, &field, index) : r.GetFloat(message, &field));
      return with_unit(format_number(value, lang, kDecimals), message, field, lang);
    }
    case FD::CPPTYPE_ENUM:
      integer =
          many ? r.GetRepeatedEnumValue(message, &field, index) : r.GetEnumValue(message, &field);
      break;
    case FD::CPPTYPE_INT32:
      integer = many ? r.GetRepeatedInt32(message, &field, index) : r.GetInt32(message, &field);
      break;
    case FD::CPPTYPE_INT64:
      integer = many ? r.GetRepeatedInt64(message, &field, index) : r.GetInt64(message, &field);
      break;
    case FD::CPPTYPE_UINT32:
      integer = many ? r.GetRepeatedUInt32(message, &field, index) : r.GetUInt32(message, &field);
      break;
    case FD::CPPTYPE_UINT64: {
      // Counts are at most 1e8 and seqs far below 2^63; shown whole either way.
      const std::uint64_t value =
          many ? r.GetRepeatedUInt64(message, &field, index) : r.GetUInt64(message, &field);
      return with_unit(std::to_string(value), message, field, lang);
    }
    case FD::CPPTYPE_MESSAGE:
      return {};
  }
  // Enum values and danger levels by their vocabulary's label, never protobuf's name.
  if (const std::optional<protocol::Vocabulary> vocabulary = vocabulary_of(field)) {
    return label(*vocabulary, static_cast<int>(integer), lang);
  }
  return with_unit(std::to_string(integer), message, field, lang);
}

std::vector<Entry> fields_of(const pb::Message& message, Language lang,
                             bool page_style);  // body_lines()

// The one value of an Area, GeoPoint or Timestamp.
std::string one_value(const pb::Message& message, Language lang, bool page_style) {
  if (const auto* time = dynamic_cast<const pb::Timestamp*>(&message)) {
    return page_style ? page_time(*time, lang) : protocol::format_vietnam_time(*time);
  }
  if (const auto* point = dynamic_cast<const v1::GeoPoint*>(&message)) {
    // Coordinates keep the decimal point in both languages, as GPS devices and maps show them.
    return format_number(point->latitude(), Language::kEn, kDecimals) + ", " +
           format_number(point->longitude(), Language::kEn, kDecimals);
  }
  if (const auto* area = dynamic_cast<const v1::Area*>(&message)) {
    std::string code = printable(area->code());
    if (!area->scheme().empty()) {
      code += (code.empty() ? "" : ", ") + printable(area->scheme());
    }
    if (area->name().empty() || code.empty()) {
      return area->name().empty() ? code : printable(area->name());
    }
    return printable(area->name()) + " (" + code + ")";
  }
  return {};
}

// A message shown as one value, with the block of its other fields (an area's geometry).
Entry value_entry(std::string label, const pb::Message& message, Language lang, bool page_style) {
  Entry entry{std::move(label), one_value(message, lang, page_style), {}, false};
  if (message.GetDescriptor() != pb::Timestamp::descriptor()) {
    entry.block = fields_of(message, lang, page_style);
  }
  return entry;
}

void add_repeated(const pb::Message& message, const FD& field, Language lang, bool page_style,
                  std::vector<Entry>* entries) {
  const pb::Reflection& r = *message.GetReflection();
  const int size = r.FieldSize(message, &field);
  Entry list{field_label(field, lang), {}, {}, false};
  if (field.cpp_type() == FD::CPPTYPE_MESSAGE && !shown_as_one_value(*field.message_type())) {
    // Numbered blocks: "Ổ dịch 1:", "Ổ dịch 2:".
    for (int i = 0; i < size; ++i) {
      std::vector<Entry> block =
          fields_of(r.GetRepeatedMessage(message, &field, i), lang, page_style);
      if (!block.empty()) {
        entries->push_back(Entry{
            item_label(field, lang) + " " + std::to_string(i + 1), {}, std::move(block), false});
      }
    }
    return;
  }
  if (field.cpp_type() == FD::CPPTYPE_ENUM) {
    // A few words each ("Thu hồi, Tạm giữ"): on one line.
    for (int i = 0; i < size; ++i) {
      list.value += (i == 0 ? "" : ", ") + scalar_text(message, field, i, lang);
    }
    entries->push_back(std::move(list));
    return;
  }
  for (int i = 0; i < size; ++i) {
    Entry item = field.cpp_type() == FD::CPPTYPE_MESSAGE
                     ? value_entry({}, r.GetRepeatedMessage(message, &field, i), lang, page_style)
                     : Entry{{}, scalar_text(message, field, i, lang), {}, false};
    item.item = true;
    list.block.push_back(std::move(item));
  }
  entries->push_back(std::move(list));
}

void add_single(const pb::Message& message, const FD& field, Language lang, bool page_style,
                std::vector<Entry>* entries) {
  if (field.cpp_type() != FD::CPPTYPE_MESSAGE) {
    entries->push_back(
        Entry{field_label(field, lang), scalar_text(message, field, -1, lang), {}, false});
    return;
  }
  const pb::Message& inner = message.GetReflection()->GetMessage(message, &field);
  if (shown_as_one_value(*field.message_type())) {
    entries->push_back(value_entry(field_label(field, lang), inner, lang, page_style));
    return;
  }
  std::vector<Entry> block = fields_of(inner, lang, page_style);
  if (!block.empty()) {  // A part present but empty says nothing.
    entries->push_back(Entry{field_label(field, lang), {}, std::move(block), false});
  }
}

std::vector<Entry> fields_of(const pb::Message& message, Language lang, bool page_style) {
  std::vector<const FD*> fields;
  message.GetReflection()->ListFields(message, &fields);  // Only those set, in number order.
  std::vector<Entry> entries;
  for (const FD* field : fields) {
    if (part_of_one_value(*field) || shown_with_its_number(message, *field)) {
      continue;
    }
    if (field->is_repeated()) {
      add_repeated(message, *field, lang, page_style, &entries);
    } else {
      add_single(message, *field, lang, page_style, &entries);
    }
  }
  return entries;
}

// Labels of one block end at a common column, counted in characters (Vietnamese letters take
// several bytes); a heading or a list item does not set it.
void write(const std::vector<Entry>& entries, std::size_t indent, std::string* out) {
  std::size_t width = 0;
  for (const Entry& entry : entries) {
    if (!entry.item && !entry.value.empty()) {
      width = std::max(width, protocol::utf8_length(entry.label));
    }
  }
  const std::string margin(indent, ' ');
  for (const Entry& entry : entries) {
    if (entry.item) {
      *out += margin + "- " + entry.value + "\n";
    } else if (entry.value.empty()) {
      *out += margin + entry.label + ":\n";
    } else {
      *out += margin + entry.label + ":" +
              std::string(width - protocol::utf8_length(entry.label) + 1, ' ') + entry.value + "\n";
    }
    write(entry.block, indent + 2, out);
  }
}

}  // namespace

std::string fixed_unit(const FD& field, Language language) {
  const Unit* unit = unit_of(field);
  return unit == nullptr || unit->fixed == nullptr ? std::string() : tr(*unit->fixed, language);
}

std::vector<BodyLine> body_lines(const pb::Message& message, Language language, bool page_style) {
  return fields_of(message, language, page_style);
}

bool shown_as_one_value(const pb::Descriptor& type) {
  return &type == v1::Area::descriptor() || &type == v1::GeoPoint::descriptor() ||
         &type == pb::Timestamp::descriptor();
}

std::string body_detail(const v1::Event& event, Language language) {
  const pb::OneofDescriptor* body = v1::Event::descriptor()->FindOneofByName("body");
  const FD* field = event.GetReflection()->GetOneofFieldDescriptor(event, body);
  if (field == nullptr) {
    return {};
  }
  std::vector<Entry> block =
      fields_of(event.GetReflection()->GetMessage(event, field), language, false);
  if (block.empty()) {
    return {};
  }
  std::string text;
  write({Entry{field_label(*field, language), {}, std::move(block), false}}, 0, &text);
  return text;
}

std::string page_time(const pb::Timestamp& time, Language lang) {
  const protocol::CivilTime civil = protocol::vietnam_time_of(
      time.seconds() * 1000 + static_cast<std::int64_t>(time.nanos()) / 1'000'000);
  char text[32];
  if (lang == Language::kVi) {
    std::snprintf(text, sizeof text, "%02u/%02u/%04d %02u:%02u", civil.day, civil.month, civil.year,
                  civil.hour, civil.minute);
  } else {
    std::snprintf(text, sizeof text, "%04d-%02u-%02u %02u:%02u", civil.year, civil.month, civil.day,
                  civil.hour, civil.minute);
  }
  return text;
}

}  // namespace alertbus::alertctl
