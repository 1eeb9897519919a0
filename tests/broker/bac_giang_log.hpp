// bac_giang_log(): the options of an in-memory log of node bac-giang (references "BG-…"),
// the node the broker's unit tests run as.
#pragma once

#include "store/memory/memory_store.hpp"

namespace alertbus::broker {

inline MemoryStoreOptions bac_giang_log() {
  MemoryStoreOptions options;
  options.node_id = "bac-giang";
  options.reference_prefix = "BG";
  return options;
}

}  // namespace alertbus::broker
