// softmax and log_softmax along an axis. Fused rather than composed from exp, sum and
// div: subtracting each slice's maximum first keeps them finite for any finite logits.
#include <cmath>

#include "kudzu/ops.hpp"
#include "op_helpers.hpp"

namespace kudzu {
namespace {

using detail::AxisView;
using detail::Node;
using detail::OpParams;
using detail::TensorImpl;

// For each slice along the axis: shift = max, log_total = log(sum(exp(x - shift))).
template <class T, class Write>
void for_each_slice(const TensorImpl<T>* in, const AxisView& v, Write write) {
  for (std::size_t o = 0; o < v.outer; ++o)
    for (std::size_t i = 0; i < v.inner; ++i) {
      const auto at = [&](std::size_t k) { return (o * v.length + k) * v.inner + i; };
      T shift = in->data[at(0)];
      for (std::size_t k = 1; k < v.length; ++k) shift = std::max(shift, in->data[at(k)]);
      T total = 0;
      for (std::size_t k = 0; k < v.length; ++k) total += std::exp(in->data[at(k)] - shift);
      const T log_total = std::log(total);
      for (std::size_t k = 0; k < v.length; ++k) write(at(k), in->data[at(k)] - shift - log_total);
    }
}

// Backward of both, per slice, with s = sum over the slice of one term:
//   softmax:      dx = y * (dy - sum(dy * y))
//   log_softmax:  dx = dy - exp(y) * sum(dy)
template <class T, bool log_form>
void softmax_backward(const Node<T>& node) {
  TensorImpl<T>* in = node.in[0];
  const AxisView v = detail::axis_view(in->shape, *node.params.axis);
  T* gx = detail::grad_buffer(in);
  const T* y = node.out->data;
  const T* gy = node.out->grad;
  for (std::size_t o = 0; o < v.outer; ++o)
    for (std::size_t i = 0; i < v.inner; ++i) {
      const auto at = [&](std::size_t k) { return (o * v.length + k) * v.inner + i; };
      T s = 0;
      for (std::size_t k = 0; k < v.length; ++k) s += log_form ? gy[at(k)] : gy[at(k)] * y[at(k)];
      for (std::size_t k = 0; k < v.length; ++k)
        gx[at(k)] += log_form ? gy[at(k)] - std::exp(y[at(k)]) * s : y[at(k)] * (gy[at(k)] - s);
    }
}

template <class T, bool log_form>
BasicTensor<T> softmax_op(const BasicTensor<T>& x, int axis, const char* op) {
  TensorImpl<T>* in = detail::checked_impl(x, op);
  if (in->shape.rank() == 0) throw ShapeError(std::string(op) + ": the input is a scalar");
  axis = in->shape.normalize_axis(axis, op);
  const AxisView v = detail::axis_view(in->shape, axis);
  TensorImpl<T>* out = detail::new_impl<T>(in->shape);
  if (v.length)
    for_each_slice(in, v, [&](std::size_t at, T log_y) {
      out->data[at] = log_form ? log_y : std::exp(log_y);
    });
  if (detail::needs_grad<T>({in})) {
    OpParams<T> params;
    params.axis = axis;
    detail::record<T>(op, &softmax_backward<T, log_form>, out, {in, nullptr}, params);
  }
  return detail::adopt(out);
}

}  // namespace

template <class T>
BasicTensor<T> softmax(const BasicTensor<T>& x, int axis) {
  return softmax_op<T, false>(x, axis, "softmax");
}

template <class T>
BasicTensor<T> log_softmax(const BasicTensor<T>& x, int axis) {
  return softmax_op<T, true>(x, axis, "log_softmax");
}

template BasicTensor<float> softmax(const BasicTensor<float>&, int);
template BasicTensor<double> softmax(const BasicTensor<double>&, int);
template BasicTensor<float> log_softmax(const BasicTensor<float>&, int);
template BasicTensor<double> log_softmax(const BasicTensor<double>&, int);

}  // namespace kudzu
