// Validation of AnimalDiseaseAlert (WAHIS immediate notification; TT 07/2016 Art. 7).
#include "validation_checker.hpp"

namespace alertbus::protocol::detail {
namespace {

void check_species(Checker& checker, const v1::SpeciesCount& species) {
  checker.text("species", species.species(), kRequired);
  const std::uint64_t susceptible = species.susceptible();
  checker.count("susceptible", susceptible, 0, kMaxAnimalCount);
  // Sick, dead or culled animals come out of the population at risk, so they cannot
  // outnumber it. Susceptible 0 means "not counted" and bounds nothing.
  const auto within_susceptible = [&](std::string_view field, std::uint64_t value) {
    if (!checker.count(field, value, 0, kMaxAnimalCount) || susceptible == 0 ||
        value <= susceptible) {
      return;
    }
    const std::string value_text = std::to_string(value);
    const std::string susceptible_text = std::to_string(susceptible);
    checker.fail(v1::VALUE_OUT_OF_RANGE, field,
                 checker.path(field) + " is " + value_text + ", more than susceptible (" +
                     susceptible_text + ")",
                 "giá trị " + value_text + " của " + checker.path(field) +
                     " lớn hơn số con mẫn cảm susceptible (" + susceptible_text + ")");
  };
  within_susceptible("cases", species.cases());
  within_susceptible("deaths", species.deaths());
  within_susceptible("destroyed", species.destroyed());
  checker.count("vaccinated", species.vaccinated(), 0, kMaxAnimalCount);
}

void check_outbreak(Checker& checker, const v1::Outbreak& outbreak) {
  checker.area("commune", outbreak.has_commune(), outbreak.commune(), kRequired,
               Checker::AreaLevel::kCommune);
  checker.text("hamlet", outbreak.hamlet(), kOptional);
  checker.geo_point("location", outbreak.has_location(), outbreak.location(), kOptional);
  checker.enum_value("epi_unit", outbreak.epi_unit(), &v1::Outbreak_EpiUnit_IsValid,
                     "Outbreak.EpiUnit", kRequired);
  checker.date("start_date", outbreak.start_date(), kOptional);
  if (checker.list_size("species", outbreak.species_size(), kRequired, kMaxSpecies)) {
    for_each_item(checker, "species", outbreak.species(),
                  [&checker](const v1::SpeciesCount& item) { check_species(checker, item); });
  }
}

}  // namespace

void check_animal_disease(Checker& checker, const v1::AnimalDiseaseAlert& alert) {
  checker.text("disease", alert.disease(), kRequired);
  checker.text("agent_subtype", alert.agent_subtype(), kOptional, kMaxIdentifier);
  checker.enum_value("confirmation", alert.confirmation(),
                     &v1::AnimalDiseaseAlert_Confirmation_IsValid,
                     "AnimalDiseaseAlert.Confirmation", kRequired);
  // A confirmation is only as good as the laboratory and date behind it.
  const Presence when_confirmed = required_when(
      alert.confirmation() == v1::AnimalDiseaseAlert::CONFIRMED, "when confirmation is CONFIRMED",
      "bắt buộc khi confirmation là CONFIRMED, tức đã có kết quả xét nghiệm");
  checker.text("lab", alert.lab(), when_confirmed);
  checker.text("test_method", alert.test_method(), kOptional);
  checker.timestamp("confirmed_at", alert.has_confirmed_at(), alert.confirmed_at(), when_confirmed);
  checker.date("onset_date", alert.onset_date(), kRequired);
  if (checker.list_size("outbreaks", alert.outbreaks_size(), kRequired, kMaxOutbreaks)) {
    for_each_item(checker, "outbreaks", alert.outbreaks(),
                  [&checker](const v1::Outbreak& item) { check_outbreak(checker, item); });
  }
  checker.text("source", alert.source(), kOptional);
  checker.text_list("control_measures", alert.control_measures(), kMaxTextItems, kMaxShortText);
  checker.text("restricted_zone", alert.restricted_zone(), kOptional, kMaxZoneText);
}

}  // namespace alertbus::protocol::detail
