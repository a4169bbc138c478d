# toro_warnings: the warning set every project target uses; errors only when TORO_WERROR is on
# (CI and development builds), so that a newer compiler never breaks a user's build.
add_library(toro_warnings INTERFACE)
target_compile_options(toro_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
  -Wold-style-cast -Woverloaded-virtual -Wimplicit-fallthrough
  $<$<BOOL:${TORO_WERROR}>:-Werror>)
