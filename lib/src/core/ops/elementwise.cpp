// add, sub, mul, div, neg and their scalar forms, with NumPy broadcasting.
#include "kudzu/ops.hpp"
#include "op_helpers.hpp"

namespace kudzu {
namespace detail {

BroadcastPlan broadcast_plan(const char* op, const Shape& a, const Shape& b) {
  BroadcastPlan plan;
  if (a == b) {  // the common case: the ops' same-shape loops need no axes or strides
    plan.out = a;
    plan.same_shape = true;
    return plan;
  }
  const int rank = std::max(a.rank(), b.rank());
  std::array<long long, 4> out_dims{};
  std::size_t step_a = 1, step_b = 1;
  // Walk the axes from the right, where NumPy aligns shapes.
  for (int k = 1; k <= rank; ++k) {
    const std::size_t da = k <= a.rank() ? a[a.rank() - k] : 1;
    const std::size_t db = k <= b.rank() ? b[b.rank() - k] : 1;
    if (da != db && da != 1 && db != 1)
      throw ShapeError(std::string(op) + ": shapes " + a.str() + " and " + b.str() +
                       " do not broadcast (axis " + std::to_string(rank - k) + ": " +
                       std::to_string(da) + " vs " + std::to_string(db) + ")");
    const std::size_t d = da == 1 ? db : da;  // a 1 stretches, also to 0 (not max: 0 vs 1 is 0)
    out_dims[rank - k] = static_cast<long long>(d);
    plan.dims[4 - k] = d;
    plan.stride_a[4 - k] = da == 1 ? 0 : step_a;
    plan.stride_b[4 - k] = db == 1 ? 0 : step_b;
    step_a *= da;
    step_b *= db;
  }
  std::array<std::size_t, 4> dims{};
  for (int i = 0; i < rank; ++i) dims[i] = static_cast<std::size_t>(out_dims[i]);
  plan.out = Shape(std::span<const std::size_t>(dims.data(), rank));
  return plan;
}

template <class T>
BasicTensor<T> identity(const BasicTensor<T>& x, const char* op) {
  return unary_op<T>(
      op, x, {}, [](T v, const OpParams<T>&) { return v; },
      [](T, T, T g, const OpParams<T>&) { return g; });
}
template BasicTensor<float> identity(const BasicTensor<float>&, const char*);
template BasicTensor<double> identity(const BasicTensor<double>&, const char*);

}  // namespace detail

// Defined here, beside the identity op it records, rather than with the rest of the tensor.
template <class T>
BasicTensor<T> BasicTensor<T>::clone() const {
  return detail::identity(*this, "clone");
}
template BasicTensor<float> BasicTensor<float>::clone() const;
template BasicTensor<double> BasicTensor<double>::clone() const;

using detail::OpParams;

template <class T>
BasicTensor<T> add(const BasicTensor<T>& a, const BasicTensor<T>& b) {
  return detail::binary_op<T>(
      "add", a, b, [](T x, T y) { return x + y; }, [](T, T, T, T g) { return g; },
      [](T, T, T, T g) { return g; });
}

template <class T>
BasicTensor<T> sub(const BasicTensor<T>& a, const BasicTensor<T>& b) {
  return detail::binary_op<T>(
      "sub", a, b, [](T x, T y) { return x - y; }, [](T, T, T, T g) { return g; },
      [](T, T, T, T g) { return -g; });
}

template <class T>
BasicTensor<T> mul(const BasicTensor<T>& a, const BasicTensor<T>& b) {
  return detail::binary_op<T>(
      "mul", a, b, [](T x, T y) { return x * y; }, [](T, T y, T, T g) { return g * y; },
      [](T x, T, T, T g) { return g * x; });
}

template <class T>
BasicTensor<T> div(const BasicTensor<T>& a, const BasicTensor<T>& b) {
  // d(x/y)/dx = 1/y, d(x/y)/dy = -x/y^2 = -z/y
  return detail::binary_op<T>(
      "div", a, b, [](T x, T y) { return x / y; }, [](T, T y, T, T g) { return g / y; },
      [](T, T y, T z, T g) { return -g * z / y; });
}

template <class T>
BasicTensor<T> neg(const BasicTensor<T>& x) {
  return detail::unary_op<T>(
      "neg", x, {}, [](T v, const OpParams<T>&) { return -v; },
      [](T, T, T g, const OpParams<T>&) { return -g; });
}

template <class T>
BasicTensor<T> add(const BasicTensor<T>& x, Scalar<T> s) {
  return detail::unary_op<T>(
      "add_scalar", x, {{s}}, [](T v, const OpParams<T>& p) { return v + p.scalar[0]; },
      [](T, T, T g, const OpParams<T>&) { return g; });
}

template <class T>
BasicTensor<T> mul(const BasicTensor<T>& x, Scalar<T> s) {
  return detail::unary_op<T>(
      "mul_scalar", x, {{s}}, [](T v, const OpParams<T>& p) { return v * p.scalar[0]; },
      [](T, T, T g, const OpParams<T>& p) { return g * p.scalar[0]; });
}

#define KUDZU_ELEMENTWISE(T)                                                 \
  template BasicTensor<T> add(const BasicTensor<T>&, const BasicTensor<T>&); \
  template BasicTensor<T> sub(const BasicTensor<T>&, const BasicTensor<T>&); \
  template BasicTensor<T> mul(const BasicTensor<T>&, const BasicTensor<T>&); \
  template BasicTensor<T> div(const BasicTensor<T>&, const BasicTensor<T>&); \
  template BasicTensor<T> neg(const BasicTensor<T>&);                        \
  template BasicTensor<T> add(const BasicTensor<T>&, Scalar<T>);             \
  template BasicTensor<T> mul(const BasicTensor<T>&, Scalar<T>);
KUDZU_ELEMENTWISE(float)
KUDZU_ELEMENTWISE(double)

}  // namespace kudzu
