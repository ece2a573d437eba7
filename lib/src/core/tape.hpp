// The tape: a per-thread list of the ops recorded since the last backward, in creation
// order. Creation order is already a topological order, so backward is one loop from
// the end, with no sort and no recursion however deep the graph.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "kudzu/custom_op.hpp"
#include "kudzu/error.hpp"
#include "tensor_impl.hpp"

namespace kudzu::detail {

template <class T>
struct Node;

// Adds node.out's gradient, through the op's derivative, into the gradients of the inputs
// that require one. A plain function pointer: no closure, nothing to allocate or destroy.
template <class T>
using BackwardFn = void (*)(const Node<T>& node);

// The sliding window of conv2d and max_pool2d: a kernel x kernel square, moved `stride`
// elements at a time over the input with `padding` zeros around it.
struct Window {
  int kernel = 1;
  int stride = 1;
  int padding = 0;
};

// Op parameters the backward needs besides the tensors (the exponent of pow, the bounds
// of clamp, the normalized axis of a reduction or softmax (none for a reduction over every
// element), the window of a convolution or pooling).
template <class T>
struct OpParams {
  T scalar[2] = {0, 0};
  std::optional<int> axis = std::nullopt;
  Window window = {};
  OpBackwardFunction<T> custom_backward = nullptr;  // a custom op's (custom_op.hpp)
};

// The most inputs an op records (conv2d's x, w and b).
inline constexpr std::size_t max_op_inputs = 3;

template <class T>
struct Node {
  const char* op;
  BackwardFn<T> backward;
  TensorImpl<T>* out;
  std::array<TensorImpl<T>*, max_op_inputs> in;  // unused slots are null, after the used ones
  OpParams<T> params;
  // Values the forward pass computed for the backward (conv2d's column matrices), from the
  // pool; the node owns the one reference and releases it with itself. Null for most ops.
  TensorImpl<T>* saved = nullptr;
};

// A tape generation number not used before on any thread (0 marks a leaf, so never 0).
std::uint64_t next_generation();

template <class T>
struct Tape {
  std::vector<Node<T>> nodes;
  // Unique across threads, so a tensor recorded on another thread is never mistaken for
  // one of this tape's.
  std::uint64_t generation = next_generation();

  ~Tape() { clear(); }
  void clear() noexcept;  // releases every node and the gradients of their outputs
};

template <class T>
Tape<T>& tape();

// True when ops record themselves (the default; NoGrad turns it off on this thread).
bool& recording();

// Whether an op with these inputs must be recorded.
template <class T>
bool needs_grad(std::initializer_list<const TensorImpl<T>*> inputs) {
  if (!recording()) return false;
  for (const TensorImpl<T>* input : inputs)
    if (input && input->requires_grad) return true;
  return false;
}

// Appends a node for `out` = op(inputs); the node keeps out and the inputs alive until
// the tape is released.
template <class T>
void record(const char* op, BackwardFn<T> backward, TensorImpl<T>* out,
            std::array<TensorImpl<T>*, max_op_inputs> in, const OpParams<T>& params = {},
            TensorImpl<T>* saved = nullptr) {
  Tape<T>& t = tape<T>();
  out->requires_grad = true;
  out->generation = t.generation;
  out->node = static_cast<std::uint32_t>(t.nodes.size());
  retain(out);
  ++out->tape_reads_of_data();
  for (TensorImpl<T>* input : in) {
    retain(input);
    if (input) ++input->tape_reads_of_data();
  }
  t.nodes.push_back(Node<T>{op, backward, out, in, params, saved});
}

// Sweeps the tape from `root` back to its first node (BasicTensor::backward): seeds root's
// gradient with `seed`, or with 1 when seed is null, then releases every node.
template <class T>
void run_backward(TensorImpl<T>* root, const T* seed);

// Whether a node on the tape reads `impl`'s values, which must then not change in place.
template <class T>
bool read_by_tape(TensorImpl<T>* impl) {
  return impl->tape_reads_of_data() != 0;
}

// Throws UsageError, naming `what`, when read_by_tape(impl).
template <class T>
void check_not_read_by_tape(TensorImpl<T>* impl, const char* what) {
  if (read_by_tape(impl))
    throw UsageError(std::string(what) + ": the values of the tensor " + impl->shape.str() +
                     " are read by a recorded graph that backward() has not swept yet; "
                     "changing them in place would corrupt its gradients (call backward() or "
                     "clear_tape() first)");
}

// Whether `impl` is the output of a node on the current tape.
template <class T>
bool on_tape(const TensorImpl<T>* impl) {
  return !impl->is_leaf() && impl->generation == tape<T>().generation;
}

}  // namespace kudzu::detail
