// Losses. The two binary cross-entropies are fused ops for numerical reasons (clamped
// logs; the logits form's log1p(exp(-|z|))); mse_loss and cross_entropy are compositions.
#include <cmath>

#include "kudzu/ops.hpp"
#include "op_helpers.hpp"

namespace kudzu {
namespace {

using detail::Node;
using detail::TensorImpl;

template <class T>
void check_same_shape(const char* op, const TensorImpl<T>* a, const TensorImpl<T>* b,
                      const char* a_name, const char* b_name) {
  if (a->shape != b->shape)
    throw ShapeError(std::string(op) + ": " + a_name + " " + a->shape.str() + " and " + b_name +
                     " " + b->shape.str() + " must have the same shape");
}

// Builds a rank-0 loss = mean over i of term(a_i, b_i); its backward adds
// derivative_a(a_i, b_i) / n into da and derivative_b(a_i, b_i) / n into db.
template <class T, class Term, class DerivativeA, class DerivativeB>
BasicTensor<T> mean_loss(const char* op, TensorImpl<T>* a, TensorImpl<T>* b, Term term, DerivativeA,
                         DerivativeB) {
  const std::size_t n = a->shape.size();
  double total = 0;
  for (std::size_t i = 0; i < n; ++i) total += term(a->data[i], b->data[i]);
  TensorImpl<T>* out = detail::new_impl<T>(Shape{});
  out->data[0] = static_cast<T>(n ? total / static_cast<double>(n) : 0.0);
  if (detail::needs_grad<T>({a, b})) {
    auto backward = [](const Node<T>& node) {
      TensorImpl<T>* a = node.in[0];
      TensorImpl<T>* b = node.in[1];
      const std::size_t n = a->shape.size();
      const T scale = node.out->grad[0] / static_cast<T>(n);
      if (a->requires_grad) {
        T* ga = detail::grad_buffer(a);
        for (std::size_t i = 0; i < n; ++i) ga[i] += scale * DerivativeA{}(a->data[i], b->data[i]);
      }
      if (b->requires_grad) {
        T* gb = detail::grad_buffer(b);
        for (std::size_t i = 0; i < n; ++i) gb[i] += scale * DerivativeB{}(a->data[i], b->data[i]);
      }
    };
    detail::record<T>(op, backward, out, {a, b});
  }
  return detail::adopt(out);
}

// log clamped at -100, as PyTorch's binary_cross_entropy does, so log(0) stays finite.
template <class T>
T clamped_log(T v) {
  return std::max(std::log(v), T(-100));
}

}  // namespace

template <class T>
BasicTensor<T> binary_cross_entropy(const BasicTensor<T>& p, const BasicTensor<T>& y) {
  TensorImpl<T>* ip = detail::checked_impl(p, "binary_cross_entropy");
  TensorImpl<T>* iy = detail::checked_impl(y, "binary_cross_entropy");
  check_same_shape("binary_cross_entropy", ip, iy, "probabilities", "targets");
  // loss = -(y log p + (1-y) log(1-p));  d/dp = (p - y) / (p (1 - p)),  d/dy = log(1-p) - log p
  return mean_loss<T>(
      "binary_cross_entropy", ip, iy,
      [](T p, T y) { return -(y * clamped_log(p) + (1 - y) * clamped_log(1 - p)); },
      [](T p, T y) { return (p - y) / std::max(p * (1 - p), T(1e-12)); },
      [](T p, T) { return clamped_log(1 - p) - clamped_log(p); });
}

template <class T>
BasicTensor<T> binary_cross_entropy_with_logits(const BasicTensor<T>& z, const BasicTensor<T>& y) {
  TensorImpl<T>* iz = detail::checked_impl(z, "binary_cross_entropy_with_logits");
  TensorImpl<T>* iy = detail::checked_impl(y, "binary_cross_entropy_with_logits");
  check_same_shape("binary_cross_entropy_with_logits", iz, iy, "logits", "targets");
  // loss = max(z, 0) - z y + log(1 + exp(-|z|));  d/dz = sigmoid(z) - y,  d/dy = -z
  return mean_loss<T>(
      "binary_cross_entropy_with_logits", iz, iy,
      [](T z, T y) { return std::max(z, T(0)) - z * y + std::log1p(std::exp(-std::abs(z))); },
      [](T z, T y) {
        const T e = std::exp(-std::abs(z));
        return (z >= 0 ? 1 / (1 + e) : e / (1 + e)) - y;
      },
      [](T z, T) { return -z; });
}

template <class T>
BasicTensor<T> mse_loss(const BasicTensor<T>& prediction, const BasicTensor<T>& target) {
  check_same_shape("mse_loss", detail::checked_impl(prediction, "mse_loss"),
                   detail::checked_impl(target, "mse_loss"), "prediction", "target");
  const BasicTensor<T> error = prediction - target;
  return mean(error * error);
}

template <class T>
BasicTensor<T> cross_entropy(const BasicTensor<T>& logits, const BasicTensor<T>& labels) {
  const Shape& shape = detail::checked_impl(logits, "cross_entropy")->shape;
  // Checked here too, so that a bad label is reported in this op's terms.
  detail::check_row_indices({"cross_entropy", "logits", "labels", "label", "class index"}, shape,
                            detail::checked_impl(labels, "cross_entropy"));
  const std::size_t rows = shape[0];
  // Each row's log-probability of its label, picked out: a -inf logit of another class
  // then stays out of the sum (a product with a one-hot mask would make it -inf * 0 = NaN).
  return neg(sum(gather_columns(log_softmax(logits, 1), labels))) / static_cast<T>(rows ? rows : 1);
}

#define KUDZU_LOSS(T)                                                                         \
  template BasicTensor<T> binary_cross_entropy(const BasicTensor<T>&, const BasicTensor<T>&); \
  template BasicTensor<T> binary_cross_entropy_with_logits(const BasicTensor<T>&,             \
                                                           const BasicTensor<T>&);            \
  template BasicTensor<T> mse_loss(const BasicTensor<T>&, const BasicTensor<T>&);             \
  template BasicTensor<T> cross_entropy(const BasicTensor<T>&, const BasicTensor<T>&);
KUDZU_LOSS(float)
KUDZU_LOSS(double)

}  // namespace kudzu
