// The output of `alertctl audit verify` about the case projection (projection_audit.hpp):
// text for operators, Vietnamese first, naming each differing case by its reference and what
// differs, with the repair (`alertctl admin reproject`); or a JSON object for scripts.
//
// Threading: pure functions writing to the context's stream.
#pragma once

#include <nlohmann/json.hpp>

#include "alertctl/context.hpp"
#include "alertctl/projection_audit.hpp"

namespace alertbus::alertctl {

// Prints the report as text on context.out. `log_intact`: the log's chain holds; otherwise
// the case records are not to be rebuilt from it, and the repair says to restore it first.
void print_projection_text(const ProjectionReport& report, bool log_intact, const Context& context);

// The report as JSON: {"outcome", "matches", "path", "message", "projected_seq", "log_head",
// "cases", "differing", "discrepancies": [{"event_id", "reference", "problem", "fields":
// [{"field", "stored", "expected"}], "message"}], "stray_search_rows", "stray_receipt_rows",
// "repair"} ("repair" when it differs and the log is intact).
nlohmann::ordered_json projection_json(const ProjectionReport& report, bool log_intact,
                                       const Context& context);

}  // namespace alertbus::alertctl
