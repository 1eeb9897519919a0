// require() of fuzz_checks.hpp, apart from the other checks so that a target of the client
// library (fuzz_cap) links it without the broker.
#include <cstdio>
#include <cstdlib>

#include "fuzz_checks.hpp"

namespace alertbus::fuzz {

void require(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "fuzz property broken: %s\n", what);
    std::abort();
  }
}

}  // namespace alertbus::fuzz
