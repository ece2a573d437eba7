// Elementwise functions and activations: each value with its derivative beside it.
#include <cmath>

#include "kudzu/ops.hpp"
#include "op_helpers.hpp"

namespace kudzu {

using detail::OpParams;
using detail::unary_op;

template <class T>
BasicTensor<T> exp(const BasicTensor<T>& x) {
  return unary_op<T>(
      "exp", x, {}, [](T v, const OpParams<T>&) { return std::exp(v); },
      [](T, T y, T g, const OpParams<T>&) { return g * y; });
}

template <class T>
BasicTensor<T> log(const BasicTensor<T>& x) {
  return unary_op<T>(
      "log", x, {}, [](T v, const OpParams<T>&) { return std::log(v); },
      [](T v, T, T g, const OpParams<T>&) { return g / v; });
}

template <class T>
BasicTensor<T> sqrt(const BasicTensor<T>& x) {
  return unary_op<T>(
      "sqrt", x, {}, [](T v, const OpParams<T>&) { return std::sqrt(v); },
      [](T, T y, T g, const OpParams<T>&) { return g / (2 * y); });
}

template <class T>
BasicTensor<T> pow(const BasicTensor<T>& x, Scalar<T> p) {
  return unary_op<T>(
      "pow", x, {{p}}, [](T v, const OpParams<T>& q) { return std::pow(v, q.scalar[0]); },
      [](T v, T, T g, const OpParams<T>& q) {
        // x^0 is constant: its slope is 0 even at x = 0, where 0 * 0^-1 would be NaN.
        return q.scalar[0] == 0 ? T(0) : g * q.scalar[0] * std::pow(v, q.scalar[0] - 1);
      });
}

template <class T>
BasicTensor<T> abs(const BasicTensor<T>& x) {
  return unary_op<T>(
      "abs", x, {}, [](T v, const OpParams<T>&) { return std::abs(v); },
      [](T v, T, T g, const OpParams<T>&) { return v > 0 ? g : v < 0 ? -g : T(0); });
}

template <class T>
BasicTensor<T> clamp(const BasicTensor<T>& x, Scalar<T> low, Scalar<T> high) {
  if (!(low <= high))
    throw UsageError("clamp: low " + std::to_string(low) + " is above high " +
                     std::to_string(high));
  return unary_op<T>(
      "clamp", x, {{low, high}},
      [](T v, const OpParams<T>& p) { return std::min(std::max(v, p.scalar[0]), p.scalar[1]); },
      [](T v, T, T g, const OpParams<T>& p) {
        return v >= p.scalar[0] && v <= p.scalar[1] ? g : T(0);
      });
}

template <class T>
BasicTensor<T> relu(const BasicTensor<T>& x) {
  return unary_op<T>(
      "relu", x, {}, [](T v, const OpParams<T>&) { return v > 0 ? v : T(0); },
      [](T v, T, T g, const OpParams<T>&) { return v > 0 ? g : T(0); });
}

template <class T>
BasicTensor<T> sigmoid(const BasicTensor<T>& x) {
  // exp of a negative number only, so no overflow for any finite x; the derivative
  // y(1 - y) reads the saved output instead of recomputing it.
  return unary_op<T>(
      "sigmoid", x, {},
      [](T v, const OpParams<T>&) {
        if (v >= 0) return T(1) / (T(1) + std::exp(-v));
        const T e = std::exp(v);
        return e / (T(1) + e);
      },
      [](T, T y, T g, const OpParams<T>&) { return g * y * (T(1) - y); });
}

template <class T>
BasicTensor<T> tanh(const BasicTensor<T>& x) {
  return unary_op<T>(
      "tanh", x, {}, [](T v, const OpParams<T>&) { return std::tanh(v); },
      [](T, T y, T g, const OpParams<T>&) { return g * (T(1) - y * y); });
}

#define KUDZU_UNARY(T)                                                      \
  template BasicTensor<T> exp(const BasicTensor<T>&);                       \
  template BasicTensor<T> log(const BasicTensor<T>&);                       \
  template BasicTensor<T> sqrt(const BasicTensor<T>&);                      \
  template BasicTensor<T> pow(const BasicTensor<T>&, Scalar<T>);            \
  template BasicTensor<T> abs(const BasicTensor<T>&);                       \
  template BasicTensor<T> clamp(const BasicTensor<T>&, Scalar<T>, Scalar<T>); \
  template BasicTensor<T> relu(const BasicTensor<T>&);                      \
  template BasicTensor<T> sigmoid(const BasicTensor<T>&);                   \
  template BasicTensor<T> tanh(const BasicTensor<T>&);
KUDZU_UNARY(float)
KUDZU_UNARY(double)

}  // namespace kudzu
