# toro_embed(OUTPUT file.cpp BASE dir FILES f1 f2 ...)
# Generates a C++ source that defines toro::embedded_files(): each file's path relative to BASE
# and its bytes, so that migrations, reference data and demo data travel inside the binary.
function(toro_embed)
  cmake_parse_arguments(ARG "" "OUTPUT;BASE" "FILES" ${ARGN})
  add_custom_command(
    OUTPUT "${ARG_OUTPUT}"
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${ARG_OUTPUT} -DBASE=${ARG_BASE} "-DFILES=${ARG_FILES}"
            -P "${PROJECT_SOURCE_DIR}/cmake/EmbedFiles.cmake"
    DEPENDS ${ARG_FILES} "${PROJECT_SOURCE_DIR}/cmake/EmbedFiles.cmake"
    COMMENT "Embedding ${CMAKE_CURRENT_LIST_DIR} resources"
    VERBATIM)
endfunction()
