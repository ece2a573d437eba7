// The floor for a stack of affine layers: exactly the cblas_sgemm calls that the tape makes
// for it, with the same shapes, transpose flags and beta, on preallocated buffers and with
// nothing else around them. A framework with no overhead would take this time.
#pragma once

#include <cblas.h>

#include <cstddef>
#include <map>
#include <vector>

#include "kudzu/networks.hpp"

namespace kudzu::bench {

class NetworkGemms {
 public:
  // The original network, 784-100-100-2-1.
  static std::vector<std::size_t> original_widths() {
    const auto widths = original_network_widths(784, 2, 2);
    return {widths.begin(), widths.end()};
  }

  // widths: the input width, then each layer's output width.
  explicit NetworkGemms(std::size_t batch, std::vector<std::size_t> widths = original_widths())
      : batch_(batch),
        widths_(std::move(widths)),
        activations_(widths_.size()),
        activation_grads_(widths_.size()),
        weights_(widths_.size() - 1),
        weight_grads_(widths_.size() - 1) {
    for (std::size_t layer = 0; layer < widths_.size(); ++layer) {
      activations_[layer].assign(batch * widths_[layer], 0.01f);
      activation_grads_[layer].assign(batch * widths_[layer], 0.01f);
    }
    for (std::size_t layer = 0; layer + 1 < widths_.size(); ++layer) {
      weights_[layer].assign(widths_[layer] * widths_[layer + 1], 0.01f);
      weight_grads_[layer].assign(widths_[layer] * widths_[layer + 1], 0.0f);
    }
  }

  // a[l+1]{batch, out} = a[l]{batch, in} w[l]{in, out}, for every layer.
  void forward() {
    for (std::size_t l = 0; l + 1 < widths_.size(); ++l)
      gemm(CblasNoTrans, CblasNoTrans, batch_, widths_[l + 1], widths_[l], activations_[l],
           weights_[l], 0.0f, activations_[l + 1]);
  }

  // dw[l] += a[l]^T da[l+1] for every layer; da[l] += da[l+1] w[l]^T for every layer but
  // the first, whose input (the images) needs no gradient.
  void backward() {
    for (std::size_t l = widths_.size() - 1; l-- > 0;) {
      if (l > 0)
        gemm(CblasNoTrans, CblasTrans, batch_, widths_[l], widths_[l + 1], activation_grads_[l + 1],
             weights_[l], 1.0f, activation_grads_[l]);
      gemm(CblasTrans, CblasNoTrans, widths_[l], widths_[l + 1], batch_, activations_[l],
           activation_grads_[l + 1], 1.0f, weight_grads_[l]);
    }
  }

 private:
  // c{m,n} = op(a) op(b) + beta c, row-major, as lib/src/core/ops/gemm.hpp calls it.
  static void gemm(CBLAS_TRANSPOSE trans_a, CBLAS_TRANSPOSE trans_b, std::size_t m, std::size_t n,
                   std::size_t k, const std::vector<float>& a, const std::vector<float>& b,
                   float beta, std::vector<float>& c) {
    cblas_sgemm(CblasRowMajor, trans_a, trans_b, int(m), int(n), int(k), 1.0f, a.data(),
                int(trans_a == CblasTrans ? m : k), b.data(), int(trans_b == CblasTrans ? k : n),
                beta, c.data(), int(n));
  }

  std::size_t batch_;
  std::vector<std::size_t> widths_;
  std::vector<std::vector<float>> activations_, activation_grads_;
  std::vector<std::vector<float>> weights_, weight_grads_;
};

// The sizes of consecutive batches that cover `total` items, the last one possibly short.
inline std::vector<std::size_t> batch_sizes(std::size_t total, std::size_t batch) {
  std::vector<std::size_t> sizes(total / batch, batch);
  if (total % batch) sizes.push_back(total % batch);
  return sizes;
}

// The GEMMs of one epoch as kudzu-compare runs it: forward and backward of every training
// batch, then the forward passes of the evaluation of the training and test sets in chunks.
class EpochGemms {
 public:
  EpochGemms(std::vector<std::size_t> widths, std::size_t train_rows, std::size_t test_rows,
             std::size_t train_batch, std::size_t evaluation_batch)
      : widths_(std::move(widths)),
        train_sizes_(batch_sizes(train_rows, train_batch)),
        evaluation_sizes_(batch_sizes(train_rows, evaluation_batch)) {
    for (std::size_t size : batch_sizes(test_rows, evaluation_batch))
      evaluation_sizes_.push_back(size);
  }

  void run() {
    for (std::size_t size : train_sizes_) {
      gemms(size).forward();
      gemms(size).backward();
    }
    for (std::size_t size : evaluation_sizes_) gemms(size).forward();
  }

 private:
  NetworkGemms& gemms(std::size_t batch) {  // one set of buffers per batch size
    return by_batch_.try_emplace(batch, batch, widths_).first->second;
  }

  std::vector<std::size_t> widths_, train_sizes_, evaluation_sizes_;
  std::map<std::size_t, NetworkGemms> by_batch_;
};

}  // namespace kudzu::bench
