#include "functions.hpp"

#include <cmath>
#include <cstdio>
#include <numbers>

namespace kudzu::approximate {
namespace {

constexpr double pi = std::numbers::pi;

double sine(double x) { return std::sin(x); }
double cosine(double x) { return std::cos(x); }
double absolute(double x) { return std::abs(x); }
double unit_step(double x) { return x >= 0 ? 1.0 : 0.0; }
double square(double x) { return x * x; }
double sawtooth(double x) { return x - std::floor(x); }  // rises from 0 to 1, drops at integers
double gauss(double x) { return std::exp(-x * x); }
// From Nielsen's visual proof of the universal approximation theorem
// (neuralnetworksanddeeplearning.com, chapter 4), on [0, 1].
double wiggly(double x) {
  return 0.2 + 0.4 * x * x + 0.3 * x * std::sin(15 * x) + 0.05 * std::cos(50 * x);
}

}  // namespace

const std::vector<TargetFunction>& target_functions() {
  static const std::vector<TargetFunction> table = {
      {"sin", "sin x", sine, -pi, pi},
      {"cos", "cos x", cosine, -pi, pi},
      {"abs", "|x|", absolute, -1, 1},
      {"step", "step(x) (0 below 0, 1 from 0)", unit_step, -1, 1},
      {"square", "x²", square, -1, 1},
      {"sawtooth", "x − floor(x)", sawtooth, 0, 2},
      {"gauss", "exp(−x²)", gauss, -2, 2},
      {"wiggly", "0.2 + 0.4x² + 0.3x sin 15x + 0.05 cos 50x", wiggly, 0, 1},
  };
  return table;
}

const TargetFunction* find_function(std::string_view name) {
  for (const TargetFunction& function : target_functions())
    if (name == function.name) return &function;
  return nullptr;
}

std::string function_names() {
  std::string names;
  for (const TargetFunction& function : target_functions()) {
    if (!names.empty()) names += ", ";
    names += function.name;
  }
  return names;
}

std::string format_bound(double value) {
  const std::string minus = value < 0 ? "−" : "";
  const double magnitude = std::abs(value);
  // Halves of pi are written with π: -pi, 3pi, pi/2, 5π/2.
  const double halves = magnitude / (pi / 2);
  if (magnitude > 0 && std::abs(halves - std::round(halves)) < 1e-9 && std::round(halves) <= 40) {
    const long n = std::lround(halves);
    if (n % 2 == 1) return minus + (n == 1 ? "" : std::to_string(n)) + "π/2";
    return minus + (n == 2 ? "" : std::to_string(n / 2)) + "π";
  }
  char text[32];
  std::snprintf(text, sizeof text, "%.3g", magnitude);
  return minus + text;
}

}  // namespace kudzu::approximate
