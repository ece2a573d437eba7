#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ostream>

#include "kudzu/error.hpp"
#include "kudzu/ops.hpp"
#include "kudzu/thread_pool.hpp"
#include "tape.hpp"

namespace kudzu {

using detail::TensorImpl;

template <class T>
BasicTensor<T>::BasicTensor(const BasicTensor& other) : impl_(other.impl_) {
  detail::retain(impl_);
}

template <class T>
BasicTensor<T>::BasicTensor(BasicTensor&& other) noexcept : impl_(other.impl_) {
  other.impl_ = nullptr;
}

template <class T>
BasicTensor<T>& BasicTensor<T>::operator=(const BasicTensor& other) {
  detail::retain(other.impl_);
  detail::release(impl_);
  impl_ = other.impl_;
  return *this;
}

template <class T>
BasicTensor<T>& BasicTensor<T>::operator=(BasicTensor&& other) noexcept {
  if (this != &other) {
    detail::release(impl_);
    impl_ = other.impl_;
    other.impl_ = nullptr;
  }
  return *this;
}

template <class T>
BasicTensor<T>::~BasicTensor() {
  detail::release(impl_);
}

namespace {

template <class T>
TensorImpl<T>* checked(TensorImpl<T>* impl, const char* what) {
  if (!impl) throw UsageError(std::string(what) + ": the tensor is empty (default-constructed)");
  return impl;
}

}  // namespace

template <class T>
BasicTensor<T> BasicTensor<T>::empty(const Shape& shape) {
  return BasicTensor(detail::new_impl<T>(shape));
}

template <class T>
BasicTensor<T> BasicTensor<T>::zeros(const Shape& shape) {
  return full(shape, T(0));
}

template <class T>
BasicTensor<T> BasicTensor<T>::ones(const Shape& shape) {
  return full(shape, T(1));
}

template <class T>
BasicTensor<T> BasicTensor<T>::full(const Shape& shape, T value) {
  BasicTensor result = empty(shape);
  std::fill_n(result.impl_->data, shape.size(), value);
  return result;
}

template <class T>
BasicTensor<T> BasicTensor<T>::from(const Shape& shape, std::initializer_list<T> values) {
  return from(shape, std::span<const T>(values.begin(), values.size()));
}

template <class T>
BasicTensor<T> BasicTensor<T>::from(const Shape& shape, std::span<const T> values) {
  if (values.size() != shape.size())
    throw ShapeError("Tensor::from: shape " + shape.str() + " holds " +
                     std::to_string(shape.size()) + " values but " + std::to_string(values.size()) +
                     " were given");
  BasicTensor result = empty(shape);
  std::copy(values.begin(), values.end(), result.impl_->data);
  return result;
}

template <class T>
BasicTensor<T> BasicTensor<T>::arange(T stop) {
  return arange(T(0), stop, T(1));
}

template <class T>
BasicTensor<T> BasicTensor<T>::arange(T start, T stop, T step) {
  if (!(step > 0 || step < 0))
    throw UsageError("Tensor::arange: step must be non-zero, got " + std::to_string(step));
  const double count = std::ceil((double(stop) - double(start)) / double(step));
  if (!(count <= double(Shape::max_size))) {  // also NaN, from an infinite or NaN bound
    char bounds[96];
    std::snprintf(bounds, sizeof bounds, "start %g, stop %g, step %g", double(start), double(stop),
                  double(step));
    throw UsageError(std::string("Tensor::arange: ") + bounds +
                     " do not make a finite count of at most 2^48 values");
  }
  BasicTensor result = empty(Shape{static_cast<long long>(std::max(count, 0.0))});
  for (std::size_t i = 0; i < result.size(); ++i) result.impl_->data[i] = start + T(i) * step;
  return result;
}

template <class T>
BasicTensor<T> BasicTensor<T>::randn(const Shape& shape, Rng& rng, T mean, T stddev) {
  BasicTensor result = empty(shape);
  for (std::size_t i = 0; i < shape.size(); ++i)
    result.impl_->data[i] = mean + stddev * static_cast<T>(rng.normal());
  return result;
}

template <class T>
BasicTensor<T> BasicTensor<T>::glorot_normal(std::size_t fan_in, std::size_t fan_out, Rng& rng) {
  const T stddev = std::sqrt(T(2) / static_cast<T>(fan_in + fan_out));
  return randn({fan_in, fan_out}, rng, T(0), stddev);
}

template <class T>
BasicTensor<T> BasicTensor<T>::uniform(const Shape& shape, Rng& rng, T low, T high) {
  BasicTensor result = empty(shape);
  for (std::size_t i = 0; i < shape.size(); ++i)
    result.impl_->data[i] = low + (high - low) * static_cast<T>(rng.uniform());
  return result;
}

template <class T>
const Shape& BasicTensor<T>::shape() const {
  return checked(impl_, "shape")->shape;
}

template <class T>
T* BasicTensor<T>::data() {
  return checked(impl_, "data")->data;
}

template <class T>
const T* BasicTensor<T>::data() const {
  return checked(impl_, "data")->data;
}

template <class T>
std::vector<T> BasicTensor<T>::to_vector() const {
  const T* values = data();
  return std::vector<T>(values, values + size());
}

template <class T>
T BasicTensor<T>::item() const {
  if (size() != 1)
    throw ShapeError("item: the tensor " + shape().str() + " has " + std::to_string(size()) +
                     " elements, not 1");
  return impl_->data[0];
}

template <class T>
std::size_t BasicTensor<T>::offset(std::span<const std::size_t> index) const {
  const Shape& s = shape();
  if (index.size() != static_cast<std::size_t>(s.rank()))
    throw ShapeError("element access: " + std::to_string(index.size()) +
                     " indices for a tensor of shape " + s.str());
  std::size_t flat = 0;
  for (int axis = 0; axis < s.rank(); ++axis) {
    if (index[axis] >= s[axis])
      throw ShapeError("element access: index " + std::to_string(index[axis]) + " on axis " +
                       std::to_string(axis) + " is out of range for shape " + s.str());
    flat = flat * s[axis] + index[axis];
  }
  return flat;
}

template <class T>
void BasicTensor<T>::throw_negative_index(long long index) {
  throw ShapeError("element access: index " + std::to_string(index) +
                   " is negative (indices count from 0; there is no counting from the end)");
}

template <class T>
bool BasicTensor<T>::requires_grad() const {
  return checked(impl_, "requires_grad")->requires_grad;
}

template <class T>
BasicTensor<T>& BasicTensor<T>::requires_grad(bool on) {
  checked(impl_, "requires_grad");
  if (!impl_->is_leaf())
    throw UsageError("requires_grad: the tensor " + impl_->shape.str() + " was computed by " +
                     "a recorded op; only leaves can change it (use detach() for a constant)");
  impl_->requires_grad = on;
  return *this;
}

template <class T>
BasicTensor<T> BasicTensor<T>::grad() const {
  checked(impl_, "grad");
  if (!impl_->is_leaf())
    throw UsageError("grad: the tensor " + impl_->shape.str() + " was computed by a recorded " +
                     "op; only leaves keep their gradient after backward()");
  // A view of the gradient buffer: the leaf owns it and outlives the view.
  auto* view = new (detail::pool_allocate(sizeof(TensorImpl<T>))) TensorImpl<T>;
  view->shape = impl_->shape;
  view->data = detail::grad_buffer(impl_);
  view->owner = impl_;
  view->views_gradient = true;
  detail::retain(impl_);
  return BasicTensor(view);
}

template <class T>
void BasicTensor<T>::zero_grad() {
  checked(impl_, "zero_grad");
  if (impl_->gradient_tape_reads)
    throw UsageError("zero_grad: the gradient of the tensor " + impl_->shape.str() +
                     " is read by a recorded graph that backward() has not swept yet (through "
                     "grad()); zeroing it now would corrupt that graph's gradients");
  if (!impl_->grad) return;
  T* grad = impl_->grad;
  for_each_half(impl_->shape.size(), [grad](std::size_t begin, std::size_t end) {
    std::fill(grad + begin, grad + end, T(0));
  });
}

template <class T>
void BasicTensor<T>::backward() const {
  checked(impl_, "backward");
  if (impl_->shape.size() != 1)
    throw ShapeError("backward: the tensor " + impl_->shape.str() +
                     " is not a single value; pass a seed of the same shape");
  detail::run_backward<T>(impl_, nullptr);
}

template <class T>
void BasicTensor<T>::backward(const BasicTensor& seed) const {
  checked(impl_, "backward");
  if (seed.shape() != impl_->shape)
    throw ShapeError("backward: seed " + seed.shape().str() + " does not match the tensor " +
                     impl_->shape.str());
  detail::run_backward<T>(impl_, seed.data());
}

template <class T>
BasicTensor<T> BasicTensor<T>::detach() const {
  checked(impl_, "detach");
  return BasicTensor(detail::new_view(impl_, impl_->shape));
}

template <class T>
template <class U>
BasicTensor<U> BasicTensor<T>::to() const {
  auto result = BasicTensor<U>::empty(shape());
  std::transform(impl_->data, impl_->data + size(), result.data(),
                 [](T value) { return static_cast<U>(value); });
  return result;
}

template <class T>
bool BasicTensor<T>::read_by_pending_graph() const {
  checked(impl_, "read_by_pending_graph");
  return detail::read_by_tape(impl_);
}

template <class T>
void BasicTensor<T>::copy_(const BasicTensor& other) {
  checked(impl_, "copy_");
  if (other.shape() != impl_->shape)
    throw ShapeError("copy_: source " + other.shape().str() + " does not match destination " +
                     impl_->shape.str());
  detail::check_not_read_by_tape(impl_, "copy_");
  const T* from = other.data();
  T* to = impl_->data;
  for_each_half(impl_->shape.size(), [from, to](std::size_t begin, std::size_t end) {
    std::copy(from + begin, from + end, to + begin);
  });
}

template <class T>
void BasicTensor<T>::fill_(T value) {
  checked(impl_, "fill_");
  detail::check_not_read_by_tape(impl_, "fill_");
  std::fill_n(impl_->data, impl_->shape.size(), value);
}

namespace {

// Writes the values along `axis` and below as nested brackets, NumPy style, at most `shown`
// entries per axis. Rank is at most 4, so the recursion is at most 4 deep.
template <class T>
void print_values(std::ostream& out, const T* values, const Shape& shape, int axis) {
  constexpr std::size_t shown = 8;
  if (axis == shape.rank()) {
    out << *values;
    return;
  }
  std::size_t stride = 1;
  for (int inner = axis + 1; inner < shape.rank(); ++inner) stride *= shape[inner];
  out << '[';
  for (std::size_t i = 0; i < std::min(shape[axis], shown); ++i) {
    if (i) out << ", ";
    print_values(out, values + i * stride, shape, axis + 1);
  }
  out << (shape[axis] > shown ? ", ...]" : "]");
}

}  // namespace

template <class T>
std::ostream& operator<<(std::ostream& out, const BasicTensor<T>& tensor) {
  out << (std::is_same_v<T, float> ? "Tensor" : "TensorD");
  if (!tensor.defined()) return out << "(empty)";
  out << tensor.shape().str() << ' ';
  print_values(out, tensor.data(), tensor.shape(), 0);
  return out;
}

template class BasicTensor<float>;
template class BasicTensor<double>;
template BasicTensor<double> BasicTensor<float>::to<double>() const;
template BasicTensor<float> BasicTensor<float>::to<float>() const;
template BasicTensor<float> BasicTensor<double>::to<float>() const;
template BasicTensor<double> BasicTensor<double>::to<double>() const;
template std::ostream& operator<<(std::ostream&, const BasicTensor<float>&);
template std::ostream& operator<<(std::ostream&, const BasicTensor<double>&);

}  // namespace kudzu
