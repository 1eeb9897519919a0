// What the hostile-peer fuzz targets (fuzz_remote, fuzz_peer_link) and their seed writer
// share: a fixed trust bundle whose units all sign with one key made from a fixed seed, so
// that the seeds carry valid signatures and a mutation of the envelope around the signed
// bytes (origin, reference, path, via, signer) still reaches the checks after the
// signature; and the framing of fuzz_peer_link's input.
//
// Threading: libFuzzer calls the targets from one thread; registry() is made once.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "alertbus/protocol/keys.hpp"
#include "alertbus/protocol/registry.hpp"

namespace alertbus::fuzz {

// The peer every link in these targets pulls from, and the node they run as.
inline constexpr std::string_view kPeer = "hai-duong";
inline constexpr std::string_view kSelf = "bac-giang";
// The epoch of kSelf's log in the link target (its own events of that epoch are never taken).
inline constexpr std::uint64_t kSelfEpoch = 1;

// Nodes bac-giang (24, BG-), hai-duong (30, 31, HD-), quang-ninh (22, QN-); units
// hai-duong/cnty (ANIMAL_DISEASE), hai-duong/bvtv (CROP_PEST), bac-giang/cnty
// (ANIMAL_DISEASE), quang-ninh/qlcl (UNSAFE_FOOD), all signing with signing_key().
std::shared_ptr<const protocol::Registry> registry();

// The 64-byte secret key of every unit of registry().
const protocol::SigningKey& signing_key();

// fuzz_peer_link's input: frames from the peer, each as a two-byte little-endian length and
// that many bytes (a last frame cut short is taken as it is).
std::vector<std::string_view> split_frames(std::string_view input);
std::string join_frames(const std::vector<std::string>& frames);

}  // namespace alertbus::fuzz
