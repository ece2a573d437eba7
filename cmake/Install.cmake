# What `cmake --install` puts in the prefix: the public headers, libkudzu (and libkudzu_plot
# when that target exists), the CMake package that `find_package(kudzu CONFIG)` reads, and
# kudzu.pc for pkg-config. Included from the top-level CMakeLists.txt after lib/.
include(CMakePackageConfigHelpers)

set(KUDZU_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/kudzu)

# libkudzu_core.so.0.1 and the others: 0.x releases may break the ABI with each minor version.
# Consumers write kudzu::kudzu (the umbrella), kudzu::core, kudzu::nn, kudzu::io and
# kudzu::plot, as in this tree.
set(_kudzu_soversion ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR})
set(_kudzu_libraries kudzu_core kudzu_nn kudzu_io)
if(TARGET kudzu_plot)
  list(APPEND _kudzu_libraries kudzu_plot)
endif()
set_target_properties(${_kudzu_libraries} PROPERTIES
  VERSION ${PROJECT_VERSION} SOVERSION ${_kudzu_soversion})

install(TARGETS kudzu ${_kudzu_libraries} EXPORT kudzuTargets
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
# The plot headers go only with the plot library.
set(_kudzu_header_excludes)
if(NOT TARGET kudzu_plot)
  set(_kudzu_header_excludes PATTERN plot EXCLUDE PATTERN plot.hpp EXCLUDE)
endif()
install(DIRECTORY ${PROJECT_SOURCE_DIR}/lib/include/kudzu
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.hpp" ${_kudzu_header_excludes})
install(EXPORT kudzuTargets NAMESPACE kudzu:: DESTINATION ${KUDZU_INSTALL_CMAKEDIR})

# A static libkudzu carries its private dependencies (OpenBLAS, zlib; stb for the plot
# library) onto the consumer's link line, so the package must find them for the consumer.
get_target_property(_kudzu_type kudzu_core TYPE)
if(_kudzu_type STREQUAL "STATIC_LIBRARY")
  set(KUDZU_STATIC TRUE)
  set(KUDZU_PC_REQUIRES_PRIVATE "Requires.private: openblas zlib\n")
else()
  set(KUDZU_STATIC FALSE)
  set(KUDZU_PC_REQUIRES_PRIVATE "")
endif()

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/kudzuConfig.cmake.in
  ${PROJECT_BINARY_DIR}/kudzuConfig.cmake
  INSTALL_DESTINATION ${KUDZU_INSTALL_CMAKEDIR})
# 0.x: a minor version may break the API, so only the same minor version is compatible.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/kudzuConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/kudzuConfig.cmake ${PROJECT_BINARY_DIR}/kudzuConfigVersion.cmake
  DESTINATION ${KUDZU_INSTALL_CMAKEDIR})

# kudzu.pc locates the prefix from its own place (${pcfiledir}), so an installed tree
# still works after `cmake --install --prefix` elsewhere or a move.
set(_kudzu_pcdir ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig)
file(RELATIVE_PATH KUDZU_PC_PREFIX_FROM_PCDIR ${_kudzu_pcdir} ${CMAKE_INSTALL_PREFIX})
string(REGEX REPLACE "/$" "" KUDZU_PC_PREFIX_FROM_PCDIR "${KUDZU_PC_PREFIX_FROM_PCDIR}")
file(RELATIVE_PATH KUDZU_PC_LIBDIR ${CMAKE_INSTALL_PREFIX} ${CMAKE_INSTALL_FULL_LIBDIR})
file(RELATIVE_PATH KUDZU_PC_INCLUDEDIR ${CMAKE_INSTALL_PREFIX} ${CMAKE_INSTALL_FULL_INCLUDEDIR})
configure_file(${PROJECT_SOURCE_DIR}/cmake/kudzu.pc.in ${PROJECT_BINARY_DIR}/kudzu.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/kudzu.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
