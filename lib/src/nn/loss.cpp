#include "kudzu/loss.hpp"

#include "kudzu/ops.hpp"

namespace kudzu {
namespace {

// Labels {N,1}, as a Data's y usually is, viewed as the {N} that cross_entropy takes.
template <class T>
BasicTensor<T> as_label_vector(const BasicTensor<T>& labels) {
  if (labels.rank() == 2 && labels.shape()[1] == 1)
    return reshape(labels, Shape{labels.shape()[0]});
  return labels;
}

}  // namespace

Tensor Loss::of_model(const Model& model, const Tensor& x, const Tensor& target) const {
  return (*this)(model(x), target);
}

Tensor BCE::operator()(const Tensor& prediction, const Tensor& target) const {
  return binary_cross_entropy(prediction, target);
}
TensorD BCE::operator()(const TensorD& prediction, const TensorD& target) const {
  return binary_cross_entropy(prediction, target);
}
Tensor BCE::of_model(const Model& model, const Tensor& x, const Tensor& target) const {
  const std::size_t layers = model.layers().size();
  if (layers == 0 || !model.layers().back().is_sigmoid()) return (*this)(model(x), target);
  return binary_cross_entropy_with_logits(model.apply_first(layers - 1, x), target);
}

Tensor MSE::operator()(const Tensor& prediction, const Tensor& target) const {
  return mse_loss(prediction, target);
}
TensorD MSE::operator()(const TensorD& prediction, const TensorD& target) const {
  return mse_loss(prediction, target);
}

Tensor CrossEntropy::operator()(const Tensor& logits, const Tensor& labels) const {
  return cross_entropy(logits, as_label_vector(labels));
}
TensorD CrossEntropy::operator()(const TensorD& logits, const TensorD& labels) const {
  return cross_entropy(logits, as_label_vector(labels));
}

}  // namespace kudzu
