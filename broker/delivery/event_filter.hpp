// EventFilter: the compiled form of a v1::Filter, matched against log rows without parsing
// the event bytes (kind, type, origin, severity and area codes are columns of the log).
//
// Threading: immutable after construction; safe to share.
#pragma once

#include <string>
#include <vector>

#include "alertbus/v1/frame.pb.h"

#include "alertbus/protocol/areas.hpp"
#include "alertbus/protocol/status.hpp"
#include "store/store.hpp"

namespace alertbus::broker {

class EventFilter {
 public:
  // Matches everything.
  EventFilter() = default;

  // INVALID_SUBSCRIPTION when an enum value is unknown, a list is too long (> 64 entries),
  // or an area is not an area key ("VN-2025:24", alertbus/protocol/areas.hpp: a bare code
  // is refused, its scheme unknown). With `areas` (the province table), a VN-2025
  // province's key also matches the VN-2004 provinces merged into it.
  static StatusOr<EventFilter> from_proto(const v1::Filter& filter,
                                          const protocol::AreaTable* areas = nullptr);

  bool matches(const LogRow& row) const;

  // True when every row matches (no condition set).
  bool matches_all() const {
    return kinds_.empty() && types_.empty() && origin_nodes_.empty() && area_needles_.empty() &&
           min_severity_ == 0;
  }

 private:
  std::vector<int> kinds_;
  std::vector<int> types_;
  std::vector<std::string> origin_nodes_;
  // " VN-2025:24 " form, matched inside LogRow::area_codes.
  std::vector<std::string> area_needles_;
  int min_severity_ = 0;
};

}  // namespace alertbus::broker
