#include "figures.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "functions.hpp"
#include "kudzu/error.hpp"
#include "kudzu/plot.hpp"

namespace kudzu::approximate {
namespace {

namespace fs = std::filesystem;
using plot::Axes;
using plot::Figure;
using plot::Range;

constexpr plot::Color target_color = plot::colors::black;
constexpr plot::Color shade_color = plot::Color::hex(0xdde8f3);  // the training range

// An error for a legend: two significant digits, powers of ten written out ("3.1e4",
// "5.2e−10") rather than as printf's "3.1e+04".
std::string format_error(double value) {
  char text[48];
  if (value != 0 && (value < 1e-3 || value >= 1e4)) {
    const int exponent = static_cast<int>(std::floor(std::log10(value)));
    std::snprintf(text, sizeof text, "%.1fe%s%d", value / std::pow(10.0, exponent),
                  exponent < 0 ? "−" : "", std::abs(exponent));
  } else {
    std::snprintf(text, sizeof text, "%.2g", value);
  }
  return text;
}

std::string errors_text(const FitErrors& errors) {
  return "max |error| " + format_error(errors.inside.max) + " inside, " +
         format_error(errors.outside.max) + " outside";
}

std::string range_text(const FigureData& data) {
  std::string text = "[";  // appended, not "[" + ...: g++ 12 warns falsely (-Wrestrict)
  text += format_bound(data.low);
  text += ", ";
  text += format_bound(data.high);
  return text + "]";
}

// "σ", "tanh", "relu": the activation as the formulas write it.
std::string activation_symbol(const std::string& activation) {
  return activation == "sigmoid" ? "σ" : activation;
}

std::string network_text(const FigureData& data) {
  return std::to_string(data.units) + " " + data.activation + " unit" +
         (data.units == 1 ? "" : "s");
}

// The lowest and highest finite value of every series, with a margin below and `headroom`
// (a fraction of the span) above, where the legend goes.
Range value_range(const std::vector<const std::vector<double>*>& series, double headroom) {
  double low = INFINITY, high = -INFINITY;
  for (const std::vector<double>* values : series)
    for (double v : *values)
      if (std::isfinite(v)) low = std::min(low, v), high = std::max(high, v);
  if (!(low < high)) low -= 0.5, high += 0.5;  // a constant, or nothing finite
  const double span = high - low;
  return {low - 0.06 * span, high + headroom * span};
}

// Values far off the chart are clipped to just beyond it: the line still leaves the chart
// where it should, without pixel coordinates of 10^30.
std::vector<double> clip_to(const std::vector<double>& values, Range range) {
  std::vector<double> clipped;
  for (double v : values)
    clipped.push_back(std::clamp(v, range.low - range.span(), range.high + range.span()));
  return clipped;
}

// The training range as a light band behind everything, over the whole height of the axes,
// with a legend entry of its own (a line with no points carries it).
void shade_training_range(Axes& axes, const FigureData& data, Range y, std::string label) {
  plot::Field band{{data.low, data.high}, y, 2, 2, {1, 1, 1, 1}};
  axes.filled_contour(band, {0, 2}, plot::Colormap::from_colors({shade_color, shade_color}));
  axes.line({}, {}, {.color = shade_color, .width = 10, .label = std::move(label)});
}

Figure draw_fit(const FigureData& data) {
  Figure figure;
  Axes& axes = figure.axes();
  const Range x{data.xs.front(), data.xs.back()};
  const int entries = data.taylor ? 4 : 3;
  const Range y = value_range({&data.target, &data.fit}, 0.12 + 0.085 * entries);
  shade_training_range(
      axes, data, y,
      "training range " + range_text(data) + ", " + std::to_string(data.samples) + " points");
  axes.line(data.xs, data.target,
            {.color = target_color, .width = 2.5, .label = "target: " + data.formula});
  if (data.taylor)
    axes.line(data.xs, clip_to(data.taylor->values, y),
              {.color = plot::tab10(2),
               .width = 2,
               .dashes = {9, 5},
               .label = data.taylor->label + ": " + errors_text(data.taylor->errors)});
  axes.line(data.xs, data.fit,
            {.color = plot::tab10(3),
             .width = 2.5,
             .label = "network, " + network_text(data) + ": " + errors_text(data.errors)});
  axes.set_x_range(x);
  axes.set_y_range(y);
  axes.set_x_label("x  (outside: as wide again on each side of the training range)");
  axes.set_y_label("y");
  axes.legend(plot::LegendPlacement::upper_left);
  figure.set_title("One hidden layer of " + network_text(data) + " fits " + data.formula +
                   " on its training range, and only there");
  return figure;
}

Figure draw_pieces(const FigureData& data) {
  Figure figure(plot::FigureOptions{.width = 1400, .height = 800});
  Axes& axes = figure.axes();
  const Pieces& pieces = data.pieces;
  // The units may reach far beyond the target (relu units grow without end, and large ones
  // cancel): the chart shows them up to four times the target's own span, and a unit line
  // beyond that leaves the chart, so that the target and the sum stay readable.
  const Range own = value_range({&data.target, &pieces.sum}, 0);
  std::vector<const std::vector<double>*> shown = {&data.target, &pieces.sum};
  for (const std::vector<double>& unit : pieces.units) shown.push_back(&unit);
  const Range all = value_range(shown, 0);
  const double middle = (own.low + own.high) / 2, reach = 2 * own.span();
  const Range units_y{std::max(all.low, middle - reach), std::min(all.high, middle + reach)};
  const Range y{units_y.low, units_y.high + 0.35 * units_y.span()};  // headroom for the legend
  shade_training_range(axes, data, y, "training range " + range_text(data));
  const std::string symbol = activation_symbol(pieces.activation);
  // Thin, each in its own colour: one legend entry speaks for them all.
  for (std::size_t i = 0; i < pieces.units.size(); ++i)
    axes.line(data.xs, clip_to(pieces.units[i], y),
              {.color = plot::tab10(static_cast<int>(i)).with_alpha(0.85f),
               .width = 1.3,
               .label = i == 0 ? "each thin line: one unit's v·" + symbol + "(w x + b)" : ""});
  // Where each unit switches: the middle of a sigmoid's or tanh's step, a relu's kink.
  std::vector<double> centres, heights;
  for (std::size_t i = 0; i < pieces.w.size(); ++i) {
    if (pieces.w[i] == 0) continue;
    const double centre = -pieces.b[i] / pieces.w[i];
    if (centre < data.xs.front() || centre > data.xs.back()) continue;
    centres.push_back(centre);
    heights.push_back(pieces.activation == "sigmoid" ? pieces.v[i] / 2 : 0);
  }
  axes.scatter(centres, heights,
               {.color = plot::colors::dark_gray,
                .size = 7,
                .label = "where w x + b = 0 (" + std::to_string(centres.size()) + " of " +
                         std::to_string(pieces.w.size()) + " units in view)"});
  axes.line(
      data.xs, data.target,
      {.color = target_color, .width = 2, .dashes = {7, 4}, .label = "target: " + data.formula});
  char bias[32];
  std::snprintf(bias, sizeof bias, "%.3g", std::abs(pieces.output_bias));
  axes.line(data.xs, pieces.sum,
            {.color = plot::tab10(3).with_alpha(0.9f),
             .width = 4,
             .label = "their sum + the output bias (" +
                      std::string(pieces.output_bias < 0 ? "−" : "") + bias + "): the network"});
  axes.set_x_range({data.xs.front(), data.xs.back()});
  axes.set_y_range(y);
  axes.set_x_label("x");
  axes.set_y_label("contribution to the output");
  axes.legend(plot::LegendPlacement::upper_left);
  figure.set_title("The " + network_text(data) + ", each a simple piece v·" + symbol +
                   "(w x + b), add up to the fit");
  return figure;
}

Figure draw_loss(const FigureData& data) {
  Figure figure;
  Axes& axes = figure.axes();
  std::vector<double> steps, logs;
  for (std::size_t i = 0; i < data.losses.size(); ++i) {
    steps.push_back(static_cast<double>(i + 1));
    logs.push_back(data.losses[i] > 0 ? std::log10(data.losses[i]) : NAN);
  }
  axes.line(steps, logs, {.color = plot::tab10(0), .width = 1.5});
  axes.set_x_label("training step, each on all " + std::to_string(data.samples) +
                   " points (learning rate constant for the first half, then decaying to 0)");
  axes.set_x_integer_ticks();
  axes.set_y_label("log10 of the mean squared error (−3 is 0.001)");
  figure.set_title("Training loss of the " + network_text(data) + " on " + data.formula + ", " +
                   range_text(data));
  return figure;
}

Figure draw_sweep(const FigureData& data) {
  Figure figure;
  Axes& axes = figure.axes();
  // Log scales, as log10 and log2 of the values (the plot library's axes are linear).
  std::vector<double> units, inside, outside;
  for (const SweepPoint& point : data.sweep) {
    units.push_back(std::log2(point.units));
    inside.push_back(std::log10(std::max(point.errors.inside.max, 1e-12)));
    outside.push_back(std::log10(std::max(point.errors.outside.max, 1e-12)));
  }
  const plot::LineStyle inside_style{.color = plot::tab10(0),
                                     .label = "inside the training range " + range_text(data)};
  const plot::LineStyle outside_style{.color = plot::tab10(3),
                                      .dashes = {8, 5},
                                      .label = "outside it (as wide again on each side)"};
  axes.line(units, inside, inside_style);
  axes.scatter(units, inside, {.color = inside_style.color, .size = 9});
  axes.line(units, outside, outside_style);
  axes.scatter(units, outside, {.color = outside_style.color, .size = 9});
  const auto [low, high] = std::minmax_element(units.begin(), units.end());
  const double margin = std::max(0.25, 0.05 * (*high - *low));
  axes.set_x_range({*low - margin, *high + margin});
  axes.set_x_integer_ticks();
  axes.set_x_label("log2 of the number of hidden units (0 is 1 unit, 3 is 8, 6 is 64)");
  axes.set_y_label("log10 of max |error| (−2 is 0.01)");
  axes.legend(plot::LegendPlacement::best);
  figure.set_title("More " + data.activation + " units shrink the error on " + data.formula +
                   " inside the range, not outside it");
  return figure;
}

bool always(const FigureData&) { return true; }
bool has_sweep(const FigureData& data) { return !data.sweep.empty(); }

struct FigureSpec {
  const char* name;
  bool (*applies)(const FigureData&);
  Figure (*draw)(const FigureData&);
};

constexpr FigureSpec figure_specs[] = {
    {"fit.png", always, draw_fit},
    {"pieces.png", always, draw_pieces},
    {"loss.png", always, draw_loss},
    {"sweep.png", has_sweep, draw_sweep},
};

}  // namespace

std::vector<std::string> figure_names() {
  std::vector<std::string> names;
  for (const FigureSpec& spec : figure_specs) names.push_back(spec.name);
  return names;
}

std::optional<Figure> build_figure(const std::string& name, const FigureData& data) {
  for (const FigureSpec& spec : figure_specs)
    if (name == spec.name)
      return spec.applies(data) ? std::optional(spec.draw(data)) : std::nullopt;
  throw UsageError("build_figure: no figure is called '" + name + "'");
}

std::vector<std::string> draw_figures(const FigureData& data, const fs::path& dir) {
  std::vector<std::string> written;
  for (const FigureSpec& spec : figure_specs) {
    if (!spec.applies(data)) continue;
    spec.draw(data).save_png((dir / spec.name).string());
    written.push_back(spec.name);
  }
  return written;
}

}  // namespace kudzu::approximate
