// The shared machinery of the ops: operand checks, broadcasting plans, and the two
// templates that turn a value function and its derivative into a recorded elementwise op.
// A new elementwise op is one call to unary_op or binary_op with two small lambdas;
// nothing else needs to change.
#pragma once

#include <array>
#include <string>

#include "../tape.hpp"
#include "kudzu/error.hpp"
#include "kudzu/thread_pool.hpp"

namespace kudzu::detail {

template <class T>
TensorImpl<T>* checked_impl(const BasicTensor<T>& tensor, const char* op) {
  TensorImpl<T>* impl = impl_of(tensor);
  if (!impl) throw UsageError(std::string(op) + ": an operand is an empty tensor");
  return impl;
}

// Runs job(part) for each part in [0, parts): over the pool of this thread's ParallelOps
// scope, if it has one, or here, in order.
template <class Job>
void for_each_part(std::size_t parts, const Job& job) {
  if (ThreadPool* pool = ParallelOps::pool(); pool && parts > 1)
    pool->for_each_part(parts, job);
  else
    for (std::size_t part = 0; part < parts; ++part) job(part);
}

// A batch of `items` (images, or image planes) cut into contiguous groups, the parts of an
// op that splits its work. Their number depends on the batch alone, never on the threads, so
// that partial results are always the same and always summed in the same order.
struct BatchGroups {
  static constexpr std::size_t most = 8;  // enough for 8 threads, few partial sums

  explicit BatchGroups(std::size_t items) : items(items), count(items < most ? items : most) {}
  std::size_t begin(std::size_t group) const { return items * group / count; }
  std::size_t end(std::size_t group) const { return items * (group + 1) / count; }

  std::size_t items, count;
};

// Calls f(begin, end) on ranges that cover [0, n) once, for an elementwise loop (whose
// results do not depend on how it is cut): over the ParallelOps pool in BatchGroups when n
// is large enough to pay for handing parts out (a LeNet's Relu, {50,6,28,28}), else at once.
template <class F>
void for_each_range(std::size_t n, const F& f) {
  constexpr std::size_t worth_splitting = std::size_t(1) << 15;
  if (n < worth_splitting || !ParallelOps::pool()) return f(std::size_t(0), n);
  const BatchGroups groups(n);
  for_each_part(groups.count,
                [&](std::size_t group) { f(groups.begin(group), groups.end(group)); });
}

// How two shapes broadcast: the output shape and, per axis of the output padded to rank 4
// on the left, how far each operand's flat index moves (0 along a stretched axis).
struct BroadcastPlan {
  Shape out;
  std::array<std::size_t, 4> dims{1, 1, 1, 1};
  std::array<std::size_t, 4> stride_a{}, stride_b{};
  bool same_shape = false;
};

BroadcastPlan broadcast_plan(const char* op, const Shape& a, const Shape& b);

// y = x, recorded under the name `op` (clone).
template <class T>
BasicTensor<T> identity(const BasicTensor<T>& x, const char* op);

// Calls f(out_index, a_index, b_index) for every output element in row-major order.
template <class F>
void for_each_broadcast(const BroadcastPlan& plan, F&& f) {
  const auto& d = plan.dims;
  const auto& sa = plan.stride_a;
  const auto& sb = plan.stride_b;
  std::size_t o = 0;
  for (std::size_t i0 = 0; i0 < d[0]; ++i0)
    for (std::size_t i1 = 0; i1 < d[1]; ++i1)
      for (std::size_t i2 = 0; i2 < d[2]; ++i2) {
        std::size_t ia = i0 * sa[0] + i1 * sa[1] + i2 * sa[2];
        std::size_t ib = i0 * sb[0] + i1 * sb[1] + i2 * sb[2];
        for (std::size_t i3 = 0; i3 < d[3]; ++i3, ++o, ia += sa[3], ib += sb[3]) f(o, ia, ib);
      }
}

// y = forward(x, params) elementwise; backward adds derivative(x, y, dy, params) into dx.
template <class T, class Forward, class Derivative>
BasicTensor<T> unary_op(const char* op, const BasicTensor<T>& x, const OpParams<T>& params,
                        Forward forward, Derivative) {
  TensorImpl<T>* in = checked_impl(x, op);
  TensorImpl<T>* out = new_impl<T>(in->shape);
  const std::size_t n = in->shape.size();
  const T* xs = in->data;
  T* ys = out->data;
  for_each_range(n, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) ys[i] = forward(xs[i], params);
  });
  if (needs_grad<T>({in})) {
    auto backward = [](const Node<T>& node) {
      TensorImpl<T>* in = node.in[0];
      const std::size_t n = in->shape.size();
      const T* xs = in->data;
      const T* ys = node.out->data;
      const T* gy = node.out->grad;
      const GradientTarget<T> gx = gradient_target(in);
      for_each_range(n, [&](std::size_t begin, std::size_t end) {
        if (gx.fresh)
          for (std::size_t i = begin; i < end; ++i)
            gx.values[i] = Derivative{}(xs[i], ys[i], gy[i], node.params);
        else
          for (std::size_t i = begin; i < end; ++i)
            gx.values[i] += Derivative{}(xs[i], ys[i], gy[i], node.params);
      });
    };
    record<T>(op, backward, out, {in, nullptr}, params);
  }
  return adopt(out);
}

// z = forward(a, b) elementwise with broadcasting; backward adds derivative_a(a, b, z, dz)
// into da and derivative_b(a, b, z, dz) into db, summed over stretched axes.
template <class T, class Forward, class DerivativeA, class DerivativeB>
BasicTensor<T> binary_op(const char* op, const BasicTensor<T>& a, const BasicTensor<T>& b,
                         Forward forward, DerivativeA, DerivativeB) {
  TensorImpl<T>* ia = checked_impl(a, op);
  TensorImpl<T>* ib = checked_impl(b, op);
  const BroadcastPlan plan = broadcast_plan(op, ia->shape, ib->shape);
  TensorImpl<T>* out = new_impl<T>(plan.out);
  const T* xa = ia->data;
  const T* xb = ib->data;
  T* z = out->data;
  if (plan.same_shape) {
    const std::size_t n = plan.out.size();
    for (std::size_t i = 0; i < n; ++i) z[i] = forward(xa[i], xb[i]);
  } else {
    for_each_broadcast(
        plan, [&](std::size_t o, std::size_t i, std::size_t j) { z[o] = forward(xa[i], xb[j]); });
  }
  if (needs_grad<T>({ia, ib})) {
    auto backward = [](const Node<T>& node) {
      TensorImpl<T>* ia = node.in[0];
      TensorImpl<T>* ib = node.in[1];
      const T* xa = ia->data;
      const T* xb = ib->data;
      const T* z = node.out->data;
      const T* gz = node.out->grad;
      const BroadcastPlan plan = broadcast_plan(node.op, ia->shape, ib->shape);
      const std::size_t n = plan.out.size();
      if (ia->requires_grad) {
        T* ga = grad_buffer(ia);
        if (plan.same_shape)
          for (std::size_t i = 0; i < n; ++i) ga[i] += DerivativeA{}(xa[i], xb[i], z[i], gz[i]);
        else
          for_each_broadcast(plan, [&](std::size_t o, std::size_t i, std::size_t j) {
            ga[i] += DerivativeA{}(xa[i], xb[j], z[o], gz[o]);
          });
      }
      if (ib->requires_grad) {
        T* gb = grad_buffer(ib);
        if (plan.same_shape)
          for (std::size_t i = 0; i < n; ++i) gb[i] += DerivativeB{}(xa[i], xb[i], z[i], gz[i]);
        else
          for_each_broadcast(plan, [&](std::size_t o, std::size_t i, std::size_t j) {
            gb[j] += DerivativeB{}(xa[i], xb[j], z[o], gz[o]);
          });
      }
    };
    record<T>(op, backward, out, {ia, ib});
  }
  return adopt(out);
}

// A scratch buffer from the pool, given back when it goes out of scope: an op's temporary
// (conv2d's column matrix) costs no heap allocation once the pool is warm.
template <class T>
class ScratchBuffer {
 public:
  explicit ScratchBuffer(std::size_t count) : count_(count), data_(allocate_values<T>(count)) {}
  ~ScratchBuffer() { release_values(data_, count_); }
  ScratchBuffer(const ScratchBuffer&) = delete;
  ScratchBuffer& operator=(const ScratchBuffer&) = delete;
  T* data() const { return data_; }

 private:
  std::size_t count_;
  T* data_;
};

// How many positions a window takes along an axis of `size` elements: (size + 2 padding -
// kernel) / stride + 1, for a window that fits (kernel <= size + 2 padding).
inline std::size_t window_positions(std::size_t size, const Window& window) {
  return (size + 2 * std::size_t(window.padding) - std::size_t(window.kernel)) /
             std::size_t(window.stride) +
         1;
}

// What check_row_indices calls things in its messages, e.g. {"cross_entropy", "logits",
// "labels", "label", "class index"}.
struct RowIndexNames {
  const char* op;
  const char* x;        // the {N,C} operand
  const char* indices;  // the {N} operand
  const char* index;    // one of its values
  const char* kind;     // what a value must be
};

// Throws unless x is {N,C} and indices {N} holds whole numbers in [0, C): ShapeError for the
// shapes, UsageError naming the first bad value and its row.
template <class T>
void check_row_indices(const RowIndexNames& names, const Shape& x, const TensorImpl<T>* indices);

// Shape of the [outer, length, inner] view of `shape` around `axis`, which reductions and
// softmax iterate over: element (o, k, i) sits at (o * length + k) * inner + i.
struct AxisView {
  std::size_t outer = 1, length = 1, inner = 1;
};

inline AxisView axis_view(const Shape& shape, int axis) {
  AxisView view;
  for (int i = 0; i < shape.rank(); ++i) {
    if (i < axis) view.outer *= shape[i];
    if (i == axis) view.length = shape[i];
    if (i > axis) view.inner *= shape[i];
  }
  return view;
}

}  // namespace kudzu::detail
