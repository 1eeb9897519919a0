#include "fuzz_peer.hpp"

#include <algorithm>
#include <tuple>
#include <utility>

#include "fuzz_checks.hpp"

namespace alertbus::fuzz {

const protocol::SigningKey& signing_key() {
  static const protocol::SigningKey key = [] {
    protocol::Key32 seed{};
    seed.fill(0x42);
    return protocol::expand_signing_seed(seed);
  }();
  return key;
}

std::shared_ptr<const protocol::Registry> registry() {
  static const std::shared_ptr<const protocol::Registry> parsed = [] {
    protocol::Key32 public_key{};
    // An Ed25519 secret key ends with its public key.
    std::copy(signing_key().begin() + 32, signing_key().end(), public_key.begin());
    const std::string signing = "signing_public_key = \"" + protocol::z85_key(public_key) + "\"\n";
    std::string text;
    for (const auto& [node, provinces, prefix] : {std::tuple{"bac-giang", "[\"24\"]", "BG"},
                                                  std::tuple{"hai-duong", "[\"30\", \"31\"]", "HD"},
                                                  std::tuple{"quang-ninh", "[\"22\"]", "QN"}}) {
      text += std::string("[[nodes]]\nid = \"") + node + "\"\nname = \"" + node +
              "\"\nreference_prefix = \"" + prefix + "\"\nprovince_codes = " + provinces + "\n" +
              signing + "\n";
    }
    for (const auto& [unit, kind] :
         {std::pair{"hai-duong/cnty", "ANIMAL_DISEASE"}, std::pair{"hai-duong/bvtv", "CROP_PEST"},
          std::pair{"bac-giang/cnty", "ANIMAL_DISEASE"},
          std::pair{"quang-ninh/qlcl", "UNSAFE_FOOD"}}) {
      text += std::string("[[principals]]\nid = \"") + unit + "\"\nrole = \"unit\"\nkinds = [\"" +
              kind + "\"]\n" + signing + "\n";
    }
    auto loaded = protocol::Registry::parse(text, "fuzz-registry.toml");
    require(loaded.ok(), "the fuzz targets' registry parses");
    return std::move(loaded).value();
  }();
  return parsed;
}

std::vector<std::string_view> split_frames(std::string_view input) {
  std::vector<std::string_view> frames;
  while (input.size() >= 2) {
    const std::size_t length =
        static_cast<unsigned char>(input[0]) |
        (static_cast<std::size_t>(static_cast<unsigned char>(input[1])) << 8);
    input.remove_prefix(2);
    frames.push_back(input.substr(0, length));
    input.remove_prefix(std::min(length, input.size()));
  }
  return frames;
}

std::string join_frames(const std::vector<std::string>& frames) {
  std::string joined;
  for (const std::string& frame : frames) {
    joined += static_cast<char>(frame.size() & 0xff);
    joined += static_cast<char>((frame.size() >> 8) & 0xff);
    joined += frame;
  }
  return joined;
}

}  // namespace alertbus::fuzz
