// sum, mean and max, over every element or along one axis.
#include <optional>

#include "kudzu/ops.hpp"
#include "op_helpers.hpp"

namespace kudzu {
namespace {

using detail::AxisView;
using detail::Node;
using detail::OpParams;
using detail::TensorImpl;

// A reduction over every element (no axis) is a reduction along the single axis of the
// flattened tensor.
AxisView reduction_view(const Shape& shape, std::optional<int> axis) {
  return axis ? detail::axis_view(shape, *axis) : AxisView{1, shape.size(), 1};
}

Shape reduced_shape(const Shape& shape, std::optional<int> axis, bool keepdims) {
  return axis ? shape.without_axis(*axis, keepdims) : Shape{};
}

template <class T>
BasicTensor<T> sum_along(const BasicTensor<T>& x, std::optional<int> axis, bool keepdims) {
  TensorImpl<T>* in = detail::checked_impl(x, "sum");
  if (axis) axis = in->shape.normalize_axis(*axis, "sum");
  const AxisView v = reduction_view(in->shape, axis);
  TensorImpl<T>* out = detail::new_impl<T>(reduced_shape(in->shape, axis, keepdims));
  for (std::size_t o = 0; o < v.outer; ++o)
    for (std::size_t i = 0; i < v.inner; ++i) {
      double total = 0;  // a double accumulator keeps long float sums accurate
      for (std::size_t k = 0; k < v.length; ++k)
        total += in->data[(o * v.length + k) * v.inner + i];
      out->data[o * v.inner + i] = static_cast<T>(total);
    }
  if (detail::needs_grad<T>({in})) {
    auto backward = [](const Node<T>& node) {
      TensorImpl<T>* in = node.in[0];
      const AxisView v = reduction_view(in->shape, node.params.axis);
      T* gx = detail::grad_buffer(in);
      const T* gy = node.out->grad;
      for (std::size_t o = 0; o < v.outer; ++o)
        for (std::size_t k = 0; k < v.length; ++k)
          for (std::size_t i = 0; i < v.inner; ++i)
            gx[(o * v.length + k) * v.inner + i] += gy[o * v.inner + i];
    };
    OpParams<T> params;
    params.axis = axis;
    detail::record<T>("sum", backward, out, {in, nullptr}, params);
  }
  return detail::adopt(out);
}

template <class T>
std::size_t argmax_in_slice(const T* values, const AxisView& v, std::size_t o, std::size_t i) {
  std::size_t best = 0;
  for (std::size_t k = 1; k < v.length; ++k)
    if (values[(o * v.length + k) * v.inner + i] > values[(o * v.length + best) * v.inner + i])
      best = k;
  return best;
}

template <class T>
BasicTensor<T> max_along(const BasicTensor<T>& x, std::optional<int> axis, bool keepdims) {
  TensorImpl<T>* in = detail::checked_impl(x, "max");
  if (axis) axis = in->shape.normalize_axis(*axis, "max");
  const AxisView v = reduction_view(in->shape, axis);
  if (v.length == 0)
    throw ShapeError("max: cannot take the maximum of an empty axis of " + in->shape.str());
  TensorImpl<T>* out = detail::new_impl<T>(reduced_shape(in->shape, axis, keepdims));
  for (std::size_t o = 0; o < v.outer; ++o)
    for (std::size_t i = 0; i < v.inner; ++i)
      out->data[o * v.inner + i] =
          in->data[(o * v.length + argmax_in_slice(in->data, v, o, i)) * v.inner + i];
  if (detail::needs_grad<T>({in})) {
    // The argmax is found again rather than stored: the node then holds no extra buffer.
    auto backward = [](const Node<T>& node) {
      TensorImpl<T>* in = node.in[0];
      const AxisView v = reduction_view(in->shape, node.params.axis);
      T* gx = detail::grad_buffer(in);
      const T* gy = node.out->grad;
      for (std::size_t o = 0; o < v.outer; ++o)
        for (std::size_t i = 0; i < v.inner; ++i)
          gx[(o * v.length + argmax_in_slice(in->data, v, o, i)) * v.inner + i] +=
              gy[o * v.inner + i];
    };
    OpParams<T> params;
    params.axis = axis;
    detail::record<T>("max", backward, out, {in, nullptr}, params);
  }
  return detail::adopt(out);
}

}  // namespace

template <class T>
BasicTensor<T> sum(const BasicTensor<T>& x) {
  return sum_along(x, std::nullopt, false);
}

template <class T>
BasicTensor<T> sum(const BasicTensor<T>& x, int axis, bool keepdims) {
  return sum_along(x, axis, keepdims);
}

template <class T>
BasicTensor<T> mean(const BasicTensor<T>& x) {
  const std::size_t n = detail::checked_impl(x, "mean")->shape.size();
  return mul(sum(x), T(1) / static_cast<T>(n));
}

template <class T>
BasicTensor<T> mean(const BasicTensor<T>& x, int axis, bool keepdims) {
  const Shape& shape = detail::checked_impl(x, "mean")->shape;
  const std::size_t n = shape[shape.normalize_axis(axis, "mean")];
  return mul(sum(x, axis, keepdims), T(1) / static_cast<T>(n));
}

template <class T>
BasicTensor<T> max(const BasicTensor<T>& x) {
  return max_along(x, std::nullopt, false);
}

template <class T>
BasicTensor<T> max(const BasicTensor<T>& x, int axis, bool keepdims) {
  return max_along(x, axis, keepdims);
}

#define KUDZU_REDUCE(T)                                           \
  template BasicTensor<T> sum(const BasicTensor<T>&);             \
  template BasicTensor<T> sum(const BasicTensor<T>&, int, bool);  \
  template BasicTensor<T> mean(const BasicTensor<T>&);            \
  template BasicTensor<T> mean(const BasicTensor<T>&, int, bool); \
  template BasicTensor<T> max(const BasicTensor<T>&);             \
  template BasicTensor<T> max(const BasicTensor<T>&, int, bool);
KUDZU_REDUCE(float)
KUDZU_REDUCE(double)

}  // namespace kudzu
