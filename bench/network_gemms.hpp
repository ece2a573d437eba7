// The floor for the original network: exactly the cblas_sgemm calls that the tape makes
// for it, with the same shapes, transpose flags and beta, on preallocated buffers and with
// nothing else around them. A framework with no overhead would take this time.
#pragma once

#include <cblas.h>

#include <array>
#include <cstddef>
#include <vector>

#include "kudzu/networks.hpp"

namespace kudzu::bench {

class NetworkGemms {
 public:
  static constexpr std::array<std::size_t, 5> widths = original_network_widths(784, 2, 2);
  static constexpr std::size_t layers = widths.size() - 1;

  explicit NetworkGemms(std::size_t batch) : batch_(batch) {
    for (std::size_t layer = 0; layer <= layers; ++layer) {
      activations_[layer].assign(batch * widths[layer], 0.01f);
      activation_grads_[layer].assign(batch * widths[layer], 0.01f);
    }
    for (std::size_t layer = 0; layer < layers; ++layer) {
      weights_[layer].assign(widths[layer] * widths[layer + 1], 0.01f);
      weight_grads_[layer].assign(widths[layer] * widths[layer + 1], 0.0f);
    }
  }

  // a[l+1]{batch, out} = a[l]{batch, in} w[l]{in, out}, for every layer.
  void forward() {
    for (std::size_t l = 0; l < layers; ++l)
      gemm(CblasNoTrans, CblasNoTrans, batch_, widths[l + 1], widths[l], activations_[l],
           weights_[l], 0.0f, activations_[l + 1]);
  }

  // dw[l] += a[l]^T da[l+1] for every layer; da[l] += da[l+1] w[l]^T for every layer but
  // the first, whose input (the images) needs no gradient.
  void backward() {
    for (std::size_t l = layers; l-- > 0;) {
      if (l > 0)
        gemm(CblasNoTrans, CblasTrans, batch_, widths[l], widths[l + 1], activation_grads_[l + 1],
             weights_[l], 1.0f, activation_grads_[l]);
      gemm(CblasTrans, CblasNoTrans, widths[l], widths[l + 1], batch_, activations_[l],
           activation_grads_[l + 1], 1.0f, weight_grads_[l]);
    }
  }

 private:
  // c{m,n} = op(a) op(b) + beta c, row-major, as lib/src/ops/linalg.cpp calls it.
  static void gemm(CBLAS_TRANSPOSE trans_a, CBLAS_TRANSPOSE trans_b, std::size_t m, std::size_t n,
                   std::size_t k, const std::vector<float>& a, const std::vector<float>& b,
                   float beta, std::vector<float>& c) {
    cblas_sgemm(CblasRowMajor, trans_a, trans_b, int(m), int(n), int(k), 1.0f, a.data(),
                int(trans_a == CblasTrans ? m : k), b.data(), int(trans_b == CblasTrans ? k : n),
                beta, c.data(), int(n));
  }

  std::size_t batch_;
  std::array<std::vector<float>, layers + 1> activations_, activation_grads_;
  std::array<std::vector<float>, layers> weights_, weight_grads_;
};

}  // namespace kudzu::bench
