#include "kudzu/gradcheck.hpp"

#include <cmath>
#include <numeric>
#include <sstream>

#include "kudzu/autograd.hpp"
#include "kudzu/error.hpp"
#include "kudzu/ops.hpp"

namespace kudzu {
namespace {

std::vector<TensorD> leaves_from(const std::vector<TensorD>& inputs) {
  std::vector<TensorD> leaves;
  for (const TensorD& input : inputs) {
    TensorD leaf = TensorD::from(input.shape(), std::span<const double>(input.data(), input.size()));
    leaves.push_back(leaf.requires_grad(true));
  }
  return leaves;
}

// The input elements to perturb: all of them, or a seeded sample.
std::vector<std::size_t> elements_to_check(std::size_t size, const GradcheckOptions& options,
                                           Rng& rng) {
  std::vector<std::size_t> elements(size);
  std::iota(elements.begin(), elements.end(), 0);
  const std::size_t limit = options.max_elements_per_input;
  if (limit == 0 || limit >= size) return elements;
  for (std::size_t i = 0; i < limit; ++i) std::swap(elements[i], elements[i + rng.below(size - i)]);
  elements.resize(limit);
  return elements;
}

}  // namespace

GradcheckReport gradcheck(const GradcheckFunction& fn, const std::vector<TensorD>& inputs,
                          const GradcheckOptions& options) {
  std::vector<TensorD> leaves = leaves_from(inputs);
  clear_tape();  // start from an empty tape so that only fn's ops are swept

  // Analytic Jacobian, one row per output element: J[input][row][element].
  const std::size_t outputs = fn(leaves).size();
  clear_tape();
  std::vector<std::vector<std::vector<double>>> analytic(leaves.size());
  for (std::size_t row = 0; row < outputs; ++row) {
    for (TensorD& leaf : leaves) leaf.zero_grad();
    TensorD output = fn(leaves);
    if (!output.requires_grad())
      throw UsageError("gradcheck: the function's output does not depend on any input");
    TensorD seed = TensorD::zeros(output.shape());
    seed.data()[row] = 1;
    output.backward(seed);
    for (std::size_t k = 0; k < leaves.size(); ++k) analytic[k].push_back(leaves[k].grad().to_vector());
  }

  GradcheckReport report;
  Rng rng(options.seed);
  NoGrad no_grad;  // the numeric side only evaluates
  for (std::size_t k = 0; k < leaves.size(); ++k) {
    InputGradcheck check;
    check.shape = leaves[k].shape();
    double worst_ratio = -1;
    const std::vector<std::size_t> elements = elements_to_check(leaves[k].size(), options, rng);
    check.elements_checked = elements.size();
    for (std::size_t element : elements) {
      double& x = leaves[k].data()[element];
      const double original = x;
      x = original + options.eps;
      const std::vector<double> plus = fn(leaves).to_vector();
      x = original - options.eps;
      const std::vector<double> minus = fn(leaves).to_vector();
      x = original;
      for (std::size_t row = 0; row < outputs; ++row) {
        const double numeric = (plus[row] - minus[row]) / (2 * options.eps);
        const double exact = analytic[k][row][element];
        const double error = std::abs(exact - numeric);
        check.max_abs_error = std::max(check.max_abs_error, error);
        if (std::abs(numeric) > options.atol)
          check.max_rel_error = std::max(check.max_rel_error, error / std::abs(numeric));
        const double ratio = error / (options.atol + options.rtol * std::abs(numeric));
        if (!(ratio <= 1)) check.passed = false;  // also fails on NaN
        if (ratio > worst_ratio || std::isnan(ratio)) {
          worst_ratio = std::isnan(ratio) ? INFINITY : ratio;
          check.worst_input_element = element;
          check.worst_output_element = row;
          check.worst_analytic = exact;
          check.worst_numeric = numeric;
        }
      }
    }
    report.passed = report.passed && check.passed;
    report.inputs.push_back(check);
  }
  return report;
}

std::string GradcheckReport::summary() const {
  std::ostringstream text;
  for (std::size_t k = 0; k < inputs.size(); ++k) {
    const InputGradcheck& c = inputs[k];
    text << "input " << k << " " << c.shape << ": " << (c.passed ? "PASS" : "FAIL")
         << "  max abs error " << c.max_abs_error << "  max rel error " << c.max_rel_error
         << "  (" << c.elements_checked << " elements; worst: d out[" << c.worst_output_element
         << "] / d in[" << c.worst_input_element << "] analytic " << c.worst_analytic
         << " numeric " << c.worst_numeric << ")\n";
  }
  return text.str();
}

}  // namespace kudzu
