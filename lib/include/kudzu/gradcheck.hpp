// gradcheck: compares the gradients the tape computes with central differences, in double
// precision, for every element of every input.
//
//   auto report = gradcheck([](const std::vector<TensorD>& in) { return sum(in[0] * in[1]); },
//                           {TensorD::randn({3, 4}, rng), TensorD::randn({1, 4}, rng)});
//   if (!report.passed) std::cerr << report.summary();
//
// The whole Jacobian is compared: row j comes from a backward pass seeded with the j-th
// unit vector, column i from f(x + eps e_i) - f(x - eps e_i) over 2 eps. An element
// passes when |analytic - numeric| <= atol + rtol * |numeric|, as in PyTorch's gradcheck.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "kudzu/tensor.hpp"

namespace kudzu {

struct GradcheckOptions {
  double eps = 1e-6;   // central-difference step
  double atol = 1e-5;  // absolute tolerance
  double rtol = 1e-3;  // relative tolerance
  // When non-zero, at most this many elements of each input are perturbed (a seeded
  // random choice), for inputs too large to check in full; every output row is still used.
  std::size_t max_elements_per_input = 0;
  std::uint64_t seed = 0;
};

struct InputGradcheck {
  Shape shape;
  std::size_t elements_checked = 0;
  double max_abs_error = 0;  // max |analytic - numeric| over the Jacobian entries of this input
  double max_rel_error = 0;  // the same divided by |numeric|, over entries with |numeric| > atol
  // The entry furthest outside its tolerance: input element, output element and both values.
  std::size_t worst_input_element = 0, worst_output_element = 0;
  double worst_analytic = 0, worst_numeric = 0;
  bool passed = true;
};

struct GradcheckReport {
  bool passed = true;
  std::vector<InputGradcheck> inputs;
  std::string summary() const;  // one line per input
};

using GradcheckFunction = std::function<TensorD(const std::vector<TensorD>&)>;

// Calls fn on leaf copies of `inputs` that require gradients. fn must be deterministic and
// built from recorded ops; its output may have any shape. gradcheck starts from an empty
// tape: it releases whatever this thread had recorded (float and double) before the call.
GradcheckReport gradcheck(const GradcheckFunction& fn, const std::vector<TensorD>& inputs,
                          const GradcheckOptions& options = {});

}  // namespace kudzu
