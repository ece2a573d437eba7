// The library's side of custom_op.hpp: the views a custom op's functions see, and the node
// that runs its backward.
#include "kudzu/custom_op.hpp"

#include <algorithm>
#include <string>

#include "kudzu/error.hpp"
#include "ops/op_helpers.hpp"

namespace kudzu {

using detail::TensorImpl;

namespace detail {

template <class T>
struct CustomOpCall {
  static OpInputs<T> inputs(const char* name, TensorImpl<T>* const* in, std::size_t count,
                            const T* scalars) {
    return OpInputs<T>(name, in, count, scalars);
  }
  static OpValue<T> value(const OpInputs<T>& in, TensorImpl<T>* out) { return OpValue<T>(in, out); }

  // The node's backward: hands the recorded inputs and output to the user's function.
  static void backward(const Node<T>& node) {
    const std::size_t count =
        std::size_t(std::find(node.in.begin(), node.in.end(), nullptr) - node.in.begin());
    const OpBackward<T> op(inputs(node.op, node.in.data(), count, node.params.scalar), node.out);
    node.params.custom_backward(op);
  }
};

template <class T>
BasicTensor<T> record_custom_op(const char* name, std::span<const BasicTensor<T>> inputs,
                                const Shape& output_shape,
                                void (*value)(const void*, const OpValue<T>&),
                                const void* value_object, OpBackwardFunction<T> backward,
                                std::array<T, 2> scalars) {
  if (inputs.empty() || inputs.size() > max_op_inputs)
    throw UsageError(std::string("custom op ") + name + ": takes 1 to " +
                     std::to_string(max_op_inputs) + " inputs, got " +
                     std::to_string(inputs.size()));
  std::array<TensorImpl<T>*, max_op_inputs> in{};
  bool any_requires_grad = false;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    in[i] = checked_impl(inputs[i], name);
    any_requires_grad = any_requires_grad || in[i]->requires_grad;
  }
  OpParams<T> params;
  std::copy(scalars.begin(), scalars.end(), params.scalar);
  params.custom_backward = backward;
  TensorImpl<T>* out = new_impl<T>(output_shape);
  try {
    value(value_object,
          CustomOpCall<T>::value(
              CustomOpCall<T>::inputs(name, in.data(), inputs.size(), params.scalar), out));
  } catch (...) {
    release(out);
    throw;
  }
  if (recording() && any_requires_grad) record<T>(name, CustomOpCall<T>::backward, out, in, params);
  return adopt(out);
}

}  // namespace detail

namespace {

std::size_t checked_index(const char* name, std::size_t i, std::size_t count, const char* what) {
  if (i >= count)
    throw UsageError(std::string("custom op ") + name + ": " + what + "(" + std::to_string(i) +
                     ") is out of range: there are " + std::to_string(count));
  return i;
}

}  // namespace

template <class T>
const Shape& OpInputs<T>::input_shape(std::size_t i) const {
  return inputs_[checked_index(name_, i, count_, "input_shape")]->shape;
}

template <class T>
std::span<const T> OpInputs<T>::input(std::size_t i) const {
  const TensorImpl<T>* impl = inputs_[checked_index(name_, i, count_, "input")];
  return {impl->data, impl->shape.size()};
}

template <class T>
T OpInputs<T>::scalar(std::size_t i) const {
  return scalars_[checked_index(name_, i, 2, "scalar")];
}

template <class T>
std::span<T> OpValue<T>::output() const {
  return {out_->data, out_->shape.size()};
}

template <class T>
std::span<const T> OpBackward<T>::output() const {
  return {out_->data, out_->shape.size()};
}

template <class T>
std::span<const T> OpBackward<T>::output_grad() const {
  return {out_->grad, out_->shape.size()};
}

template <class T>
bool OpBackward<T>::requires_grad(std::size_t i) const {
  return this->inputs_[checked_index(this->name_, i, this->count_, "requires_grad")]->requires_grad;
}

template <class T>
std::span<T> OpBackward<T>::input_grad(std::size_t i) const {
  TensorImpl<T>* impl = this->inputs_[checked_index(this->name_, i, this->count_, "input_grad")];
  if (!impl->requires_grad)
    throw UsageError(std::string("custom op ") + this->name_ + ": input_grad(" + std::to_string(i) +
                     ") of an input " + impl->shape.str() +
                     " that does not require a gradient (ask requires_grad(" + std::to_string(i) +
                     ") first)");
  return {detail::grad_buffer(impl), impl->shape.size()};
}

#define KUDZU_CUSTOM_OP(T)                                                          \
  template class OpInputs<T>;                                                       \
  template class OpValue<T>;                                                        \
  template class OpBackward<T>;                                                     \
  template BasicTensor<T> detail::record_custom_op(                                 \
      const char*, std::span<const BasicTensor<T>>, const Shape&,                   \
      void (*)(const void*, const OpValue<T>&), const void*, OpBackwardFunction<T>, \
      std::array<T, 2>);
KUDZU_CUSTOM_OP(float)
KUDZU_CUSTOM_OP(double)

}  // namespace kudzu
