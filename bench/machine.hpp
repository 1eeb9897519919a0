// One line describing where the figures were measured: CPUs, memory, the filesystem under
// the data directory, the kernel and the load (other builds share this machine, and the
// load average says how much they weighed on the run).
//
// Threading: reads /proc; any thread.
#pragma once

#include <filesystem>
#include <string>

namespace alertbus::bench {

std::string describe_machine(const std::filesystem::path& data_directory);

}  // namespace alertbus::bench
