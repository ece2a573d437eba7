#include "tape.hpp"

#include <atomic>
#include <cstring>
#include <string>

#include "kudzu/autograd.hpp"
#include "kudzu/error.hpp"

namespace kudzu {
namespace detail {

template <class T>
void Tape<T>::clear() noexcept {
  for (Node<T>& node : nodes) {
    // Only leaves keep gradients; an op's output loses its gradient with its node.
    release_values(node.out->grad, node.out->shape.size());
    node.out->grad = nullptr;
    --node.out->tape_reads_of_data();
    release(node.out);
    for (TensorImpl<T>* input : node.in) {
      if (input) --input->tape_reads_of_data();
      release(input);
    }
    release(node.saved);
  }
  nodes.clear();  // keeps the capacity: the next step records without allocating
  generation = next_generation();
}

std::uint64_t next_generation() {
  static std::atomic<std::uint64_t> counter{1};
  return counter.fetch_add(1, std::memory_order_relaxed);
}

// Both tapes live in one thread-local record. Should it outlive the thread's pool, its
// releases go straight back to the heap (see pool.cpp), so destruction order is free.
struct ThreadTapes {
  Tape<float> float_tape;
  Tape<double> double_tape;
};

ThreadTapes& thread_tapes() {
  thread_local ThreadTapes tapes;
  return tapes;
}

template <>
Tape<float>& tape<float>() {
  return thread_tapes().float_tape;
}
template <>
Tape<double>& tape<double>() {
  return thread_tapes().double_tape;
}

bool& recording() {
  thread_local bool on = true;
  return on;
}

template <class T>
void run_backward(TensorImpl<T>* root, const T* seed) {
  if (!root->requires_grad)
    throw UsageError("backward: the tensor " + root->shape.str() +
                     " does not require a gradient (no input of the ops that made it "
                     "requires one, or it was computed under NoGrad)");
  Tape<T>& t = tape<T>();
  T* root_grad = grad_buffer(root);
  const std::size_t n = root->shape.size();
  if (root->is_leaf()) {  // nothing recorded: d root / d root is the seed itself
    for (std::size_t i = 0; i < n; ++i) root_grad[i] += seed ? seed[i] : T(1);
    return;
  }
  if (root->generation != t.generation)
    throw UsageError("backward: the graph that computed this tensor " + root->shape.str() +
                     " was already released by an earlier backward() or clear_tape(); "
                     "run the forward pass again");
  for (std::size_t i = 0; i < n; ++i) root_grad[i] += seed ? seed[i] : T(1);
  for (std::size_t i = root->node + 1; i-- > 0;) {
    const Node<T>& node = t.nodes[i];
    if (!node.out->grad) continue;  // no gradient reached it: nothing to pass on
    // An input made by an earlier, released graph would silently swallow its gradient:
    // the leaves behind it would miss their share.
    for (const TensorImpl<T>* input : node.in)
      if (input && !input->is_leaf() && input->generation != t.generation) {
        const std::string message =
            std::string("backward: ") + node.op + " reads a tensor " + input->shape.str() +
            " whose graph was already released by an earlier backward() or clear_tape(), so "
            "its gradient cannot go on; run its forward pass again, or detach() it to use it "
            "as a constant";
        t.clear();
        throw UsageError(message);
      }
    try {
      node.backward(node);
    } catch (...) {  // a custom op's backward may throw: leave no half-swept graph behind
      t.clear();
      throw;
    }
  }
  t.clear();
}

template void run_backward(TensorImpl<float>*, const float*);
template void run_backward(TensorImpl<double>*, const double*);

}  // namespace detail

NoGrad::NoGrad() : previous_(detail::recording()) { detail::recording() = false; }
NoGrad::~NoGrad() { detail::recording() = previous_; }

bool is_recording() { return detail::recording(); }

void clear_tape() {
  detail::tape<float>().clear();
  detail::tape<double>().clear();
}

std::size_t tape_size() {
  return detail::tape<float>().nodes.size() + detail::tape<double>().nodes.size();
}

template <class T>
std::string dump_tape() {
  using detail::TensorImpl;
  const detail::Tape<T>& t = detail::tape<T>();
  auto name = [&](const TensorImpl<T>* impl) {
    if (detail::on_tape(impl)) return std::string("%").append(std::to_string(impl->node));
    // Computed by a graph that backward() has already released: not a leaf.
    std::string text = !impl->is_leaf() ? "released" : impl->requires_grad ? "leaf" : "const";
    return text.append(impl->shape.str());
  };
  std::string program;
  for (const detail::Node<T>& node : t.nodes) {
    program += name(node.out) + " = " + node.op + "(";
    for (std::size_t i = 0; i < node.in.size() && node.in[i]; ++i)
      program += (i ? ", " : "") + name(node.in[i]);
    program += ") -> " + node.out->shape.str() + "\n";
  }
  return program;
}

template std::string dump_tape<float>();
template std::string dump_tape<double>();

}  // namespace kudzu
