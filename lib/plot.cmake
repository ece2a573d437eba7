# kudzu::plot: figures to PNG (stb_image_write, stb_truetype). A layer of its own that sees
# nothing of the core, nn or io, only the base header kudzu/error.hpp.
kudzu_layer_library(plot kudzu_plot
  LAYERS base plot
  SOURCES
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
    src/plot/heatmap.cpp
    src/plot/image_series.cpp
    src/plot/legend.cpp
    src/plot/marching_squares.cpp
    src/plot/markers.cpp
    src/plot/panel.cpp
    src/plot/png.cpp
    src/plot/region_series.cpp
    src/plot/series.cpp
    src/plot/ticks.cpp
    src/plot/truetype_face.cpp
  # libstb-dev ships the stb implementations compiled in libstb: no *_IMPLEMENTATION here.
  PRIVATE_LINKS PkgConfig::STB)
