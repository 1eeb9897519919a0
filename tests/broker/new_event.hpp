// new_event(): a NewEvent as Ingest would prepare it from a valid Event, for store tests.
#pragma once

#include "store/event_facts.hpp"
#include "store/store.hpp"

namespace alertbus::broker {

inline NewEvent new_event(const v1::Event& event) {
  NewEvent prepared;
  prepared.event_id = event.event_id();
  event.SerializeToString(&prepared.event_bytes);
  prepared.facts = facts_of(event);
  return prepared;
}

}  // namespace alertbus::broker
