# Every dependency is found the packaged way; a missing one stops the configure step
# with one line that names the Debian package to install.
find_package(PkgConfig QUIET)
if(NOT PkgConfig_FOUND)
  message(FATAL_ERROR "pkg-config not found: install the Debian package 'pkg-config' (or run scripts/setup.sh)")
endif()

pkg_check_modules(OPENBLAS QUIET IMPORTED_TARGET openblas)
if(NOT OPENBLAS_FOUND)
  message(FATAL_ERROR "OpenBLAS not found: install the Debian package 'libopenblas-dev' (or run scripts/setup.sh)")
endif()

pkg_check_modules(STB QUIET IMPORTED_TARGET stb)
if(NOT STB_FOUND)
  message(FATAL_ERROR "stb not found: install the Debian package 'libstb-dev' (or run scripts/setup.sh)")
endif()

find_package(nlohmann_json 3 QUIET)
if(NOT nlohmann_json_FOUND)
  message(FATAL_ERROR "nlohmann/json not found: install the Debian package 'nlohmann-json3-dev' (or run scripts/setup.sh)")
endif()

find_package(ZLIB QUIET)
if(NOT ZLIB_FOUND)
  message(FATAL_ERROR "zlib not found: install the Debian package 'zlib1g-dev' (or run scripts/setup.sh)")
endif()

find_package(nlohmann_json 3.11 QUIET)
if(NOT nlohmann_json_FOUND)
  message(FATAL_ERROR "nlohmann/json not found: install the Debian package 'nlohmann-json3-dev' (or run scripts/setup.sh)")
endif()

find_package(Boost 1.74 QUIET COMPONENTS program_options unit_test_framework)
if(NOT Boost_FOUND)
  message(FATAL_ERROR "Boost not found: install the Debian packages 'libboost-program-options-dev' and 'libboost-test-dev' (or run scripts/setup.sh)")
endif()

if(KUDZU_BUILD_BENCHMARKS)
  find_package(benchmark QUIET)
  if(NOT benchmark_FOUND)
    message(FATAL_ERROR "Google Benchmark not found: install the Debian package 'libbenchmark-dev' (or run scripts/setup.sh), or configure with -DKUDZU_BUILD_BENCHMARKS=OFF")
  endif()
endif()
