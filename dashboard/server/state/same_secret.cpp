// same_secret (same_secret.hpp).
#include "state/same_secret.hpp"

#include <sodium.h>

namespace alertbus::dashboard {

bool same_secret(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  return a.empty() || sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace alertbus::dashboard
