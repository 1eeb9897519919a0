// DeliveryEncoder: writes a Delivery frame's wire bytes straight from log rows, each row's
// StoredEvent serialized once into the frame's buffer: no StoredEvent is copied into a
// Frame message and serialized again. The bytes are exactly those of the Frame
// { delivery: { subscription_id, events... } } that protobuf would write (tested).
//
// The buffer keeps room in front for the frame's header, whose length is known only at the
// end; bytes() returns the frame from where the header starts. The buffer is reused between
// frames, so a pump allocates nothing once it has grown.
//
// Threading: one thread (the loop).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "alertbus/v1/event.pb.h"

namespace alertbus::broker {

class DeliveryEncoder {
 public:
  // Starts a Delivery of `subscription_id`, dropping what the last one held.
  void begin(std::uint64_t subscription_id);

  void add(const v1::StoredEvent& stored);

  std::size_t events() const { return events_; }

  // The whole Frame as it goes on the wire. Valid until the next begin() or add().
  std::string_view bytes();

 private:
  static constexpr std::size_t kHeaderRoom = 16;  // Frame's field key and a length varint.

  std::string buffer_;
  std::size_t events_ = 0;
};

}  // namespace alertbus::broker
