# Every dependency comes from a Debian package (see README): found here, nowhere else.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(fmt REQUIRED)
find_package(SQLiteCpp REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(tomlplusplus REQUIRED)
find_package(CLI11 REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(Boost 1.74 REQUIRED)
find_package(OpenSSL REQUIRED)
pkg_check_modules(UTF8PROC REQUIRED IMPORTED_TARGET libutf8proc)
pkg_check_modules(XLSXWRITER REQUIRED IMPORTED_TARGET xlsxwriter)
# liborcus (its .ods reader and its XML parser) and minizip read workbooks, only in the spreadsheet
# module (lib/io/workbook_*orcus.cpp), which toro loads on first use.
pkg_check_modules(ORCUS REQUIRED IMPORTED_TARGET liborcus-0.17)
pkg_check_modules(MINIZIP REQUIRED IMPORTED_TARGET minizip)
pkg_check_modules(ICU_I18N REQUIRED icu-i18n)
# libpq, PostgreSQL's C client, for a store on PostgreSQL (lib/store/pg/): compiled against and
# opened on first use like the libraries below, since it brings libssl and libcrypto with it.
pkg_check_modules(LIBPQ REQUIRED libpq)

# libcsv ships neither a CMake config nor a pkg-config file.
find_path(LIBCSV_INCLUDE_DIR csv.h REQUIRED)
find_library(LIBCSV_LIBRARY NAMES csv REQUIRED)
add_library(libcsv::libcsv UNKNOWN IMPORTED)
set_target_properties(libcsv::libcsv PROPERTIES
  IMPORTED_LOCATION "${LIBCSV_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${LIBCSV_INCLUDE_DIR}")

# libxlsxwriter, libcrypto and ICU's collation are compiled against but not linked: toro opens
# them on first use (lib/core/shared_library.hpp), because loading them at start-up cost more
# than all the rest of a short command's start-up, and only xlsx output, pseudonyms and lists
# sorted by name need them. The library files are found here; the program opens them by their
# SONAME.
function(toro_soname variable library)
  get_filename_component(library "${library}" REALPATH)
  execute_process(COMMAND "${CMAKE_OBJDUMP}" -p "${library}" OUTPUT_VARIABLE dump RESULT_VARIABLE failed)
  if(failed OR NOT dump MATCHES "SONAME +([^ \n]+)")
    message(FATAL_ERROR "cannot read the SONAME of ${library}")
  endif()
  set(${variable} "${CMAKE_MATCH_1}" PARENT_SCOPE)
endfunction()
find_library(TORO_XLSXWRITER_LIBRARY NAMES xlsxwriter HINTS ${XLSXWRITER_LIBRARY_DIRS} REQUIRED)
toro_soname(TORO_XLSXWRITER_SONAME "${TORO_XLSXWRITER_LIBRARY}")
toro_soname(TORO_CRYPTO_SONAME "${OPENSSL_CRYPTO_LIBRARY}")
add_library(toro_xlsxwriter_on_demand INTERFACE)
target_include_directories(toro_xlsxwriter_on_demand INTERFACE ${XLSXWRITER_INCLUDE_DIRS})
target_compile_definitions(toro_xlsxwriter_on_demand INTERFACE TORO_XLSXWRITER_SONAME="${TORO_XLSXWRITER_SONAME}")
target_link_libraries(toro_xlsxwriter_on_demand INTERFACE ${CMAKE_DL_LIBS})
add_library(toro_crypto_on_demand INTERFACE)
target_include_directories(toro_crypto_on_demand INTERFACE ${OPENSSL_INCLUDE_DIR})
target_compile_definitions(toro_crypto_on_demand INTERFACE TORO_CRYPTO_SONAME="${TORO_CRYPTO_SONAME}")
target_link_libraries(toro_crypto_on_demand INTERFACE ${CMAKE_DL_LIBS})
find_library(TORO_ICU_I18N_LIBRARY NAMES icui18n HINTS ${ICU_I18N_LIBRARY_DIRS} REQUIRED)
toro_soname(TORO_ICU_I18N_SONAME "${TORO_ICU_I18N_LIBRARY}")
add_library(toro_icu_on_demand INTERFACE)
target_include_directories(toro_icu_on_demand INTERFACE ${ICU_I18N_INCLUDE_DIRS})
target_compile_definitions(toro_icu_on_demand INTERFACE TORO_ICU_I18N_SONAME="${TORO_ICU_I18N_SONAME}")
target_link_libraries(toro_icu_on_demand INTERFACE ${CMAKE_DL_LIBS})
find_library(TORO_PQ_LIBRARY NAMES pq HINTS ${LIBPQ_LIBRARY_DIRS} REQUIRED)
toro_soname(TORO_PQ_SONAME "${TORO_PQ_LIBRARY}")
add_library(toro_pq_on_demand INTERFACE)
target_include_directories(toro_pq_on_demand INTERFACE ${LIBPQ_INCLUDE_DIRS})
target_compile_definitions(toro_pq_on_demand INTERFACE TORO_PQ_SONAME="${TORO_PQ_SONAME}")
target_link_libraries(toro_pq_on_demand INTERFACE ${CMAKE_DL_LIBS})
