// Form (dashboard/view/form_schema.hpp): the envelope, then the kind's body by reflection with
// the vocabulary's options, the usual values as suggestions, paths of the event document.
#include <catch2/catch.hpp>

#include "dashboard/view/form_schema.hpp"

namespace alertbus::dashboard {
namespace {

// The field at `path` among `fields` (at any depth), or null.
const json* find_field(const json& fields, const std::string& path) {
  for (const json& field : fields) {
    if (field["path"] == path) {
      return &field;
    }
    if (const json* found = find_field(field["fields"], path)) {
      return found;
    }
  }
  return nullptr;
}

bool has(const json& list, const std::string& value) {
  for (const json& item : list) {
    if (item == value) {
      return true;
    }
  }
  return false;
}

TEST_CASE("The animal disease form starts with the envelope, severity options labelled") {
  const json form_vi = form(v1::ANIMAL_DISEASE, Language::kVi);
  CHECK(form_vi["kind"]["name"] == "animal-disease");
  CHECK(form_vi["kind"]["label"] == "Dịch bệnh động vật");
  const json& fields = form_vi["fields"];
  CHECK(fields[0]["path"] == "title");
  CHECK(fields[0]["label"] == "Tiêu đề");
  CHECK(fields[0]["required"] == true);
  const json* severity = find_field(fields, "severity");
  REQUIRE(severity != nullptr);
  CHECK((*severity)["type"] == "choice");
  bool severe = false;
  for (const json& option : (*severity)["options"]) {
    if (option["value"] == "severe") {
      CHECK(option["label"] == "Nghiêm trọng");
      severe = true;
    }
  }
  CHECK(severe);
  const json* areas = find_field(fields, "areas");
  REQUIRE(areas != nullptr);
  CHECK((*areas)["type"] == "area");
  CHECK((*areas)["repeated"] == true);
  CHECK((*find_field(fields, "expires"))["type"] == "datetime");
  CHECK((*find_field(fields, "contact"))["required"] == false);
  CHECK(find_field(fields, "sender_unit") == nullptr);  // The unit is the sender.
  CHECK(find_field(fields, "event_id") == nullptr);
}

TEST_CASE("The animal disease form suggests diseases and species and nests outbreaks") {
  const json fields = form(v1::ANIMAL_DISEASE, Language::kVi)["fields"];
  const json* disease = find_field(fields, "animal_disease.disease");
  REQUIRE(disease != nullptr);
  CHECK((*disease)["label"] == "Tên bệnh");
  CHECK((*disease)["type"] == "text");
  CHECK(has((*disease)["suggestions"], "Dịch tả lợn châu Phi"));
  const json* outbreaks = find_field(fields, "animal_disease.outbreaks");
  REQUIRE(outbreaks != nullptr);
  CHECK((*outbreaks)["type"] == "group");
  CHECK((*outbreaks)["repeated"] == true);
  // The commune is typed (no commune table), not chosen among the provinces.
  CHECK((*find_field(fields, "animal_disease.outbreaks[0].commune"))["type"] == "commune");
  CHECK((*find_field(fields, "animal_disease.outbreaks[0].location"))["type"] == "point");
  CHECK((*find_field(fields, "animal_disease.onset_date"))["type"] == "date");
  CHECK((*find_field(fields, "animal_disease.confirmed_at"))["type"] == "datetime");
  const json* species = find_field(fields, "animal_disease.outbreaks[0].species[0].species");
  REQUIRE(species != nullptr);
  CHECK(has((*species)["suggestions"], "lợn"));
  const json* cases = find_field(fields, "animal_disease.outbreaks[0].species[0].cases");
  REQUIRE(cases != nullptr);
  CHECK((*cases)["type"] == "integer");
  CHECK((*cases)["unit"] == "con");
  const json* epi_unit = find_field(fields, "animal_disease.outbreaks[0].epi_unit");
  REQUIRE(epi_unit != nullptr);
  CHECK((*epi_unit)["type"] == "choice");
  CHECK(!(*epi_unit)["options"].empty());
}

TEST_CASE("The forest fire form offers the danger levels by their names, in English too") {
  const json fields = form(v1::FOREST_FIRE, Language::kEn)["fields"];
  const json* level = find_field(fields, "forest_fire.danger.level");
  REQUIRE(level != nullptr);
  CHECK((*level)["type"] == "choice");
  CHECK((*level)["options"][0]["label"] == "level I, low");
  CHECK(find_field(fields, "title")->at("label") == "Title");
  const json* communes = find_field(fields, "forest_fire.danger.communes");
  REQUIRE(communes != nullptr);
  CHECK((*communes)["type"] == "commune");
  CHECK((*communes)["repeated"] == true);
  // The provinces a fire threatens stay provinces.
  const json* threatened = find_field(fields, "forest_fire.threatened_areas");
  REQUIRE(threatened != nullptr);
  CHECK((*threatened)["type"] == "area");
}

}  // namespace
}  // namespace alertbus::dashboard
