# Two INTERFACE targets linked into every target of ours (never into generated code):
#   alertbus_options  - language level, sanitizers (and fuzzer coverage with ALERTBUS_FUZZ)
#   alertbus_warnings - the warning set
add_library(alertbus_options INTERFACE)
target_compile_features(alertbus_options INTERFACE cxx_std_20)
if(ALERTBUS_SANITIZE AND ALERTBUS_TSAN)
  message(FATAL_ERROR "ALERTBUS_SANITIZE and ALERTBUS_TSAN cannot be combined")
endif()
if(ALERTBUS_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "ALERTBUS_FUZZ=ON needs clang (libFuzzer), not "
      "${CMAKE_CXX_COMPILER_ID}: configure a separate build dir with "
      "-DCMAKE_CXX_COMPILER=clang++, as tests/fuzz/run.sh does")
  endif()
  if(ALERTBUS_TSAN)
    message(FATAL_ERROR "ALERTBUS_FUZZ and ALERTBUS_TSAN cannot be combined")
  endif()
  if(NOT ALERTBUS_TESTS)
    message(FATAL_ERROR "ALERTBUS_FUZZ needs ALERTBUS_TESTS=ON (the targets live in tests/fuzz)")
  endif()
  # Every target of ours gets libFuzzer's coverage instrumentation (without its main);
  # only the fuzz targets link libFuzzer itself (-fsanitize=fuzzer, tests/fuzz). The other
  # executables (alertbusd, alertctl, the tests) link only the sanitizer runtimes, whose weak
  # coverage hooks do nothing. Any UB aborts, so that libFuzzer reports it as a crash with
  # the input.
  set(ALERTBUS_FUZZ_FLAGS -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
    -fno-sanitize-recover=undefined)
  target_compile_options(alertbus_options INTERFACE ${ALERTBUS_FUZZ_FLAGS})
  target_link_options(alertbus_options INTERFACE -fsanitize=address,undefined)
elseif(ALERTBUS_SANITIZE)
  target_compile_options(alertbus_options INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(alertbus_options INTERFACE -fsanitize=address,undefined)
endif()
if(ALERTBUS_TSAN)
  target_compile_options(alertbus_options INTERFACE -fsanitize=thread -fno-omit-frame-pointer)
  target_link_options(alertbus_options INTERFACE -fsanitize=thread)
endif()

add_library(alertbus_warnings INTERFACE)
target_compile_options(alertbus_warnings INTERFACE
  -Wall -Wextra -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
  -Wold-style-cast -Woverloaded-virtual -Wimplicit-fallthrough)

if(ENABLE_CLANG_TIDY)
  find_program(CLANG_TIDY_EXE NAMES clang-tidy-14 clang-tidy REQUIRED)
  set(ALERTBUS_CLANG_TIDY ${CLANG_TIDY_EXE})
endif()

# alertbus_target(<name>): apply our options, warnings and (optionally) clang-tidy.
function(alertbus_target name)
  target_link_libraries(${name} PRIVATE alertbus_options alertbus_warnings)
  if(ALERTBUS_CLANG_TIDY)
    set_target_properties(${name} PROPERTIES CXX_CLANG_TIDY ${ALERTBUS_CLANG_TIDY})
  endif()
endfunction()
