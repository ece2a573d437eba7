// Losses as the Learner uses them: loss.of_model(model, x, target) -> a rank-0 tensor, the
// mean over the batch, recorded on the tape like any op.
//
//   BCE loss;
//   Tensor value = loss.of_model(model, xb, yb);   // or loss(model(xb), yb)
//   value.backward();
//
// Each loss is one op from ops.hpp; the float overload trains, the double one is what the
// gradient checks use.
#pragma once

#include "kudzu/nn.hpp"
#include "kudzu/tensor.hpp"

namespace kudzu {

class Loss {
 public:
  virtual ~Loss() = default;
  virtual Tensor operator()(const Tensor& prediction, const Tensor& target) const = 0;
  virtual TensorD operator()(const TensorD& prediction, const TensorD& target) const = 0;
  // The loss of model(x) against target. A loss may take the model's last layer into
  // account (BCE does); by default it is (*this)(model(x), target).
  virtual Tensor of_model(const Model& model, const Tensor& x, const Tensor& target) const;
};

// Binary cross-entropy of probabilities {N,1} against 0/1 targets of the same shape
// (binary_cross_entropy in ops.hpp: finite when a probability is exactly 0 or 1). of_model
// of a model whose last layer is Sigmoid skips that layer and computes from the logits
// (binary_cross_entropy_with_logits), exact where the sigmoid saturates.
class BCE final : public Loss {
 public:
  Tensor operator()(const Tensor& prediction, const Tensor& target) const override;
  TensorD operator()(const TensorD& prediction, const TensorD& target) const override;
  Tensor of_model(const Model& model, const Tensor& x, const Tensor& target) const override;
};

// Mean squared error between tensors of the same shape.
class MSE final : public Loss {
 public:
  Tensor operator()(const Tensor& prediction, const Tensor& target) const override;
  TensorD operator()(const TensorD& prediction, const TensorD& target) const override;
};

// Cross-entropy of logits {N,C} (no softmax layer before it) against class indices 0..C-1,
// stored as {N} or {N,1}.
class CrossEntropy final : public Loss {
 public:
  Tensor operator()(const Tensor& logits, const Tensor& labels) const override;
  TensorD operator()(const TensorD& logits, const TensorD& labels) const override;
};

}  // namespace kudzu
