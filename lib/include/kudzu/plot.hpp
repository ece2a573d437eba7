// kudzu::plot — figures drawn to PNG without Python: a Figure holds a grid of Axes (lines,
// scatter, images, filled and labelled contours, legend, colorbar) or Axes3D (wireframe
// and scatter), rasterized anti-aliased into an RGBA canvas and written with stb_image_write.
//
//   #include <kudzu/plot.hpp>
//   namespace plot = kudzu::plot;
//
//   plot::Figure figure;                       // 1400x700
//   plot::Axes& axes = figure.axes();
//   axes.line(epochs, train, {.color = plot::tab10(0), .label = "train"});
//   axes.line(epochs, test, {.color = plot::tab10(1), .dashes = {7, 4}, .label = "test"});
//   axes.set_y_range({0.8, 1.0});
//   axes.set_x_label("epoch");
//   axes.set_y_label("accuracy");
//   axes.legend(plot::LegendPlacement::upper_left);
//   figure.set_title("Accuracy per epoch");
//   figure.save_png("accuracy.png");           // throws kudzu::Error on failure
#pragma once

#include "kudzu/plot/axes.hpp"
#include "kudzu/plot/axes3d.hpp"
#include "kudzu/plot/canvas.hpp"
#include "kudzu/plot/color.hpp"
#include "kudzu/plot/field.hpp"
#include "kudzu/plot/figure.hpp"
#include "kudzu/plot/font.hpp"
#include "kudzu/plot/geometry.hpp"
#include "kudzu/plot/heatmap.hpp"
#include "kudzu/plot/ticks.hpp"
