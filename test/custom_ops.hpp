// Two ops written as a user would, with kudzu/custom_op.hpp only, for the tests that hold
// custom ops to the tape's guarantees (custom_op_test, allocation_test).
#pragma once

#include <cmath>
#include <span>
#include <type_traits>

#include "kudzu/custom_op.hpp"
#include "kudzu/error.hpp"

namespace kudzu::testing {

// swish(x) = x s with s = sigmoid(beta x), fused into one op: d/dx = s + beta x s (1 - s).
template <class T>
BasicTensor<T> swish(const BasicTensor<T>& x, std::type_identity_t<T> beta) {
  return custom_op<T>(
      "swish", {x}, x.shape(),
      [](const OpValue<T>& op) {
        const std::span<const T> in = op.input(0);
        const std::span<T> out = op.output();
        const T beta = op.scalar(0);
        for (std::size_t i = 0; i < in.size(); ++i)
          out[i] = in[i] / (T(1) + std::exp(-beta * in[i]));
      },
      [](const OpBackward<T>& op) {
        const std::span<const T> in = op.input(0), gy = op.output_grad();
        const std::span<T> gx = op.input_grad(0);
        const T beta = op.scalar(0);
        for (std::size_t i = 0; i < in.size(); ++i) {
          const T s = T(1) / (T(1) + std::exp(-beta * in[i]));
          gx[i] += gy[i] * (s + beta * in[i] * s * (T(1) - s));
        }
      },
      {beta, T(0)});
}

// alpha a + beta b for a and b of one shape; each gradient only when its input needs one.
template <class T>
BasicTensor<T> weighted_sum(const BasicTensor<T>& a, const BasicTensor<T>& b,
                            std::type_identity_t<T> alpha, std::type_identity_t<T> beta) {
  if (a.shape() != b.shape())
    throw ShapeError("weighted_sum: " + a.shape().str() + " and " + b.shape().str() + " differ");
  return custom_op<T>(
      "weighted_sum", {a, b}, a.shape(),
      [](const OpValue<T>& op) {
        const std::span<const T> x = op.input(0), y = op.input(1);
        const std::span<T> out = op.output();
        const T alpha = op.scalar(0), beta = op.scalar(1);
        for (std::size_t i = 0; i < out.size(); ++i) out[i] = alpha * x[i] + beta * y[i];
      },
      [](const OpBackward<T>& op) {
        const std::span<const T> gz = op.output_grad();
        for (std::size_t k = 0; k < 2; ++k) {
          if (!op.requires_grad(k)) continue;
          const std::span<T> g = op.input_grad(k);
          for (std::size_t i = 0; i < g.size(); ++i) g[i] += op.scalar(k) * gz[i];
        }
      },
      {alpha, beta});
}

}  // namespace kudzu::testing
