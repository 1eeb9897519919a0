// PublishFrames: serialized Publish frames carrying valid ~600-byte alerts, each with a
// fresh event id, made fast enough that the client does not compete with the broker for
// the CPU it measures.
//
// The template is sample_crop_pest() with its description resized. An event id is always 36
// characters, so a new id is written over the old one in the serialized template: the bytes
// are exactly those re-serializing the event would give, for the cost of a copy.
//
// Threading: one thread per object.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "alertbus/v1/event.pb.h"
#include "alertbus/v1/frame.pb.h"

#include "alertbus/protocol/keys.hpp"

namespace alertbus::bench {

class PublishFrames {
 public:
  // Sizes the description so that the serialized event is `event_bytes` long (or up to 3
  // bytes over, to end on a whole character),
  // and checks that the result passes validation. Throws std::logic_error otherwise.
  // With `distinct_sent_at`, each event of next() is sent a millisecond before the one
  // before it (from the construction's time back; 10,000,000 events span under 3 hours, within
  // the broker's 24-hour limit), as real alerts are, instead of all at the template's time:
  // the event is serialized again for each (about a microsecond more).
  explicit PublishFrames(std::size_t event_bytes, bool distinct_sent_at = false);

  // The serialized template event.
  const std::string& event() const { return event_; }

  // The serialized Frame{request_id, Publish{event with a new id}}; sets *event_id to the id.
  // The reference is valid until the next call.
  const std::string& next(std::uint64_t request_id, std::string* event_id);

  // The same, signed as a client of a broker in --security-mode curve signs: Publish.signature
  // is the Ed25519 signature of the exact event bytes with `key`, Publish.signer is `signer`.
  const std::string& next_signed(std::uint64_t request_id, const std::string& signer,
                                 const protocol::SigningKey& key, std::string* event_id);

 private:
  std::string event_;
  bool distinct_sent_at_ = false;
  v1::Event template_;  // With distinct_sent_at: serialized for each event.
  std::int64_t next_sent_ms_ = 0;
  std::size_t id_offset_ = 0;
  std::size_t id_size_ = 0;
  v1::Frame frame_;
  std::string frame_bytes_;
};

}  // namespace alertbus::bench
