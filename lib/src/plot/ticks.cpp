#include "kudzu/plot/ticks.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "shown_values.hpp"

namespace kudzu::plot {

namespace {

constexpr const char* minus_sign = "\u2212";

// The value written with `decimals` digits after the point, with a Unicode minus.
std::string fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, std::abs(value));
  const bool negative =
      value < 0 && std::string(buffer).find_first_not_of("0.") != std::string::npos;
  return (negative ? minus_sign : "") + std::string(buffer);
}

// The fewest decimals (at most 12) that write every value to within a millionth of the
// largest magnitude, so that 0.30000000000000004 becomes 0.3.
int shared_decimals(std::span<const double> values, double magnitude) {
  for (int decimals = 0; decimals < 12; ++decimals) {
    const double unit = std::pow(10.0, decimals);
    const bool exact = std::all_of(values.begin(), values.end(), [&](double v) {
      return std::abs(std::round(v * unit) / unit - v) <= 1e-6 * magnitude;
    });
    if (exact) return decimals;
  }
  return 12;
}

}  // namespace

std::vector<std::string> format_values(std::span<const double> values) {
  double magnitude = 0;
  for (double v : values) magnitude = std::max(magnitude, std::abs(v));
  std::vector<std::string> labels;
  if (magnitude == 0 || (magnitude >= 1e-3 && magnitude < 1e5)) {
    const int decimals = shared_decimals(values, magnitude);
    for (double v : values) labels.push_back(fixed(v, decimals));
    return labels;
  }
  const int exponent = static_cast<int>(std::floor(std::log10(magnitude)));
  const double scale = std::pow(10.0, exponent);
  std::vector<double> mantissas;
  for (double v : values) mantissas.push_back(v / scale);
  const int decimals = shared_decimals(mantissas, magnitude / scale);
  const std::string power = fixed(exponent, 0);
  for (double m : mantissas) {
    labels.push_back(std::abs(m) < 1e-12 ? "0" : fixed(m, decimals).append("e").append(power));
  }
  return labels;
}

namespace {

// Below this span the tick steps (a thousandth of it) would leave the doubles.
constexpr double smallest_span = 1e-300;

// The range a caller gave, made one that ticks can be placed on: ends within ±largest_shown
// (0..1 for a NaN end), low <= high, and a constant range v..v widened to v ± 10 % (or -1..1
// for v = 0, or for a v so small that 10 % of it is below smallest_span).
Range drawable(Range range) {
  if (std::isnan(range.low) || std::isnan(range.high)) return {0, 1};
  range = {clamp_shown(std::min(range.low, range.high)),
           clamp_shown(std::max(range.low, range.high))};
  const double magnitude = std::max(std::abs(range.low), std::abs(range.high));
  if (range.span() > 1e-12 * magnitude && range.span() >= smallest_span) return range;
  const double center = (range.low + range.high) / 2;
  const double half = 0.2 * std::abs(center) >= smallest_span ? 0.1 * std::abs(center) : 1;
  return {center - half, center + half};
}

// Candidate steps m * 10^e with 3 to max_ticks ticks; the best covers most of the range
// with about six ticks. 2.5 is allowed (it gives -7.5 ... 7.5) but loses ties to 1, 2, 5;
// steps below 1 and 2.5 are skipped when only whole numbers are wanted.
std::vector<double> best_tick_values(Range range, int max_ticks, bool integers) {
  const int top_exponent = static_cast<int>(std::floor(std::log10(range.span())));
  std::vector<double> best;
  double best_score = -1e9;
  for (int exponent = top_exponent - 2; exponent <= top_exponent + 1; ++exponent) {
    if (integers && exponent < 0) continue;
    for (double mantissa : {1.0, 2.0, 2.5, 5.0}) {
      if (integers && mantissa == 2.5 && exponent == 0) continue;
      const double step = mantissa * std::pow(10.0, exponent);
      const double slack = 1e-9 * step;
      const auto first = static_cast<long long>(std::ceil((range.low - slack) / step));
      const auto last = static_cast<long long>(std::floor((range.high + slack) / step));
      const long long count = last - first + 1;
      if (count < 3 || count > max_ticks) continue;
      const double coverage = (last - first) * step / range.span();
      const double score = coverage - (mantissa == 2.5 ? 0.1 : 0) - 0.08 * std::abs(count - 6.0);
      if (score <= best_score) continue;
      best_score = score;
      best.clear();
      for (long long k = first; k <= last; ++k) best.push_back(k == 0 ? 0.0 : k * step);
    }
  }
  return best;
}

}  // namespace

Ticks nice_ticks(Range range, int max_ticks) {
  range = drawable(range);
  Ticks ticks{range, best_tick_values(range, max_ticks, false), {}};
  ticks.labels = format_values(ticks.values);
  return ticks;
}

Ticks nice_integer_ticks(Range range, int max_ticks) {
  range = drawable(range);
  Ticks ticks{range, best_tick_values(range, max_ticks, true), {}};
  if (ticks.values.empty()) {
    // Fewer than three whole numbers inside: a tick at each; widened to the nearest only
    // when there is none, so that a range that holds its ticks keeps its margins.
    if (std::ceil(range.low) > range.high) {
      const double nearest = std::round((range.low + range.high) / 2);
      ticks.range = {std::min(range.low, nearest - 0.1), std::max(range.high, nearest + 0.1)};
    }
    for (double v = std::ceil(ticks.range.low); v <= ticks.range.high; ++v)
      ticks.values.push_back(v == 0 ? 0.0 : v);
  }
  ticks.labels = format_values(ticks.values);
  return ticks;
}

}  // namespace kudzu::plot
