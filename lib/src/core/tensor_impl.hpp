// What a tensor handle points to. Private to the library: ops and kernels read the record
// directly; users go through BasicTensor.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <new>

#include "kudzu/tensor.hpp"
#include "pool.hpp"

namespace kudzu::detail {

template <class T>
struct TensorImpl {
  // Handles and tape nodes holding this record. Atomic: threads that share a tensor (two
  // models trained side by side on one data set, an evaluation on another thread) copy and
  // drop handles to it at the same time.
  std::atomic<std::uint32_t> refs{1};
  bool requires_grad = false;
  Shape shape;
  T* data = nullptr;
  T* grad = nullptr;            // allocated at the first gradient that reaches this tensor
  TensorImpl* owner = nullptr;  // set when `data` belongs to another record (a view)
  bool views_gradient = false;  // a view of `owner`'s gradient buffer (grad()), not its values
  // Set when an op recorded this tensor as its output: the node's index on this thread's
  // tape and the tape generation it belongs to (a generation ends when backward releases it).
  std::uint64_t generation = 0;
  std::uint32_t node = 0;
  // On the record that owns the values: how many nodes on the tape read them (as an input,
  // or as the output their backward reads). While it is not zero, changing the values in
  // place would corrupt the gradients backward() computes.
  std::uint32_t tape_reads = 0;
  // On a leaf: how many nodes read its gradient buffer (through a view from grad()).
  std::uint32_t gradient_tape_reads = 0;

  bool is_leaf() const { return generation == 0; }
  // The count of tape nodes reading the memory `data` points to, whoever owns it.
  std::uint32_t& tape_reads_of_data() {
    if (!owner) return tape_reads;
    return views_gradient ? owner->gradient_tape_reads : owner->tape_reads;
  }
};

template <class T>
T* allocate_values(std::size_t count) {
  return static_cast<T*>(pool_allocate(count * sizeof(T)));
}

template <class T>
void release_values(T* values, std::size_t count) noexcept {
  pool_release(values, count * sizeof(T));
}

// A new record with refs = 1 and uninitialized values.
template <class T>
TensorImpl<T>* new_impl(const Shape& shape) {
  auto* impl = new (pool_allocate(sizeof(TensorImpl<T>))) TensorImpl<T>;
  impl->shape = shape;
  impl->data = allocate_values<T>(shape.size());
  return impl;
}

// A record that shares `owner`'s values under another shape of the same size.
template <class T>
TensorImpl<T>* new_view(TensorImpl<T>* owner, const Shape& shape) {
  auto* impl = new (pool_allocate(sizeof(TensorImpl<T>))) TensorImpl<T>;
  impl->shape = shape;
  impl->owner = owner->owner ? owner->owner : owner;
  impl->views_gradient = owner->views_gradient;
  impl->data = owner->data;
  impl->owner->refs.fetch_add(1, std::memory_order_relaxed);
  return impl;
}

template <class T>
void retain(TensorImpl<T>* impl) {
  if (impl) impl->refs.fetch_add(1, std::memory_order_relaxed);
}

template <class T>
void release(TensorImpl<T>* impl) noexcept {
  // The last holder to let go sees every other holder's writes (acquire) before freeing.
  if (!impl || impl->refs.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
  if (impl->owner)
    release(impl->owner);
  else
    release_values(impl->data, impl->shape.size());
  release_values(impl->grad, impl->shape.size());
  impl->~TensorImpl<T>();
  pool_release(impl, sizeof(TensorImpl<T>));
}

// Where an op that writes every element of `impl`'s gradient puts it: when no op has reached
// that gradient yet, a new buffer left as allocated (`fresh`: the op assigns), else the
// buffer the earlier ops have added into. Zero-filling a buffer only to add into it was a
// pass over each large activation's gradient (a LeNet's first Relu: 235,200 values a step).
template <class T>
struct GradientTarget {
  T* values;
  bool fresh;
};

template <class T>
GradientTarget<T> gradient_target(TensorImpl<T>* impl) {
  if (impl->grad) return {impl->grad, false};
  impl->grad = allocate_values<T>(impl->shape.size());
  return {impl->grad, true};
}

// The gradient buffer of `impl`, zero-filled when it is first needed.
template <class T>
T* grad_buffer(TensorImpl<T>* impl) {
  if (!impl->grad) {
    impl->grad = allocate_values<T>(impl->shape.size());
    std::fill_n(impl->grad, impl->shape.size(), T(0));
  }
  return impl->grad;
}

// The bridge between handles and records, for the library's own code.
template <class T>
struct Access {
  static TensorImpl<T>* impl(const BasicTensor<T>& tensor) { return tensor.impl_; }
  // Takes over the reference the caller holds on `impl`.
  static BasicTensor<T> adopt(TensorImpl<T>* impl) { return BasicTensor<T>(impl); }
};

template <class T>
TensorImpl<T>* impl_of(const BasicTensor<T>& tensor) {
  return Access<T>::impl(tensor);
}

template <class T>
BasicTensor<T> adopt(TensorImpl<T>* impl) {
  return Access<T>::adopt(impl);
}

}  // namespace kudzu::detail
