// kudzu::plot: geometry, not bytes. Each test draws something small and checks where the
// ink landed, through Axes::to_pixel and Canvas::pixel.
#define BOOST_TEST_MODULE plot
#include <stb_image.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <filesystem>
#include <kudzu/error.hpp>
#include <kudzu/plot.hpp>
#include <limits>

#include "support.hpp"

namespace plot = kudzu::plot;
namespace fs = std::filesystem;
using kudzu::testing::TemporaryDirectory;

namespace {

bool is_white(plot::Color c) { return c.r > 0.97f && c.g > 0.97f && c.b > 0.97f; }
bool is_dark(plot::Color c) { return c.r + c.g + c.b < 1.0f; }
bool is_red(plot::Color c) { return c.r > 0.7f && c.g < 0.35f && c.b < 0.35f; }
plot::Color at(const plot::Canvas& canvas, plot::Point p) {
  return canvas.pixel(static_cast<int>(std::floor(p.x)), static_cast<int>(std::floor(p.y)));
}

// Pixels darker than the background inside rect (clipped to the canvas).
int ink_in(const plot::Canvas& canvas, plot::Rect rect) {
  int count = 0;
  for (int y = std::max(0, static_cast<int>(rect.top));
       y < std::min<double>(canvas.height(), rect.bottom()); ++y) {
    for (int x = std::max(0, static_cast<int>(rect.left));
         x < std::min<double>(canvas.width(), rect.right()); ++x) {
      count += is_white(canvas.pixel(x, y)) ? 0 : 1;
    }
  }
  return count;
}

// A small figure with one axes over the unit square and no grid.
struct UnitSquare {
  plot::Figure figure{{.width = 400, .height = 300}};
  plot::Axes& axes = figure.axes();
  UnitSquare() {
    axes.set_x_range({0, 1});
    axes.set_y_range({0, 1});
    axes.show_grid(false);
  }
};

}  // namespace

BOOST_AUTO_TEST_CASE(line_from_origin_to_one_crosses_the_diagonal_pixels) {
  UnitSquare square;
  square.axes.line(std::vector<double>{0, 1}, std::vector<double>{0, 1},
                   {.color = plot::colors::red, .width = 3});
  const plot::Canvas& canvas = square.figure.render();
  const plot::DataToPixel& to_pixel = square.axes.mapping();
  // Data (0, 0) is the plot area's bottom-left corner, (1, 1) its top-right one.
  BOOST_TEST(to_pixel(0, 0).x == to_pixel.box.left);
  BOOST_TEST(to_pixel(0, 0).y == to_pixel.box.bottom());
  BOOST_TEST(to_pixel(1, 1).x == to_pixel.box.right());
  BOOST_TEST(to_pixel(1, 1).y == to_pixel.box.top);
  for (double t = 0.1; t < 0.95; t += 0.1) {
    const plot::Point p = to_pixel(t, t);
    BOOST_TEST_CONTEXT("t = " << t) {
      BOOST_TEST(is_red(at(canvas, p)));
      BOOST_TEST(is_white(at(canvas, {p.x, p.y - 12})));  // above the line
      BOOST_TEST(is_white(at(canvas, {p.x, p.y + 12})));  // below it
    }
  }
}

BOOST_AUTO_TEST_CASE(dashed_line_has_ink_and_gaps) {
  UnitSquare square;
  square.axes.line(std::vector<double>{0, 1}, std::vector<double>{0.5, 0.5},
                   {.color = plot::colors::red, .width = 2, .dashes = {6, 6}});
  const plot::Canvas& canvas = square.figure.render();
  const plot::DataToPixel& to_pixel = square.axes.mapping();
  int inked = 0, blank = 0;
  for (double x = to_pixel.box.left + 10; x < to_pixel.box.right() - 10; ++x) {
    (is_red(at(canvas, {x, to_pixel(0, 0.5).y})) ? inked : blank) += 1;
    BOOST_TEST(is_white(at(canvas, {x, to_pixel(0, 0.5).y + 6})));
  }
  BOOST_TEST(inked > 50);
  BOOST_TEST(blank > 50);
}

BOOST_AUTO_TEST_CASE(contour_of_x_at_one_half_falls_on_its_pixel_column) {
  UnitSquare square;
  const auto field =
      plot::Field::sample([](double x, double) { return x; }, {0, 1}, {0, 1}, 11, 11);
  square.axes.contour(
      field, {.levels = {0.5}, .color = plot::colors::black, .width = 2, .inline_labels = false});
  const plot::Canvas& canvas = square.figure.render();
  const plot::DataToPixel& to_pixel = square.axes.mapping();
  for (double y = 0.1; y < 0.95; y += 0.1) {
    const plot::Point p = to_pixel(0.5, y);
    BOOST_TEST_CONTEXT("y = " << y) {
      BOOST_TEST(is_dark(at(canvas, p)));
      BOOST_TEST(is_white(at(canvas, {p.x - 8, p.y})));
      BOOST_TEST(is_white(at(canvas, {p.x + 8, p.y})));
    }
  }
}

BOOST_AUTO_TEST_CASE(inline_contour_label_cuts_a_gap_and_writes_the_level) {
  // Horizontal contour lines: the label of level 0.5 sits on its line in a cut-out gap.
  plot::Figure figure{{.width = 600, .height = 400}};
  plot::Axes& axes = figure.axes();
  axes.show_grid(false);
  const auto field = plot::Field::sample([](double, double y) { return y; }, {0, 1}, {0, 1}, 5, 5);
  axes.contour(field, {.levels = {0.5}, .color = plot::colors::black, .width = 2});
  const plot::Canvas& canvas = figure.render();
  const plot::DataToPixel& to_pixel = axes.mapping();
  const double y = std::floor(to_pixel(0, 0.5).y) + 0.5;
  int gap = 0, line = 0;
  for (double x = to_pixel.box.left + 2; x < to_pixel.box.right() - 2; ++x) {
    (is_dark(at(canvas, {x, y})) ? line : gap) += 1;
  }
  BOOST_TEST(line > 300);
  BOOST_TEST(gap > 10);  // the cut
  BOOST_TEST(gap < 60);
  // The label's ink lies within a text height of the line.
  const int label_ink = ink_in(canvas, {to_pixel.box.left, y - 9, to_pixel.box.width, 18}) - line;
  BOOST_TEST(label_ink > 20);
}

BOOST_AUTO_TEST_CASE(inline_contour_label_keeps_clear_of_the_points_to_avoid) {
  // Markers crowd the middle of the line, where the label would go: it moves beside them.
  plot::Figure figure{{.width = 600, .height = 400}};
  plot::Axes& axes = figure.axes();
  axes.show_grid(false);
  const auto field = plot::Field::sample([](double, double y) { return y; }, {0, 1}, {0, 1}, 5, 5);
  std::vector<plot::Point> crowd;
  for (double x = 0.3; x <= 0.7; x += 0.01) crowd.push_back({x, 0.5});
  axes.contour(field,
               {.levels = {0.5}, .color = plot::colors::black, .width = 2, .label_avoid = crowd});
  const plot::Canvas& canvas = figure.render();
  const plot::DataToPixel& to_pixel = axes.mapping();
  const double y = std::floor(to_pixel(0, 0.5).y) + 0.5;
  double gap_sum = 0;
  int gap = 0;
  for (double x = to_pixel.box.left + 2; x < to_pixel.box.right() - 2; ++x) {
    if (!is_dark(at(canvas, {x, y}))) gap_sum += to_pixel.data_x(x), ++gap;
  }
  BOOST_TEST_REQUIRE(gap > 10);  // a label was placed
  const double label_x = gap_sum / gap;
  BOOST_TEST((label_x < 0.3 || label_x > 0.7), "label at x = " << label_x);
}

BOOST_AUTO_TEST_CASE(points_far_outside_a_fixed_range_are_clipped_not_rasterized) {
  // A value of -1e300 on axes fixed at 0..1 lies ~1e302 pixels away: drawing must neither
  // allocate nor loop over that distance, and the visible part of the line is still drawn.
  UnitSquare square;
  square.axes.line(std::vector<double>{0, 1}, std::vector<double>{0.5, -1e300},
                   {.color = plot::colors::black, .dashes = {7, 4}});
  square.axes.line(std::vector<double>{0, 1}, std::vector<double>{0.25, 1e300},
                   {.color = plot::colors::black});
  square.axes.scatter(std::vector<double>{0.5, 1e300, -1e300},
                      std::vector<double>{1e300, 0.5, -1e300}, {.size = 10});
  const plot::Canvas& canvas = square.figure.render();
  const plot::DataToPixel& to_pixel = square.axes.mapping();
  BOOST_TEST(ink_in(canvas, {to_pixel(0, 0.5).x, to_pixel(0, 0.5).y - 3, 3, 6}) > 0);
  BOOST_TEST(ink_in(canvas, {to_pixel(0, 0.25).x, to_pixel(0, 0.25).y - 3, 3, 6}) > 0);
}

BOOST_AUTO_TEST_CASE(a_line_from_far_away_keeps_its_whole_visible_part) {
  // The visible end of a segment from y = -1e18 must not be interpolated from there: at that
  // magnitude doubles are 128 apart, and the line used to shrink to a single row.
  for (double far : {1e3, 1e17, 1e18, 1e20, 1e300}) {
    plot::Canvas canvas(200, 200);
    const plot::Point line[] = {{100.5, -far}, {100.5, 150}};
    canvas.stroke(line, {.color = plot::colors::black, .width = 1});
    int rows = 0;
    for (int y = 0; y < 200; ++y) rows += is_dark(canvas.pixel(100, y));
    BOOST_TEST(rows == 150, "from y = -" << far);
  }
}

BOOST_AUTO_TEST_CASE(a_polyline_through_a_far_point_keeps_both_of_its_segments) {
  // (10, 20) down to (100, 1e302) and back up to (190, 20): both visible parts are nearly
  // vertical lines from row 20 to the bottom edge.
  plot::Canvas canvas(200, 200);
  const plot::Point line[] = {{10.5, 20}, {100.5, 1e302}, {190.5, 20}};
  canvas.stroke(line, {.color = plot::colors::black, .width = 1});
  for (int x : {10, 190})
    for (int y = 25; y < 200; y += 10)
      BOOST_TEST(is_dark(canvas.pixel(x, y)), "(" << x << ", " << y << ")");
}

BOOST_AUTO_TEST_CASE(a_clipped_dashed_line_keeps_its_dashes_where_they_were) {
  // The same dashed line on a canvas 200 pixels wider and shifted by 200: the part both
  // show must match, rather than the clipped one restarting its pattern at the edge.
  plot::Canvas clipped(200, 100), whole(400, 100);
  const plot::Stroke dashed = {.color = plot::colors::black, .width = 1, .dashes = {8, 5}};
  const plot::Point cut[] = {{-100.3, 50.5}, {300, 50.5}};
  const plot::Point kept[] = {{99.7, 50.5}, {500, 50.5}};
  clipped.stroke(cut, dashed);
  whole.stroke(kept, dashed);
  for (int x = 0; x < 200; ++x)
    BOOST_TEST(std::abs(clipped.pixel(x, 50).r - whole.pixel(x + 200, 50).r) < 0.02, "x = " << x);
}

BOOST_AUTO_TEST_CASE(scatter_point_lands_at_its_data_coordinates) {
  plot::Figure figure{{.width = 400, .height = 300}};
  plot::Axes& axes = figure.axes();
  axes.show_grid(false);
  axes.set_x_range({0, 4});
  axes.set_y_range({-5, 0});
  axes.scatter(std::vector<double>{2.5}, std::vector<double>{-3},
               {.color = plot::colors::red, .size = 10});
  const plot::Canvas& canvas = figure.render();
  const plot::Point p = axes.to_pixel(2.5, -3);
  BOOST_TEST(p.x == axes.mapping().box.left + 2.5 / 4 * axes.mapping().box.width);
  BOOST_TEST(is_red(at(canvas, p)));
  BOOST_TEST(is_white(at(canvas, {p.x + 9, p.y})));
  BOOST_TEST(is_white(at(canvas, {p.x, p.y - 9})));
  BOOST_TEST(ink_in(canvas, {p.x - 6, p.y - 6, 12, 12}) > 50);
}

BOOST_AUTO_TEST_CASE(cross_marker_leaves_its_centre_and_diagonals_inked) {
  UnitSquare square;
  square.axes.scatter(std::vector<double>{0.5}, std::vector<double>{0.5},
                      {.color = plot::colors::black, .size = 16, .marker = plot::Marker::cross});
  const plot::Canvas& canvas = square.figure.render();
  const plot::Point p = square.axes.to_pixel(0.5, 0.5);
  BOOST_TEST(is_dark(at(canvas, p)));
  BOOST_TEST(is_dark(at(canvas, {p.x - 5, p.y - 5})));
  BOOST_TEST(is_white(at(canvas, {p.x, p.y - 6})));  // an 'x', not a '+'
}

BOOST_AUTO_TEST_CASE(star_marker_has_five_points_and_gaps_between_them) {
  UnitSquare square;
  square.axes.scatter(std::vector<double>{0.5}, std::vector<double>{0.5},
                      {.color = plot::colors::black, .size = 60, .marker = plot::Marker::star});
  const plot::Canvas& canvas = square.figure.render();
  const plot::Point p = square.axes.to_pixel(0.5, 0.5);
  BOOST_TEST(is_dark(at(canvas, p)));
  BOOST_TEST(is_dark(at(canvas, {p.x, p.y - 25})));        // the top point (30 pixels out)
  BOOST_TEST(is_white(at(canvas, {p.x, p.y + 25})));       // below: between the two lower points
  BOOST_TEST(is_white(at(canvas, {p.x - 20, p.y - 20})));  // between the top and the left point
  BOOST_TEST(is_dark(at(canvas, {p.x + 20, p.y - 6.5})));  // the right point
}

BOOST_AUTO_TEST_CASE(image_is_nearest_neighbour_with_row_zero_on_top) {
  plot::Figure figure{{.width = 300, .height = 300}};
  plot::Axes& axes = figure.axes();
  axes.image({2, 2, {0, 1, 1, 0}}, {.colormap = plot::Colormap::gray()});
  const plot::Canvas& canvas = figure.render();
  // Extent 0..2 x 0..2 on a y axis running down: row 0 (black, white) is y 0..1, on top.
  BOOST_TEST(axes.to_pixel(0, 0).y == axes.mapping().box.top);
  BOOST_TEST(is_dark(at(canvas, axes.to_pixel(0.5, 0.5))));
  BOOST_TEST(is_white(at(canvas, axes.to_pixel(1.5, 0.5))));
  BOOST_TEST(is_white(at(canvas, axes.to_pixel(0.5, 1.5))));
  BOOST_TEST(is_dark(at(canvas, axes.to_pixel(1.98, 1.98))));  // sharp up to the corner
}

BOOST_AUTO_TEST_CASE(image_ticks_count_rows_downward_also_with_a_fixed_range) {
  plot::Figure figure{{.width = 400, .height = 400}};
  plot::Axes& axes = figure.axes();
  axes.image({28, 28, std::vector<double>(28 * 28, 0)});
  axes.set_y_range({0, 28});
  const plot::Canvas& canvas = figure.render();
  const plot::Rect box = axes.mapping().box;
  BOOST_TEST(axes.to_pixel(0, 0).y == box.top);
  BOOST_TEST(axes.to_pixel(0, 28).y == box.bottom());
  // Tick marks left of the frame: 0 at the top edge, 25 near the bottom, none for 28.
  const auto tick_at = [&](double y) { return is_dark(at(canvas, {box.left - 4, y})); };
  BOOST_TEST(tick_at(box.top + 0.5));
  BOOST_TEST(tick_at(std::floor(axes.to_pixel(0, 25).y) + 0.5));
  BOOST_TEST(axes.to_pixel(0, 25).y > box.top + 0.85 * box.height);
  BOOST_TEST(!tick_at(box.bottom() - 0.5));
}

BOOST_AUTO_TEST_CASE(category_ticks_sit_on_each_category_and_nowhere_else) {
  plot::Figure figure{{.width = 400, .height = 300}};
  plot::Axes& axes = figure.axes();
  axes.set_x_range({-0.6, 2.6});
  axes.set_y_range({0, 1});
  axes.show_grid(false);
  axes.set_x_categories({"3", "8", "zero"});
  const plot::Canvas& canvas = figure.render();
  const plot::Rect box = axes.mapping().box;
  // Tick marks below the frame: at 0, 1 and 2, not at the nice ticks between (0.5, 1.5).
  const auto tick_at = [&](double x) {
    return is_dark(at(canvas, {std::floor(axes.to_pixel(x, 0).x) + 0.5, box.bottom() + 3}));
  };
  for (double x : {0.0, 1.0, 2.0}) BOOST_TEST(tick_at(x), "a tick at " << x);
  for (double x : {0.5, 1.5}) BOOST_TEST(!tick_at(x), "no tick at " << x);
  // Each label is written under its tick: the longest one takes the widest ink.
  const auto label_ink = [&](double x) {
    const double centre = axes.to_pixel(x, 0).x;
    return ink_in(canvas, {centre - 30, box.bottom() + 6, 60, 20});
  };
  BOOST_TEST(label_ink(0) > 0);
  BOOST_TEST(label_ink(2) > label_ink(0));
}

BOOST_AUTO_TEST_CASE(inverted_y_puts_zero_on_top_for_every_series_kind) {
  UnitSquare square;  // its y range is fixed before the inversion
  square.axes.invert_y();
  const auto field =
      plot::Field::sample([](double, double y) { return y; }, {0, 1}, {0, 1}, 11, 11);
  square.axes.filled_contour(field, {0, 0.5, 1}, plot::Colormap::gray());  // y < 0.5 black
  square.axes.contour(
      field, {.levels = {0.75}, .color = plot::colors::red, .width = 3, .inline_labels = false});
  square.axes.line(std::vector<double>{0, 1}, std::vector<double>{0.25, 0.25},
                   {.color = plot::colors::red, .width = 3});
  square.axes.scatter(std::vector<double>{0}, std::vector<double>{0},
                      {.color = plot::colors::red, .size = 12});
  const plot::Canvas& canvas = square.figure.render();
  const plot::DataToPixel& to_pixel = square.axes.mapping();
  const plot::Rect box = to_pixel.box;
  BOOST_TEST(to_pixel(0, 0).x == box.left);
  BOOST_TEST(to_pixel(0, 0).y == box.top);
  BOOST_TEST(to_pixel(1, 1).y == box.bottom());
  BOOST_TEST(std::abs(to_pixel.data_y(box.top + box.height / 4) - 0.25) < 1e-12);
  BOOST_TEST(is_red(at(canvas, {box.left + 1, box.top + 1})));  // the point's visible quarter
  BOOST_TEST(!is_red(at(canvas, {box.left + 1, box.bottom() - 2})));
  BOOST_TEST(is_red(at(canvas, to_pixel(0.5, 0.25))));  // the line
  BOOST_TEST(is_red(at(canvas, to_pixel(0.5, 0.75))));  // the contour
  BOOST_TEST(is_dark(at(canvas, to_pixel(0.3, 0.1))));  // the low band, at the top
  BOOST_TEST(is_white(at(canvas, to_pixel(0.3, 0.9))));
}

BOOST_AUTO_TEST_CASE(ticks_for_awkward_ranges) {
  const auto check = [](plot::Range range, std::vector<double> values,
                        std::vector<std::string> labels) {
    const plot::Ticks ticks = plot::nice_ticks(range);
    BOOST_TEST_CONTEXT(range.low << ".." << range.high) {
      BOOST_TEST_REQUIRE(ticks.values.size() == values.size());
      for (std::size_t i = 0; i < values.size(); ++i)
        BOOST_TEST(std::abs(ticks.values[i] - values[i]) < 1e-12);
      BOOST_TEST(ticks.labels == labels, boost::test_tools::per_element());
    }
  };
  check({0.8, 1.0}, {0.8, 0.85, 0.9, 0.95, 1.0}, {"0.80", "0.85", "0.90", "0.95", "1.00"});
  check({-7.5, 7.5}, {-7.5, -5, -2.5, 0, 2.5, 5, 7.5},
        {"\u22127.5", "\u22125.0", "\u22122.5", "0.0", "2.5", "5.0", "7.5"});
  check({1e-4, 3e-4}, {1e-4, 1.5e-4, 2e-4, 2.5e-4, 3e-4},
        {"1.0e\u22124", "1.5e\u22124", "2.0e\u22124", "2.5e\u22124", "3.0e\u22124"});
  check({0, 1}, {0, 0.2, 0.4, 0.6, 0.8, 1}, {"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"});
  check({0, 30}, {0, 5, 10, 15, 20, 25, 30}, {"0", "5", "10", "15", "20", "25", "30"});
}

BOOST_AUTO_TEST_CASE(integer_ticks_are_whole_numbers_for_counting_axes) {
  const auto values = [](plot::Range range) { return plot::nice_integer_ticks(range).values; };
  // Epochs 1..3 with the axes' 5 % margin: 1, 2, 3, never 0.5 or 1.5.
  BOOST_TEST(values({0.9, 3.1}) == (std::vector<double>{1, 2, 3}),
             boost::test_tools::per_element());
  // Two epochs, and one (a constant series): a tick at each whole number there is.
  BOOST_TEST(values({0.95, 2.05}) == (std::vector<double>{1, 2}), boost::test_tools::per_element());
  BOOST_TEST(values({1, 1}) == (std::vector<double>{1}), boost::test_tools::per_element());
  // Ranges that hold their ticks are kept as they are, margins and all.
  for (const plot::Range range :
       {plot::Range{0.95, 2.05}, plot::Range{1, 2}, plot::Range{0.5, 2.5}})
    BOOST_TEST_CONTEXT(range.low << ".." << range.high) {
      const plot::Ticks ticks = plot::nice_integer_ticks(range);
      BOOST_TEST(ticks.range.low == range.low);
      BOOST_TEST(ticks.range.high == range.high);
    }
  // No whole number inside: widened to the nearest, which is shown.
  const plot::Ticks none = plot::nice_integer_ticks({0.2, 0.4});
  BOOST_TEST(none.values == (std::vector<double>{0}), boost::test_tools::per_element());
  BOOST_TEST(none.range.low <= 0);
  // Long runs keep nice steps; a span nice_ticks would cut into 2.5s gets whole steps.
  for (const plot::Range range :
       {plot::Range{-9, 209}, plot::Range{0.5, 7.5}, plot::Range{0.55, 10.45}}) {
    const plot::Ticks ticks = plot::nice_integer_ticks(range);
    BOOST_TEST_CONTEXT(range.low << ".." << range.high) {
      BOOST_TEST(ticks.values.size() >= 3u);
      for (std::size_t i = 0; i < ticks.values.size(); ++i) {
        BOOST_TEST(ticks.values[i] == std::round(ticks.values[i]));
        BOOST_TEST(ticks.labels[i].find('.') == std::string::npos);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(constant_series_gets_a_sane_range) {
  const plot::Ticks three = plot::nice_ticks({3, 3});
  BOOST_TEST(three.range.low < 3);
  BOOST_TEST(three.range.high > 3);
  BOOST_TEST(three.range.span() < 1.0);
  BOOST_TEST(three.values.size() >= 3u);
  BOOST_TEST((std::find(three.labels.begin(), three.labels.end(), "3.0") != three.labels.end()));
  const plot::Ticks zero = plot::nice_ticks({0, 0});
  BOOST_TEST(zero.range.low == -1);
  BOOST_TEST(zero.range.high == 1);

  // An axes showing a constant line still maps it inside the plot area.
  plot::Figure figure{{.width = 300, .height = 200}};
  figure.axes().line(std::vector<double>{0, 1, 2}, std::vector<double>{0.5, 0.5, 0.5});
  figure.render();
  const plot::DataToPixel& to_pixel = figure.axes().mapping();
  BOOST_TEST(to_pixel(1, 0.5).y > to_pixel.box.top + 10);
  BOOST_TEST(to_pixel(1, 0.5).y < to_pixel.box.bottom() - 10);
}

BOOST_AUTO_TEST_CASE(labels_carry_no_float_noise) {
  const std::vector<double> values = {0.1 + 0.2, 3 * 0.1, 0.7};
  const std::vector<std::string> expected = {"0.3", "0.3", "0.7"};
  BOOST_TEST(plot::format_values(values) == expected, boost::test_tools::per_element());
  const std::vector<double> big = {0, 250000, 500000};
  const std::vector<std::string> big_labels = {"0", "2.5e5", "5.0e5"};
  BOOST_TEST(plot::format_values(big) == big_labels, boost::test_tools::per_element());
}

namespace {
// Draws text and checks that it inks its box and nothing well outside it.
void check_text_ink(const plot::Font& font) {
  plot::Canvas canvas(320, 120);
  const plot::Rect box = font.draw(canvas, "Kudzu 0.85 (x)", {40, 60}, {.size = 16});
  const plot::TextSize size = font.measure("Kudzu 0.85 (x)", 16);
  BOOST_TEST(box.width == size.width);
  BOOST_TEST(box.width > 60);
  BOOST_TEST(box.width < 200);
  BOOST_TEST(box.left == 40);
  BOOST_TEST(ink_in(canvas, {box.left - 2, box.top - 2, box.width + 4, box.height + 4}) > 100);
  const int total = ink_in(canvas, {0, 0, 320, 120});
  BOOST_TEST(total == ink_in(canvas, {box.left - 3, box.top - 3, box.width + 6, box.height + 6}));
}
}  // namespace

BOOST_AUTO_TEST_CASE(truetype_text_leaves_ink_inside_its_box_only) {
  const auto font = plot::Font::load(plot::Font::dejavu_sans_path);
  BOOST_TEST(!font->is_builtin());
  check_text_ink(*font);
}

BOOST_AUTO_TEST_CASE(builtin_font_leaves_ink_inside_its_box_only) {
  const auto font = plot::Font::builtin();
  BOOST_TEST(font->is_builtin());
  check_text_ink(*font);
}

BOOST_AUTO_TEST_CASE(rotated_text_stands_upright_beside_its_anchor) {
  const auto font = plot::Font::load_or_builtin();
  plot::Canvas canvas(200, 300);
  // 90 degrees, anchored at its box's top-centre: the text runs up the column x >= 100.
  font->draw(canvas, "accuracy per epoch", {100, 150},
             {.size = 16,
              .horizontal = plot::HorizontalAlign::center,
              .vertical = plot::VerticalAlign::top,
              .angle_degrees = 90});
  BOOST_TEST(ink_in(canvas, {100, 70, 22, 160}) > 100);
  BOOST_TEST(ink_in(canvas, {0, 0, 99, 300}) == 0);
  BOOST_TEST(ink_in(canvas, {0, 0, 200, 60}) == 0);
}

BOOST_AUTO_TEST_CASE(missing_font_file_falls_back_and_still_draws) {
  BOOST_CHECK_THROW(plot::Font::load("/nonexistent/font.ttf"), kudzu::Error);
  plot::Figure figure{{.width = 400, .height = 300, .font_path = "/nonexistent/font.ttf"}};
  BOOST_TEST(figure.font().is_builtin());
  figure.set_title("Fallback");
  figure.axes().line(std::vector<double>{0, 1}, std::vector<double>{0, 1});
  const plot::Canvas& canvas = figure.render();
  BOOST_TEST(ink_in(canvas, {0, 0, 400, 30}) > 20);  // the title
}

BOOST_AUTO_TEST_CASE(legend_sits_in_the_corner_asked_for) {
  const auto legend_ink = [](plot::LegendPlacement placement, bool left) {
    UnitSquare square;
    square.axes.line(std::vector<double>{0, 1}, std::vector<double>{0.1, 0.1}, {.label = "train"});
    square.axes.legend(placement);
    const plot::Canvas& canvas = square.figure.render();
    const plot::Rect box = square.axes.mapping().box;
    return ink_in(canvas, {left ? box.left + 2 : box.right() - 80, box.top + 2, 78, 40});
  };
  BOOST_TEST(legend_ink(plot::LegendPlacement::upper_left, true) > 50);
  BOOST_TEST(legend_ink(plot::LegendPlacement::upper_left, false) == 0);
  BOOST_TEST(legend_ink(plot::LegendPlacement::upper_right, false) > 50);
}

BOOST_AUTO_TEST_CASE(three_d_top_view_maps_axes_and_draws_near_points_last) {
  plot::Figure figure{{.width = 500, .height = 500}};
  plot::Axes3D& axes = figure.axes3d();
  axes.view(90, -90);  // from above: x to the right, y up the screen
  // Red below black at (0, 0), red above black at (0.5, 0.5); the corners fix the ranges.
  axes.scatter(std::vector<double>{0, 0.5}, std::vector<double>{0, 0.5}, std::vector<double>{0, 1},
               {.color = plot::colors::red, .size = 14});
  axes.scatter(std::vector<double>{0, 0.5, -1, 1}, std::vector<double>{0, 0.5, -1, 1},
               std::vector<double>{0.5, 0, 0, 1}, {.color = plot::colors::black, .size = 14});
  const plot::Canvas& canvas = figure.render();
  BOOST_TEST(axes.to_pixel(1, 0, 0).x > axes.to_pixel(-1, 0, 0).x + 100);
  BOOST_TEST(axes.to_pixel(0, 1, 0).y < axes.to_pixel(0, -1, 0).y - 100);
  BOOST_TEST(is_dark(at(canvas, axes.to_pixel(0, 0, 0.5))));
  BOOST_TEST(is_red(at(canvas, axes.to_pixel(0.5, 0.5, 1))));
}

BOOST_AUTO_TEST_CASE(three_d_box_widens_into_a_wide_cell_without_clipping_labels) {
  plot::Figure figure;  // 1400x700
  plot::Axes3D& axes = figure.axes3d();
  axes.scatter(std::vector<double>{-1, 1}, std::vector<double>{-1, 1}, std::vector<double>{0, 1},
               {.color = plot::colors::red});
  axes.set_x_label("embedding dimension 1");
  axes.set_y_label("embedding dimension 2");
  axes.set_z_label("probability");
  axes.view(10, -90);  // the y axis, seen end-on, and its label at the box's right side
  const plot::Canvas& canvas = figure.render();
  double left = 1e9, right = -1e9;
  for (double x : {-1, 1}) {
    for (double y : {-1, 1}) {
      left = std::min(left, axes.to_pixel(x, y, 0).x);
      right = std::max(right, axes.to_pixel(x, y, 0).x);
    }
  }
  BOOST_TEST(right - left > 0.6 * canvas.width());   // a box fitted by its height is ~0.45
  BOOST_TEST(ink_in(canvas, {0, 0, 12, 700}) == 0);  // the cell's padding stays clear
  BOOST_TEST(ink_in(canvas, {1388, 0, 12, 700}) == 0);
}

BOOST_AUTO_TEST_CASE(colours_match_matplotlib) {
  const plot::Color viridis_low = plot::Colormap::viridis().at(0);
  BOOST_TEST(std::abs(viridis_low.r - 0x44 / 255.0f) < 1e-6);
  BOOST_TEST(std::abs(viridis_low.b - 0x54 / 255.0f) < 1e-6);
  const plot::Color middle = plot::Colormap::blue_white_red().at(0.5);
  BOOST_TEST((middle.r > 0.95f && middle.g > 0.95f && middle.b > 0.95f));
  BOOST_TEST(plot::Colormap::blue_white_red().at(0).b > plot::Colormap::blue_white_red().at(0).r);
  BOOST_TEST(plot::tab10(10).r == plot::tab10(0).r);
  BOOST_TEST(std::abs(plot::tab10(1).g - 0x7f / 255.0f) < 1e-6);
}

BOOST_AUTO_TEST_CASE(colormap_from_anchor_colours) {
  const auto same = [](plot::Color a, plot::Color b) {
    return std::abs(a.r - b.r) < 1e-6f && std::abs(a.g - b.g) < 1e-6f &&
           std::abs(a.b - b.b) < 1e-6f && std::abs(a.a - b.a) < 1e-6f;
  };
  const plot::Color blue = plot::Color::hex(0x0000ff);
  const auto map = plot::Colormap::from_colors({plot::colors::red, plot::colors::white, blue});
  BOOST_TEST(same(map.at(0), plot::colors::red));
  BOOST_TEST(same(map.at(0.5), plot::colors::white));
  BOOST_TEST(same(map.at(1), blue));
  BOOST_TEST(same(map.at(0.75), plot::Color{0.5f, 0.5f, 1, 1}));
  BOOST_TEST(plot::Colormap::from_colors({blue.with_alpha(0), blue}).at(0.5).a == 0.5f);
  BOOST_CHECK_THROW(plot::Colormap::from_colors({plot::colors::red}), kudzu::UsageError);

  // Pastel ends, blue below and red above a near-white middle.
  const auto light = plot::Colormap::light_blue_white_red();
  BOOST_TEST(same(light.at(0), plot::Color::hex(0x6baed6)));
  BOOST_TEST(same(light.at(1), plot::Color::hex(0xfc9272)));
  const plot::Color middle = light.at(0.5);
  BOOST_TEST((middle.r > 0.95f && middle.g > 0.95f && middle.b > 0.95f));
  BOOST_TEST(light.at(0.2).b > light.at(0.2).r);
  BOOST_TEST(light.at(0.8).r > light.at(0.8).b);
}

BOOST_AUTO_TEST_CASE(mismatched_lengths_throw_a_shape_error) {
  plot::Figure figure;
  BOOST_CHECK_THROW(figure.axes().line(std::vector<double>{0, 1}, std::vector<double>{0}),
                    kudzu::ShapeError);
  BOOST_CHECK_THROW(figure.axes().image({2, 2, {0, 1, 2}}), kudzu::ShapeError);
  BOOST_CHECK_THROW(figure.axes().mapping(), kudzu::UsageError);  // not rendered yet
  BOOST_CHECK_THROW(figure.axes3d(), kudzu::UsageError);          // the cell holds 2-D axes
}

// An opaque canvas is written as RGB, one with any translucent pixel as RGBA: either way the
// file decodes to the canvas's very bytes.
BOOST_AUTO_TEST_CASE(written_png_holds_the_canvas_bytes_with_alpha_only_when_needed) {
  TemporaryDirectory directory;
  const auto written = [&](const plot::Canvas& canvas, const std::string& name) {
    const std::string path = (directory.path / name).string();
    canvas.save_png(path);
    int width = 0, height = 0, channels = 0;
    unsigned char* pixels = stbi_load(path.c_str(), &width, &height, &channels, 4);
    BOOST_TEST_REQUIRE(pixels != nullptr);
    BOOST_TEST(width == canvas.width());
    BOOST_TEST(height == canvas.height());
    const std::vector<std::uint8_t> decoded(pixels, pixels + width * height * 4);
    stbi_image_free(pixels);
    BOOST_TEST(decoded == canvas.rgba());
    return channels;
  };
  plot::Canvas opaque(40, 30);
  opaque.fill_circle({20, 15}, 9.5, plot::colors::red);  // anti-aliased: partial coverage
  BOOST_TEST(written(opaque, "opaque.png") == 3);
  plot::Canvas translucent(40, 30, plot::Color{1, 1, 1, 0.5f});
  translucent.fill_circle({20, 15}, 9.5, plot::colors::red);
  BOOST_TEST(written(translucent, "translucent.png") == 4);
}

BOOST_AUTO_TEST_CASE(written_png_decodes_to_the_right_size) {
  TemporaryDirectory directory;
  plot::Figure figure{{.width = 320, .height = 200}};
  figure.axes().line(std::vector<double>{0, 1}, std::vector<double>{0, 1},
                     {.color = plot::colors::red});
  const std::string path = (directory.path / "figure.png").string();
  figure.save_png(path);
  int width = 0, height = 0, channels = 0;
  unsigned char* pixels = stbi_load(path.c_str(), &width, &height, &channels, 4);
  BOOST_TEST_REQUIRE(pixels != nullptr);
  BOOST_TEST(width == 320);
  BOOST_TEST(height == 200);
  const plot::Point p = figure.axes().to_pixel(0.5, 0.5);
  const unsigned char* decoded =
      pixels + (static_cast<int>(p.y) * width + static_cast<int>(p.x)) * 4;
  const plot::Color drawn = at(figure.canvas(), p);
  BOOST_TEST(decoded[0] == std::lround(drawn.r * 255));
  BOOST_TEST(decoded[1] == std::lround(drawn.g * 255));
  stbi_image_free(pixels);
  BOOST_TEST(directory.entries() == std::vector<std::string>{"figure.png"},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(saving_into_a_missing_directory_throws_and_leaves_nothing) {
  TemporaryDirectory directory;
  plot::Figure figure{{.width = 100, .height = 80}};
  const std::string path = (directory.path / "missing" / "figure.png").string();
  try {
    figure.save_png(path);
    BOOST_FAIL("save_png into a missing directory did not throw");
  } catch (const kudzu::Error& error) {
    BOOST_TEST(std::string(error.what()).find(path) != std::string::npos);
    BOOST_TEST(std::string(error.what()).find("No such file or directory") != std::string::npos);
  }
  BOOST_TEST(directory.entries().empty());
}

BOOST_AUTO_TEST_CASE(a_failed_rename_removes_the_temporary_file) {
  TemporaryDirectory directory;
  fs::create_directories(directory.path / "taken.png" /
                         "child");  // a non-empty directory in the way
  plot::Figure figure{{.width = 100, .height = 80}};
  BOOST_CHECK_THROW(figure.save_png((directory.path / "taken.png").string()), kudzu::Error);
  BOOST_TEST(directory.entries() == std::vector<std::string>{"taken.png"},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(regions_take_the_colour_of_the_largest_field) {
  // Score 0 is x, score 1 is 1 - x: region 0 (red) right of x = 0.5, region 1 (blue) left.
  const plot::Field right =
      plot::Field::sample([](double x, double) { return x; }, {0, 1}, {0, 1}, 21, 21);
  const plot::Field left =
      plot::Field::sample([](double x, double) { return 1 - x; }, {0, 1}, {0, 1}, 21, 21);
  plot::Figure figure({.width = 400, .height = 400});
  plot::Axes& axes = figure.axes();
  axes.regions({right, left}, {plot::colors::red, plot::Color::hex(0x1f77b4)});
  figure.render();
  const plot::Color east = at(figure.canvas(), axes.to_pixel(0.8, 0.5));
  const plot::Color west = at(figure.canvas(), axes.to_pixel(0.2, 0.5));
  BOOST_TEST(is_red(east));
  BOOST_TEST((west.b > 0.6f && west.r < 0.3f));
  BOOST_CHECK_THROW(axes.regions({right, left}, {plot::colors::red}), kudzu::UsageError);
  const plot::Field coarse =
      plot::Field::sample([](double x, double) { return x; }, {0, 1}, {0, 1}, 5, 5);
  BOOST_CHECK_THROW(axes.regions({right, coarse}, {plot::colors::red, plot::colors::black}),
                    kudzu::ShapeError);
}

BOOST_AUTO_TEST_CASE(heatmap_cells_are_square_shaded_and_written_in_readable_ink) {
  plot::Figure figure({.width = 500, .height = 400});
  plot::Heatmap& map = figure.heatmap();
  map.set_cells(2, 2, {1, 0, 0, 1}, {"90", "1", "2", "97"});
  map.set_row_labels({"a", "b"});
  map.set_column_labels({"a", "b"});
  map.set_x_label("decided");
  map.set_y_label("true");
  figure.render();
  const plot::Rect top_left = map.cell_rect(0, 0), top_right = map.cell_rect(0, 1);
  BOOST_TEST(top_left.width == top_left.height);
  BOOST_TEST(top_right.left == top_left.right());
  // The largest value is dark (the colormap's end), the smallest light; each holds its text.
  BOOST_TEST(is_dark(at(figure.canvas(), {top_left.left + 3, top_left.top + 3})));
  BOOST_TEST(!is_dark(at(figure.canvas(), {top_right.left + 3, top_right.top + 3})));
  const auto count_in = [&](plot::Rect r, bool (*kind)(plot::Color)) {
    int count = 0;
    for (int y = static_cast<int>(r.top) + 2; y < r.bottom() - 2; ++y)
      for (int x = static_cast<int>(r.left) + 2; x < r.right() - 2; ++x)
        count += kind(figure.canvas().pixel(x, y));
    return count;
  };
  BOOST_TEST(count_in(top_left, is_white) > 5);  // white digits on the dark cell
  BOOST_TEST(count_in(top_right, is_dark) > 5);  // dark ones on the light cell
  BOOST_CHECK_THROW(map.set_cells(2, 2, {1, 0, 0}, {"a", "b", "c", "d"}), kudzu::ShapeError);
  map.set_row_labels({"only one"});
  BOOST_CHECK_THROW(figure.render(), kudzu::UsageError);
}

// Any numbers: figures draw from the finite values only, within ±1e300, or say that there
// is nothing to draw; never a crash, a hang or a non-finite range.
namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();
constexpr double infinity = std::numeric_limits<double>::infinity();

bool finite_range(plot::Range range) {
  return std::isfinite(range.low) && std::isfinite(range.high) && std::isfinite(range.span()) &&
         range.low < range.high;
}

// The dark text pixels of a one-line note across the middle of the plot area.
int note_ink(const plot::Canvas& canvas, const plot::DataToPixel& to_pixel) {
  const plot::Rect box = to_pixel.box;
  return ink_in(canvas, {box.left + 5, box.center().y - 8, box.width - 10, 16});
}

}  // namespace

BOOST_AUTO_TEST_CASE(ranges_come_from_finite_values_clamped_to_1e300) {
  plot::Figure figure{{.width = 500, .height = 300}};
  plot::Axes& axes = figure.axes();
  axes.line(std::vector<double>{not_a_number, 1, infinity, 2, -infinity},
            std::vector<double>{5, not_a_number, 6, 7, 8});
  axes.scatter(std::vector<double>{1.5, 1e308}, std::vector<double>{6.5, -1e308});
  axes.legend();
  figure.render();
  const plot::DataToPixel& to_pixel = axes.mapping();
  BOOST_TEST(finite_range(to_pixel.x));
  BOOST_TEST(finite_range(to_pixel.y));
  BOOST_TEST(to_pixel.x.high <= 1e300);  // 1e308 lies off the chart, which is clamped
  BOOST_TEST(to_pixel.y.low >= -1e300);
  BOOST_TEST(to_pixel.x.low < 1);  // the finite points are inside
  BOOST_TEST(to_pixel.y.high > 7);

  // Without the far point, the range is the finite points' with its margin: infinity is ignored.
  plot::Figure near{{.width = 500, .height = 300}};
  near.axes().line(std::vector<double>{not_a_number, 1, infinity, 2},
                   std::vector<double>{5, not_a_number, 6, 7});
  near.render();
  BOOST_TEST(near.axes().mapping().x.low > 0.5);
  BOOST_TEST(near.axes().mapping().x.high < 2.5);
}

BOOST_AUTO_TEST_CASE(fixed_ranges_that_are_not_finite_give_way_to_the_data) {
  plot::Figure figure{{.width = 400, .height = 300}};
  plot::Axes& axes = figure.axes();
  axes.set_x_range({not_a_number, not_a_number});
  axes.set_y_range({-infinity, infinity});
  axes.line(std::vector<double>{0, 1}, std::vector<double>{0, 1});
  figure.render();
  for (const plot::Range range : {axes.mapping().x, axes.mapping().y}) {
    BOOST_TEST(range.low <= 0);
    BOOST_TEST(range.high >= 1);
    BOOST_TEST(range.span() < 2);
  }
  // A finite range beyond ±1e300 is clamped to it.
  plot::Figure huge{{.width = 400, .height = 300}};
  huge.axes().set_x_range({-1e308, 1e308});
  huge.axes().line(std::vector<double>{0, 1}, std::vector<double>{0, 1});
  huge.render();
  BOOST_TEST(huge.axes().mapping().x.low == -1e300);
  BOOST_TEST(huge.axes().mapping().x.high == 1e300);
}

BOOST_AUTO_TEST_CASE(axes_with_nothing_finite_say_so_in_the_plot_area) {
  plot::Figure figure{{.width = 700, .height = 300, .columns = 2}};
  for (int column : {0, 1}) {
    figure.axes(0, column).show_grid(false);
    figure.axes(0, column).set_x_range({0, 1});
    figure.axes(0, column).set_y_range({0, 1});
  }
  // The same NaNs in both; the second axes also has one finite point, in a corner.
  figure.axes(0, 0).line(std::vector<double>{not_a_number, infinity},
                         std::vector<double>{not_a_number, not_a_number});
  figure.axes(0, 1).line(std::vector<double>{not_a_number, infinity},
                         std::vector<double>{not_a_number, not_a_number});
  figure.axes(0, 1).scatter(std::vector<double>{0.02}, std::vector<double>{0.02});
  const plot::Canvas& canvas = figure.render();
  BOOST_TEST(note_ink(canvas, figure.axes(0, 0).mapping()) > 100);
  BOOST_TEST(note_ink(canvas, figure.axes(0, 1).mapping()) == 0);
}

BOOST_AUTO_TEST_CASE(ticks_accept_any_range) {
  const plot::Ticks everything = plot::nice_ticks({-infinity, infinity});
  BOOST_TEST(everything.range.low == -1e300);
  BOOST_TEST(everything.range.high == 1e300);
  BOOST_TEST(everything.values.size() >= 3u);
  BOOST_TEST(everything.labels.back().find("e300") != std::string::npos);
  const plot::Ticks unknown = plot::nice_ticks({not_a_number, 1});
  BOOST_TEST(unknown.range.low == 0);
  BOOST_TEST(unknown.range.high == 1);
  const plot::Ticks backwards = plot::nice_ticks({5, 1});
  BOOST_TEST(backwards.range.low == 1);
  BOOST_TEST(backwards.range.high == 5);
  // Spans too small to tick (denormals) are widened like a constant.
  for (const plot::Range tiny : {plot::Range{0, 5e-324}, plot::Range{1e-310, 1e-310},
                                 plot::Range{1e-305, 1e-305 + 1e-320}}) {
    for (const plot::Ticks& ticks : {plot::nice_ticks(tiny), plot::nice_integer_ticks(tiny)}) {
      BOOST_TEST_CONTEXT(tiny.low << ".." << tiny.high) {
        BOOST_TEST(finite_range(ticks.range));
        BOOST_TEST(ticks.values.size() >= 1u);
        BOOST_TEST(ticks.values.size() == ticks.labels.size());
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(image_of_non_finite_values_leaves_nan_blank_and_clamps_infinities) {
  plot::Figure figure{{.width = 500, .height = 400}};
  plot::Axes& axes = figure.axes();
  // Row 0: NaN, +infinity; row 1: -infinity, 0; the value range asked for is not finite either.
  axes.image(plot::Image{2, 2, {not_a_number, infinity, -infinity, 0}},
             {.colormap = plot::Colormap::gray(), .value_range = plot::Range{-infinity, infinity}});
  axes.colorbar("value");
  axes.show_grid(false);
  const plot::Canvas& canvas = figure.render();
  BOOST_TEST(is_white(at(canvas, axes.to_pixel(0.5, 0.5))));  // NaN: blank
  BOOST_TEST(is_white(at(canvas, axes.to_pixel(1.5, 0.5))));  // +inf: the top of gray, white
  BOOST_TEST(is_dark(at(canvas, axes.to_pixel(0.5, 1.5))));   // -inf: the bottom, black
  // The finite values (only 0) span the colormap: 0..1 by the one-value rule.
  const plot::Color zero = at(canvas, axes.to_pixel(1.5, 1.5));
  BOOST_TEST(zero.r < 0.05f);
}

BOOST_AUTO_TEST_CASE(fields_over_ranges_that_are_not_finite_draw_nothing_and_say_so) {
  const auto one = [](double, double) { return 1.0; };
  const plot::Field lost =
      plot::Field::sample(one, {not_a_number, not_a_number}, {-infinity, infinity}, 5, 5);
  BOOST_CHECK_THROW(plot::Field::sample(one, {1, 1}, {0, 1}, 5, 5), kudzu::ShapeError);
  plot::Figure figure{{.width = 600, .height = 400}};
  plot::Axes& axes = figure.axes();
  axes.filled_contour(lost, {0, 0.5, 2});
  axes.contour(lost, {.levels = {0.5}});
  axes.scatter(std::vector<double>{not_a_number}, std::vector<double>{not_a_number});
  axes.colorbar("p");
  const plot::Canvas& canvas = figure.render();
  BOOST_TEST(finite_range(axes.mapping().x));
  BOOST_TEST(note_ink(canvas, axes.mapping()) > 100);
}

BOOST_AUTO_TEST_CASE(a_field_with_nan_values_leaves_them_blank_and_its_lines_cut) {
  // Left half NaN, right half x: the bands cover the right half only, and the contour at
  // 0.75 is still drawn there.
  const plot::Field half = plot::Field::sample(
      [](double x, double) { return x < 0.5 ? not_a_number : x; }, {0, 1}, {0, 1}, 41, 41);
  UnitSquare square;
  square.axes.filled_contour(half, {0, 0.5, 1}, plot::Colormap::gray_reversed());
  square.axes.contour(
      half, {.levels = {0.75}, .color = plot::colors::red, .width = 3, .inline_labels = false});
  const plot::Canvas& canvas = square.figure.render();
  const plot::DataToPixel& to_pixel = square.axes.mapping();
  BOOST_TEST(is_white(at(canvas, to_pixel(0.2, 0.5))));
  BOOST_TEST(is_dark(at(canvas, to_pixel(0.6, 0.5))));
  BOOST_TEST(is_red(at(canvas, to_pixel(0.75, 0.5))));
}

BOOST_AUTO_TEST_CASE(a_field_far_larger_than_the_axes_fills_only_what_shows) {
  // A field over ±1e300 on axes fixed at 0..1 spans ~1e302 pixels: only the plot area's are
  // visited and filled.
  const plot::Field wide = plot::Field::sample([](double, double) { return 1.0; }, {-1e300, 1e300},
                                               {-1e300, 1e300}, 3, 3);
  UnitSquare square;
  square.axes.filled_contour(wide, {0, 0.5, 2}, plot::Colormap::gray_reversed());
  const plot::Canvas& canvas = square.figure.render();
  BOOST_TEST(is_dark(at(canvas, square.axes.to_pixel(0.5, 0.5))));
}

BOOST_AUTO_TEST_CASE(three_d_axes_draw_the_finite_part_or_say_nothing_is_finite) {
  plot::Figure figure{{.width = 1000, .height = 500, .columns = 2}};
  plot::Axes3D& some = figure.axes3d(0, 0);
  const plot::Field surface = plot::Field::sample(
      [](double x, double y) { return x > 0.8   ? not_a_number
                                      : x < 0.1 ? infinity
                                                : x * y; },
      {0, 1}, {0, 1}, 11, 11);
  some.wireframe(surface, {.label = "surface"}, plot::Colormap::viridis());
  some.scatter(std::vector<double>{0.5, 1e308, not_a_number}, std::vector<double>{0.5, 0, 0},
               std::vector<double>{0.5, 0, 0}, {.marker = plot::Marker::star, .label = "points"});
  some.set_z_range({not_a_number, 1});
  some.legend();
  plot::Axes3D& none = figure.axes3d(0, 1);
  none.scatter(std::vector<double>{not_a_number}, std::vector<double>{infinity},
               std::vector<double>{0});
  const plot::Canvas& canvas = figure.render();
  const plot::Point inside = some.to_pixel(0.5, 0.5, 0.5);
  BOOST_TEST(std::isfinite(inside.x));
  BOOST_TEST(std::isfinite(inside.y));
  BOOST_TEST(ink_in(canvas, {inside.x - 3, inside.y - 3, 6, 6}) > 0);
  const plot::Point centre = none.to_pixel(0.5, 0.5, 0.5);  // the middle of its 0..1 box
  BOOST_TEST(ink_in(canvas, {centre.x - 150, centre.y - 8, 300, 16}) > 100);
}

BOOST_AUTO_TEST_CASE(a_star_far_off_the_canvas_draws_nothing) {
  UnitSquare square;
  square.axes.scatter(std::vector<double>{1e300, -1e300, 0.5},
                      std::vector<double>{0.5, 1e300, infinity},
                      {.size = 20, .marker = plot::Marker::star});
  const plot::Canvas& canvas = square.figure.render();
  BOOST_TEST(ink_in(canvas, square.axes.mapping().box) == 0);
}
