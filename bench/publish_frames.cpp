#include "publish_frames.hpp"

#include <stdexcept>

#include "alertbus/protocol/event_id.hpp"
#include "alertbus/protocol/validation.hpp"
#include "support/sample_events.hpp"

namespace alertbus::bench {

PublishFrames::PublishFrames(std::size_t event_bytes, bool distinct_sent_at)
    : distinct_sent_at_(distinct_sent_at) {
  v1::Event event = testing::sample_crop_pest();
  // The sample is already larger than some sizes asked for, so the description is rebuilt
  // from real text, one UTF-8 character at a time, rather than appended to: the UTF-8
  // check then does the work it does on real alerts, and the text stays valid.
  const std::string text = event.description() +
                           " Đề nghị các hộ trồng vải theo dõi mật độ sâu và phun thuốc đúng"
                           " thời điểm, thu gom và tiêu hủy quả rụng.";
  event.clear_description();
  for (std::size_t at = 0; event.ByteSizeLong() < event_bytes;) {
    std::size_t length = 1;
    while (at + length < text.size() &&
           (static_cast<unsigned char>(text[at + length]) & 0xC0) == 0x80) {
      ++length;  // A continuation byte belongs to the same character.
    }
    event.mutable_description()->append(text, at, length);
    at = (at + length) % text.size();
  }
  if (const Status status = protocol::validate_event(event, testing::validation_options_now());
      !status.ok()) {
    throw std::logic_error("the padded sample event is invalid: " + status.message());
  }
  event.SerializeToString(&event_);
  template_ = event;
  next_sent_ms_ = event.sent_at().seconds() * 1000 + event.sent_at().nanos() / 1000000;
  id_size_ = event.event_id().size();
  id_offset_ = event_.find(event.event_id());
  if (id_offset_ == std::string::npos || id_size_ != protocol::new_event_id().size()) {
    throw std::logic_error("cannot locate the event id in the serialized sample event");
  }
  frame_.mutable_publish()->set_event(event_);

  // The patched bytes must parse back to the new id, or every publish would be a duplicate.
  std::string id;
  v1::Frame frame;
  v1::Event parsed;
  if (!frame.ParseFromString(next(1, &id)) || !parsed.ParseFromString(frame.publish().event()) ||
      parsed.event_id() != id) {
    throw std::logic_error("patching the event id does not give the event it should");
  }
}

const std::string& PublishFrames::next(std::uint64_t request_id, std::string* event_id) {
  *event_id = protocol::new_event_id();
  v1::Publish* publish = frame_.mutable_publish();
  if (distinct_sent_at_) {
    template_.set_event_id(*event_id);
    template_.mutable_sent_at()->set_seconds(next_sent_ms_ / 1000);
    template_.mutable_sent_at()->set_nanos(static_cast<std::int32_t>(next_sent_ms_ % 1000) *
                                           1000000);
    --next_sent_ms_;
    template_.SerializeToString(publish->mutable_event());
  } else {
    publish->mutable_event()->replace(id_offset_, id_size_, *event_id);
  }
  publish->clear_signature();
  publish->clear_signer();
  frame_.set_request_id(request_id);
  frame_.SerializeToString(&frame_bytes_);
  return frame_bytes_;
}

const std::string& PublishFrames::next_signed(std::uint64_t request_id, const std::string& signer,
                                              const protocol::SigningKey& key,
                                              std::string* event_id) {
  *event_id = protocol::new_event_id();
  v1::Publish* publish = frame_.mutable_publish();
  publish->mutable_event()->replace(id_offset_, id_size_, *event_id);
  publish->set_signature(protocol::sign_message(publish->event(), key));
  publish->set_signer(signer);
  frame_.set_request_id(request_id);
  frame_.SerializeToString(&frame_bytes_);
  return frame_bytes_;
}

}  // namespace alertbus::bench
