// A program outside the library: d/dx sum(x^3) = 3x^2, so for x = {1, 2} it prints
// "grad: 3 12"; then an op of its own, softplus, written with kudzu/custom_op.hpp and
// checked by gradcheck, which prints "gradcheck softplus: PASS".
#include <algorithm>
#include <cmath>
#include <iostream>
#include <kudzu/kudzu.hpp>
#include <span>

using namespace kudzu;

// softplus(x) = log(1 + e^x), computed without overflow; d/dx = sigmoid(x).
template <class T>
BasicTensor<T> softplus(const BasicTensor<T>& x) {
  return custom_op<T>(
      "softplus", {x}, x.shape(),
      [](const OpValue<T>& op) {
        const std::span<const T> in = op.input(0);
        const std::span<T> out = op.output();
        for (std::size_t i = 0; i < in.size(); ++i)
          out[i] = std::max(in[i], T(0)) + std::log1p(std::exp(-std::abs(in[i])));
      },
      [](const OpBackward<T>& op) {
        const std::span<const T> in = op.input(0), gy = op.output_grad();
        const std::span<T> gx = op.input_grad(0);
        for (std::size_t i = 0; i < in.size(); ++i) gx[i] += gy[i] / (T(1) + std::exp(-in[i]));
      });
}

int main() {
  Tensor x = Tensor::from({2}, {1.f, 2.f}).requires_grad(true);
  Tensor y = sum(x * x * x);
  y.backward();
  std::cout << "grad:";
  for (float g : x.grad().to_vector()) std::cout << ' ' << g;
  std::cout << '\n';

  Rng rng(7);
  const GradcheckReport report =
      gradcheck([](const std::vector<TensorD>& in) { return softplus(in[0] * 4.0); },
                {TensorD::randn({3, 4}, rng)});
  std::cout << "gradcheck softplus: " << (report.passed ? "PASS" : "FAIL") << '\n';
  if (!report.passed) std::cout << report.summary();
  return report.passed ? 0 : 1;
}
