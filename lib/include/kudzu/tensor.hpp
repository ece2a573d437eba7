// BasicTensor<T>: an n-dimensional array (rank 0 to 4, row-major, contiguous) that the
// tape can differentiate. A tensor is a cheap handle: copying it shares storage, as
// torch::Tensor does; clone() copies the values.
//
//   Tensor w = Tensor::randn({3, 2}, rng).requires_grad(true);  // a leaf the tape tracks
//   Tensor loss = mean(sigmoid(matmul(x, w)));                  // ops are recorded
//   loss.backward();                                            // w.grad() is d loss / d w
//
// Tensor (float) is for training, TensorD (double) for gradient checks; one implementation.
// A handle's reference count is not atomic and the tape is per thread: give another thread
// its own copy, made under NoGrad (clone() is recorded otherwise), not a shared handle.
#pragma once

#include <concepts>
#include <cstddef>
#include <initializer_list>
#include <iosfwd>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "kudzu/rng.hpp"
#include "kudzu/shape.hpp"

namespace kudzu {

namespace detail {
template <class T>
struct TensorImpl;
template <class T>
struct Access;
}  // namespace detail

template <class T>
class BasicTensor {
 public:
  using value_type = T;

  BasicTensor() = default;  // an empty handle: defined() is false
  BasicTensor(const BasicTensor& other);
  BasicTensor(BasicTensor&& other) noexcept;
  BasicTensor& operator=(const BasicTensor& other);
  BasicTensor& operator=(BasicTensor&& other) noexcept;
  ~BasicTensor();

  // Factories. None of them requires a gradient; call requires_grad(true) for a leaf.
  static BasicTensor empty(const Shape& shape);  // values unspecified
  static BasicTensor zeros(const Shape& shape);
  static BasicTensor ones(const Shape& shape);
  static BasicTensor full(const Shape& shape, T value);
  static BasicTensor from(const Shape& shape, std::initializer_list<T> values);
  static BasicTensor from(const Shape& shape, std::span<const T> values);
  static BasicTensor arange(T stop);  // {0, 1, ..., stop-1} as a rank-1 tensor
  static BasicTensor arange(T start, T stop, T step = 1);
  static BasicTensor randn(const Shape& shape, Rng& rng, T mean = 0, T stddev = 1);
  static BasicTensor uniform(const Shape& shape, Rng& rng, T low = 0, T high = 1);
  // {fan_in, fan_out} drawn as Glorot (Xavier) normal: mean 0, std sqrt(2 / (fan_in + fan_out)).
  static BasicTensor glorot_normal(std::size_t fan_in, std::size_t fan_out, Rng& rng);

  bool defined() const { return impl_ != nullptr; }
  const Shape& shape() const;
  int rank() const { return shape().rank(); }
  std::size_t size() const { return shape().size(); }
  T* data();
  const T* data() const;
  std::vector<T> to_vector() const;
  T item() const;  // the value of a size-1 tensor

  // Element access by one index per axis, bounds-checked: t(i, j).
  template <std::integral... Index>
  T& operator()(Index... index) {
    const std::size_t indices[] = {to_index(index)...};
    return data()[offset(indices)];
  }
  template <std::integral... Index>
  const T& operator()(Index... index) const {
    const std::size_t indices[] = {to_index(index)...};
    return data()[offset(indices)];
  }

  // Gradients. requires_grad(true) makes this tensor a leaf that gathers d(output)/d(this)
  // over every backward() until zero_grad().
  bool requires_grad() const;
  BasicTensor& requires_grad(bool on);
  BasicTensor grad() const;  // shares the gradient's storage; zeros before any backward
  void zero_grad();
  // Sweeps the tape backwards from this size-1 tensor (d this / d this = 1), or from any
  // tensor with the given seed (d output / d this), then releases the recorded graph.
  void backward() const;
  void backward(const BasicTensor& seed) const;

  BasicTensor clone() const;   // a copy of the values, recorded (gradients flow through)
  BasicTensor detach() const;  // shares storage, never requires a gradient
  template <class U>
  BasicTensor<U> to() const;  // float <-> double; a new leaf that does not require a gradient

  // Overwrites the values in place with other's (same shape); not recorded, so it is for
  // optimizers and data loading. UsageError while a recorded graph that backward() has not
  // swept yet reads these values (they would no longer match the gradients).
  void copy_(const BasicTensor& other);
  void fill_(T value);
  // Whether such a graph reads these values now (copy_ and fill_ would refuse).
  bool read_by_pending_graph() const;

 private:
  friend struct detail::Access<T>;
  explicit BasicTensor(detail::TensorImpl<T>* impl) : impl_(impl) {}
  std::size_t offset(std::span<const std::size_t> index) const;
  [[noreturn]] static void throw_negative_index(long long index);
  template <std::integral Index>
  static std::size_t to_index(Index index) {
    if constexpr (std::is_signed_v<Index>)
      if (index < 0) throw_negative_index(index);
    return static_cast<std::size_t>(index);
  }

  detail::TensorImpl<T>* impl_ = nullptr;
};

using Tensor = BasicTensor<float>;
using TensorD = BasicTensor<double>;

// Prints the shape and the values as nested lists, at most 8 per axis:
// "Tensor{2,2} [[1, 2], [3, 4]]", "Tensor{} 0.5".
template <class T>
std::ostream& operator<<(std::ostream& out, const BasicTensor<T>& tensor);

extern template class BasicTensor<float>;
extern template class BasicTensor<double>;

}  // namespace kudzu
