// The filtered view as files (docs/DASHBOARD.md, GET /api/export/cases.csv and .geojson): a
// CSV for spreadsheets (UTF-8 with a byte order mark so Excel reads the diacritics, a header
// row in the language, every cell through alertctl's csv_field(), which quotes and defuses
// cells a spreadsheet would run as formulas) and a GeoJSON FeatureCollection of CaseItems for
// maps.
//
// Threading: pure functions.
#pragma once

#include <string>

#include "dashboard/view/view_words.hpp"

namespace alertbus::dashboard {

// One row per CaseItem (case_item()): reference, kind, severity, state, title, sent (Vietnam
// time), issuing province, sending unit, areas, overdue, follow-ups, receivers' states; CRLF
// line ends (RFC 4180).
std::string cases_csv(const json& case_items, Language language);

// A FeatureCollection: one Feature per CaseItem, its geometry a Point (one point), a
// MultiPoint (several) or null (none: the areas are in the properties), its properties the
// item's reference, kind, severity, state, title, sent, origin and area names.
json cases_geojson(const json& case_items);

}  // namespace alertbus::dashboard
