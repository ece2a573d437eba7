// Where a fit is judged: a grid over the training range and as far again on each side (three
// times its width), and the largest and mean absolute error inside the range and outside it.
#pragma once

#include <span>
#include <vector>

namespace kudzu::approximate {

// `per_range + 1` points evenly spaced over each of [low - w, low], [low, high] and
// [high, high + w] (w = high - low), shared ends once: 3 * per_range + 1 points, which
// include low and high exactly.
std::vector<double> view_grid(double low, double high, int per_range = 600);

struct ErrorStats {
  double max = 0;   // largest |fit - target|
  double mean = 0;  // mean |fit - target|
  std::size_t points = 0;
};

struct FitErrors {
  ErrorStats inside;   // low <= x <= high
  ErrorStats outside;  // both sides
  ErrorStats left;     // x < low
  ErrorStats right;    // x > high
};

// |fit[k] - target[k]| at xs[k], split by where xs[k] lies.
FitErrors measure_errors(std::span<const double> xs, std::span<const double> target,
                         std::span<const double> fit, double low, double high);

// The Taylor polynomial of sin at 0 up to x^degree: x - x^3/3! + x^5/5! - ...
double sin_taylor(double x, int degree);

// The degree of the Taylor polynomial drawn beside a network of `units` units. The network's
// output is a linear combination of units + 1 functions (its units and the constant of the
// output bias) with units + 1 coefficients (v_i and the bias), as a polynomial of degree d is
// a combination of the d + 1 monomials 1, x, ..., x^d: so the comparable polynomial has
// degree `units`. (The network also places its functions, with w_i and b_i; a polynomial's
// are fixed.) sin's even coefficients are zero, so the last term is the largest odd power.
int taylor_degree(int units);

}  // namespace kudzu::approximate
