#include "alertbus/protocol/event_body.hpp"

namespace alertbus::protocol {

google::protobuf::Message* mutable_alert_body(v1::Event* event, v1::AlertKind kind) {
  switch (kind) {
    case v1::ANIMAL_DISEASE:
      return event->mutable_animal_disease();
    case v1::CROP_PEST:
      return event->mutable_crop_pest();
    case v1::FOREST_FIRE:
      return event->mutable_forest_fire();
    case v1::UNSAFE_FOOD:
      return event->mutable_unsafe_food();
    case v1::EXTERNAL:
      return event->mutable_external();
    default:
      return nullptr;
  }
}

}  // namespace alertbus::protocol
