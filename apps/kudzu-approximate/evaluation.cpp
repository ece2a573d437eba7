#include "evaluation.hpp"

#include <cmath>

namespace kudzu::approximate {

std::vector<double> view_grid(double low, double high, int per_range) {
  const double width = high - low;
  std::vector<double> xs;
  for (int k = 0; k <= 3 * per_range; ++k) {
    // Each third from its own start, so that low and high come out exactly.
    const int third = std::min(k / per_range, 2);
    const double start = third == 0 ? low - width : third == 1 ? low : high;
    xs.push_back(start + width * (k - third * per_range) / per_range);
  }
  return xs;
}

namespace {

void add(ErrorStats& stats, double error) {
  stats.max = std::max(stats.max, error);
  stats.mean += error;  // a sum until finish()
  ++stats.points;
}

void finish(ErrorStats& stats) {
  if (stats.points > 0) stats.mean /= static_cast<double>(stats.points);
}

}  // namespace

FitErrors measure_errors(std::span<const double> xs, std::span<const double> target,
                         std::span<const double> fit, double low, double high) {
  FitErrors errors;
  for (std::size_t k = 0; k < xs.size(); ++k) {
    const double error = std::abs(fit[k] - target[k]);
    if (xs[k] < low || xs[k] > high) {
      add(errors.outside, error);
      add(xs[k] < low ? errors.left : errors.right, error);
    } else {
      add(errors.inside, error);
    }
  }
  for (ErrorStats* stats : {&errors.inside, &errors.outside, &errors.left, &errors.right})
    finish(*stats);
  return errors;
}

double sin_taylor(double x, int degree) {
  // Term by term, each from the one before: t_{k+2} = -t_k x^2 / ((k+1)(k+2)).
  double term = x, sum = 0;
  for (int k = 1; k <= degree; k += 2) {
    sum += term;
    term *= -x * x / ((k + 1.0) * (k + 2.0));
  }
  return sum;
}

int taylor_degree(int units) { return units; }

}  // namespace kudzu::approximate
