// Your own differentiable op, recorded on the tape like the library's: its value and its
// backward side by side, as PyTorch's autograd.Function or JAX's custom_vjp.
//
//   // softplus(x) = log(1 + e^x), without overflow; d/dx = sigmoid(x).
//   template <class T>
//   BasicTensor<T> softplus(const BasicTensor<T>& x) {
//     return custom_op<T>(
//         "softplus", {x}, x.shape(),
//         [](const OpValue<T>& op) {
//           for (std::size_t i = 0; i < op.output().size(); ++i) {
//             const T v = op.input(0)[i];
//             op.output()[i] = std::max(v, T(0)) + std::log1p(std::exp(-std::abs(v)));
//           }
//         },
//         [](const OpBackward<T>& op) {
//           std::span<T> gx = op.input_grad(0);
//           for (std::size_t i = 0; i < gx.size(); ++i)
//             gx[i] += op.output_grad()[i] / (T(1) + std::exp(-op.input(0)[i]));
//         });
//   }
//
// custom_op allocates the output from the buffer pool and calls `value` at once to fill it.
// When recording is on (no NoGrad) and an input requires a gradient, it records a node, on
// this thread's tape, that keeps the inputs and the output alive and unchanged until the
// backward sweep, which calls `backward` once and then releases the node: a second
// backward() through it is a UsageError, as for every op. gradcheck checks it like any op.
//
// `backward` must capture nothing (it becomes a plain function pointer on the tape): what
// it needs comes from the inputs, the output and up to two numbers (`scalars`). A lambda
// that captured a tensor would keep its graph alive and is refused at compile time.
#pragma once

#include <array>
#include <cstddef>
#include <initializer_list>
#include <span>
#include <type_traits>

#include "kudzu/tensor.hpp"

namespace kudzu {

namespace detail {
template <class T>
struct CustomOpCall;  // the library's side: builds the views below
}  // namespace detail

// What both functions of a custom op see: its inputs, in the order given, and its numbers.
template <class T>
class OpInputs {
 public:
  std::size_t inputs() const { return count_; }
  const Shape& input_shape(std::size_t i) const;
  std::span<const T> input(std::size_t i) const;  // row-major values
  T scalar(std::size_t i) const;                  // i < 2
  const char* name() const { return name_; }

 protected:
  friend struct detail::CustomOpCall<T>;
  OpInputs(const char* name, detail::TensorImpl<T>* const* inputs, std::size_t count,
           const T* scalars)
      : name_(name), inputs_(inputs), count_(count), scalars_(scalars) {}
  const char* name_;
  detail::TensorImpl<T>* const* inputs_;
  std::size_t count_;
  const T* scalars_;
};

// What the value function sees: it writes every element of output().
template <class T>
class OpValue : public OpInputs<T> {
 public:
  std::span<T> output() const;

 private:
  friend struct detail::CustomOpCall<T>;
  OpValue(const OpInputs<T>& inputs, detail::TensorImpl<T>* out) : OpInputs<T>(inputs), out_(out) {}
  detail::TensorImpl<T>* out_;
};

// What the backward function sees: the output's values and gradient (d loss / d output),
// and, for each input that requires a gradient, the buffer to ADD its share into.
template <class T>
class OpBackward : public OpInputs<T> {
 public:
  std::span<const T> output() const;
  std::span<const T> output_grad() const;
  bool requires_grad(std::size_t i) const;
  // Zero-filled on first use; UsageError when input i does not require a gradient.
  std::span<T> input_grad(std::size_t i) const;

 private:
  friend struct detail::CustomOpCall<T>;
  OpBackward(const OpInputs<T>& inputs, const detail::TensorImpl<T>* out)
      : OpInputs<T>(inputs), out_(out) {}
  const detail::TensorImpl<T>* out_;
};

template <class T>
using OpBackwardFunction = void (*)(const OpBackward<T>&);

namespace detail {
template <class T>
BasicTensor<T> record_custom_op(const char* name, std::span<const BasicTensor<T>> inputs,
                                const Shape& output_shape,
                                void (*value)(const void*, const OpValue<T>&),
                                const void* value_object, OpBackwardFunction<T> backward,
                                std::array<T, 2> scalars);
}  // namespace detail

// output{output_shape} = value(inputs), recorded with `backward`. name: a string literal
// (the tape and its error messages keep the pointer); one to three defined inputs.
template <class T, class Value, class Backward>
BasicTensor<T> custom_op(const char* name, std::initializer_list<BasicTensor<T>> inputs,
                         const Shape& output_shape, const Value& value, Backward backward,
                         std::array<T, 2> scalars = {}) {
  static_assert(std::is_convertible_v<Backward, OpBackwardFunction<T>>,
                "custom_op: the backward function must capture nothing (it is kept on the tape "
                "as a plain function pointer; a captured tensor would keep its graph alive): "
                "read what it needs through OpBackward, or pass numbers as scalars");
  const auto call = [](const void* object, const OpValue<T>& op) {
    (*static_cast<const Value*>(object))(op);
  };
  return detail::record_custom_op<T>(name, std::span(inputs.begin(), inputs.size()), output_shape,
                                     call, &value, backward, scalars);
}

}  // namespace kudzu
