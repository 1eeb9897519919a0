#include "delivery/delivery_encoder.hpp"

namespace alertbus::broker {
namespace {

// Field numbers and wire types of frame.proto: Frame.delivery = 33, Delivery.subscription_id
// = 1 (varint), Delivery.events = 2 (length-delimited).
constexpr std::uint32_t kFrameDeliveryKey = (33U << 3) | 2U;
constexpr std::uint32_t kSubscriptionIdKey = (1U << 3) | 0U;
constexpr std::uint32_t kEventsKey = (2U << 3) | 2U;

void append_varint(std::string* out, std::uint64_t value) {
  while (value >= 0x80) {
    out->push_back(static_cast<char>((value & 0x7F) | 0x80));
    value >>= 7;
  }
  out->push_back(static_cast<char>(value));
}

}  // namespace

void DeliveryEncoder::begin(std::uint64_t subscription_id) {
  buffer_.assign(kHeaderRoom, '\0');
  events_ = 0;
  if (subscription_id != 0) {  // proto3: a zero scalar is not written.
    append_varint(&buffer_, kSubscriptionIdKey);
    append_varint(&buffer_, subscription_id);
  }
}

void DeliveryEncoder::add(const v1::StoredEvent& stored) {
  const std::size_t size = stored.ByteSizeLong();
  append_varint(&buffer_, kEventsKey);
  append_varint(&buffer_, size);
  const std::size_t at = buffer_.size();
  buffer_.resize(at + size);
  stored.SerializeWithCachedSizesToArray(reinterpret_cast<std::uint8_t*>(buffer_.data() + at));
  ++events_;
}

std::string_view DeliveryEncoder::bytes() {
  const std::size_t body = buffer_.size() - kHeaderRoom;
  std::string header;
  append_varint(&header, kFrameDeliveryKey);
  append_varint(&header, body);
  const std::size_t start = kHeaderRoom - header.size();
  buffer_.replace(start, header.size(), header);
  return std::string_view(buffer_).substr(start);
}

}  // namespace alertbus::broker
