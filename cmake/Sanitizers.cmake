# toro_sanitizers: ASan + UBSan for every project target when TORO_SANITIZE is on; with
# TORO_FUZZ also the coverage instrumentation libFuzzer steers by.
add_library(toro_sanitizers INTERFACE)
if(TORO_SANITIZE)
  target_compile_options(toro_sanitizers INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(toro_sanitizers INTERFACE -fsanitize=address,undefined)
  # Executables are linked position-dependent: the sanitizers' metadata of an unoptimized build
  # (~120 MB of pointers) would otherwise be relocated at every start, and a run of the e2e
  # suites starts toro thousands of times (0.8 s a start with PIE, 0.3 s without).
  target_link_options(toro_sanitizers INTERFACE $<$<STREQUAL:$<TARGET_PROPERTY:TYPE>,EXECUTABLE>:-no-pie>)
endif()
if(TORO_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "TORO_FUZZ needs clang (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang")
  endif()
  include(CheckCXXSourceCompiles)
  set(CMAKE_REQUIRED_LINK_OPTIONS -fsanitize=fuzzer)
  check_cxx_source_compiles("
    #include <cstddef>
    #include <cstdint>
    extern \"C\" int LLVMFuzzerTestOneInput(const std::uint8_t*, std::size_t) { return 0; }"
    TORO_HAVE_LIBFUZZER)
  unset(CMAKE_REQUIRED_LINK_OPTIONS)
  if(NOT TORO_HAVE_LIBFUZZER)
    message(FATAL_ERROR "TORO_FUZZ: this clang cannot link -fsanitize=fuzzer (is libFuzzer installed?)")
  endif()
  target_compile_options(toro_sanitizers INTERFACE
    -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
endif()
