// Each broker's resident memory (VmRSS from /proc/PID/status), sampled every few seconds
// from its start, per incarnation (a node restarted after SIGKILL is a new incarnation).
//
// "Flat": under the steady load an incarnation's memory must not keep growing. For an
// incarnation with at least kMinSamples samples, split in thirds, the mean of the last third
// must be at most 1.2 x the mean of the second third + 10 MiB (the first third is the warm-up:
// caches, the catch-up after a restart). Shorter incarnations are reported, not judged.
//
// Threading: one thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <sys/types.h>
#include <vector>

#include "stats.hpp"

namespace alertbus::bench::soak {

struct Incarnation {
  std::size_t node = 0;
  std::size_t number = 0;  // 1 for the first start, then one more per restart.
  pid_t pid = 0;
  std::vector<std::uint64_t> rss_bytes;

  std::uint64_t max() const;
  // Judged (enough samples) and flat by the rule above.
  bool judged() const;
  bool flat() const;
  // "second third 41.2 MiB, last third 42.0 MiB".
  std::string thirds() const;
};

class MemoryLog {
 public:
  static constexpr std::size_t kMinSamples = 9;

  // Samples `pid`, the node's broker now; a new pid starts a new incarnation.
  void sample(std::size_t node, pid_t pid);

  const std::vector<Incarnation>& incarnations() const { return incarnations_; }

 private:
  std::vector<Incarnation> incarnations_;
};

// VmRSS of the process in bytes, 0 if it cannot be read.
std::uint64_t resident_bytes(pid_t pid);

}  // namespace alertbus::bench::soak
