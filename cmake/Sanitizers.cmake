# toro_sanitizers: ASan + UBSan for every project target when TORO_SANITIZE is on.
add_library(toro_sanitizers INTERFACE)
if(TORO_SANITIZE)
  target_compile_options(toro_sanitizers INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(toro_sanitizers INTERFACE -fsanitize=address,undefined)
endif()
