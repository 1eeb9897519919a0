# Precompiled headers for the larger targets (ALERTBUS_PCH, on by default). Most of a
# translation unit's front-end time here is the same few headers: the generated protobuf
# messages (frame.pb.h pulls in all of them and protobuf's runtime, ~140,000 lines
# preprocessed), nlohmann/json, CLI11, Catch2, the standard library. Compiled once per
# target instead of once per file, they take about a fifth off each file's compile time
# (alertctl's commands_audit.cpp: 17-18 s of CPU without, 13-14.5 s with; the header costs
# 11 s once). A target with fewer than three sources gains nothing and goes without.
option(ALERTBUS_PCH "Precompile the common heavy headers of targets with several sources" ON)

set(ALERTBUS_PCH_COMMON
  <algorithm> <cstdint> <filesystem> <functional> <map> <memory> <optional> <set>
  <string> <string_view> <unordered_map> <utility> <vector>
  <nlohmann/json.hpp> <alertbus/v1/frame.pb.h>)

# alertbus_precompile(<target> [HEADERS <extra headers...>])
function(alertbus_precompile name)
  cmake_parse_arguments(P "" "" "HEADERS" ${ARGN})
  if(NOT ALERTBUS_PCH)
    return()
  endif()
  get_target_property(sources ${name} SOURCES)
  list(FILTER sources INCLUDE REGEX "\\.cpp$")
  list(LENGTH sources count)
  if(count LESS 3)
    return()
  endif()
  target_precompile_headers(${name} PRIVATE ${ALERTBUS_PCH_COMMON} ${P_HEADERS})
endfunction()
