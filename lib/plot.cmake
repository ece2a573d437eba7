# kudzu::plot — figures to PNG (stb_image_write, stb_truetype). Separate from the core so that
# the core does not depend on it; it uses only the core's header-only kudzu/error.hpp.
add_library(kudzu_plot
  src/plot/axes.cpp
  src/plot/axes3d.cpp
  src/plot/builtin_face.cpp
  src/plot/canvas.cpp
  src/plot/color.cpp
  src/plot/colorbar.cpp
  src/plot/contour_series.cpp
  src/plot/coverage_mask.cpp
  src/plot/field.cpp
  src/plot/figure.cpp
  src/plot/filled_contour_series.cpp
  src/plot/font.cpp
  src/plot/image_series.cpp
  src/plot/legend.cpp
  src/plot/marching_squares.cpp
  src/plot/markers.cpp
  src/plot/panel.cpp
  src/plot/png.cpp
  src/plot/series.cpp
  src/plot/ticks.cpp
  src/plot/truetype_face.cpp
)
add_library(kudzu::plot ALIAS kudzu_plot)
target_include_directories(kudzu_plot
  PUBLIC $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include> $<INSTALL_INTERFACE:include>
  PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src/plot)
# libstb-dev ships the stb implementations compiled in libstb: no *_IMPLEMENTATION here.
target_link_libraries(kudzu_plot PRIVATE PkgConfig::STB)
target_compile_features(kudzu_plot PUBLIC cxx_std_20)
