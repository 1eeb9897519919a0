#include "alertbus/protocol/validation.hpp"
namespace alertbus::protocol {
Status validate_event(const v1::Event&, const ValidationOptions&) { return {}; }
bool is_inside_vietnam(double latitude, double longitude) {
  return latitude >= 8.2 && latitude <= 23.4 && longitude >= 102.1 && longitude <= 117.5;
}
}
