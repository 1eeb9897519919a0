// DeliveryEncoder writes exactly the bytes protobuf writes for the same Delivery frame.
#include "delivery/delivery_encoder.hpp"

#include <catch2/catch.hpp>

#include "alertbus/v1/frame.pb.h"

#include "support/sample_events.hpp"

namespace alertbus::broker {
namespace {

v1::StoredEvent stored_event(std::uint64_t seq, std::size_t description_bytes) {
  v1::Event event = alertbus::testing::sample_forest_fire();
  event.set_description(std::string(description_bytes, 'x'));
  v1::StoredEvent stored;
  stored.set_seq(seq);
  stored.set_event_id(event.event_id());
  event.SerializeToString(stored.mutable_event());
  stored.set_reference("BG-2026-" + std::to_string(seq));
  stored.set_kind(event.kind());
  stored.set_type(event.type());
  stored.mutable_origin()->set_node("bac-giang");
  stored.mutable_origin()->set_seq(seq);
  stored.mutable_origin()->set_epoch(7);
  stored.add_path("hai-duong");
  stored.set_via("hai-duong");
  stored.set_signature(std::string(64, 's'));
  stored.set_signer("bac-giang/kiem-lam");
  return stored;
}

}  // namespace

TEST_CASE("DeliveryEncoder writes the Frame protobuf writes", "[delivery_encoder]") {
  const std::uint64_t subscription_id = GENERATE(0ULL, 1ULL, 300ULL, 1ULL << 40);
  // Sizes around the varint boundaries of the lengths (127/128, 16,383/16,384).
  const std::vector<std::size_t> sizes{0, 10, 100, 20000, 3};
  v1::Frame expected;
  expected.mutable_delivery()->set_subscription_id(subscription_id);
  DeliveryEncoder encoder;
  encoder.begin(subscription_id);
  std::uint64_t seq = 1;
  for (const std::size_t size : sizes) {
    const v1::StoredEvent stored = stored_event(seq++, size);
    *expected.mutable_delivery()->add_events() = stored;
    encoder.add(stored);
  }
  CHECK(encoder.events() == sizes.size());
  CHECK(std::string(encoder.bytes()) == expected.SerializeAsString());

  v1::Frame parsed;
  REQUIRE(parsed.ParseFromArray(encoder.bytes().data(), static_cast<int>(encoder.bytes().size())));
  CHECK(parsed.delivery().events_size() == static_cast<int>(sizes.size()));
  CHECK(parsed.delivery().events(3).seq() == 4);

  // Reused for the next frame: nothing of the first remains.
  encoder.begin(subscription_id);
  const v1::StoredEvent one = stored_event(9, 50);
  encoder.add(one);
  v1::Frame single;
  single.mutable_delivery()->set_subscription_id(subscription_id);
  *single.mutable_delivery()->add_events() = one;
  CHECK(std::string(encoder.bytes()) == single.SerializeAsString());
}

}  // namespace alertbus::broker
