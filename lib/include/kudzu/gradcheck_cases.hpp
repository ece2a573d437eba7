// The catalogue of gradient checks: one case per op and input pattern, shared by the
// Boost.Test suite (test/ops_test.cpp) and the kudzu-gradcheck app, so that both check
// exactly the same things.
//
// A case names what it checks ("add[row-vector]"), makes its inputs from a seeded generator
// (positive for log and sqrt, away from the kinks of relu, abs, clamp and max), and gives
// the function to differentiate and the tolerances. Adding a case is one entry in
// gradcheck_cases.cpp.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "kudzu/gradcheck.hpp"
#include "kudzu/ops.hpp"
#include "kudzu/rng.hpp"

namespace kudzu::gradcheck_cases {

struct Case {
  std::string op;       // the op under test, e.g. "sum", "operator/"
  std::string variant;  // the input pattern, e.g. "axis=-1,keepdims"
  std::function<std::vector<TensorD>(Rng&)> make_inputs;
  GradcheckFunction function;
  GradcheckOptions options;  // PyTorch's defaults unless the case says why not

  std::string name() const;  // "op[variant]", e.g. "sum[axis=-1,keepdims]"
};

// Every case, in a fixed order.
const std::vector<Case>& catalogue();

// The inputs of a case: drawn from a generator seeded by the case's name, so a case sees the
// same values however the catalogue is filtered or reordered.
std::vector<TensorD> inputs_of(const Case& c);

struct Result {
  std::vector<Shape> shapes;  // of the inputs
  GradcheckReport report;
  double max_abs_error = 0;  // the largest over the inputs
  double max_rel_error = 0;
};

Result run(const Case& c);

// The loss of the network in the original write-up: 784 -> 100 -> 100 -> 2 -> 1, relu after
// the first two layers, nothing after the third, a sigmoid at the output, binary
// cross-entropy. params: w1 {784,100}, b1 {1,100}, w2, b2, w3 {100,2}, b3, w4 {2,1}, b4.
template <class T>
BasicTensor<T> original_network_loss(const std::vector<BasicTensor<T>>& params,
                                     const BasicTensor<T>& images, const BasicTensor<T>& targets) {
  const auto& p = params;
  BasicTensor<T> h = relu(matmul(images, p[0]) + p[1]);
  h = relu(matmul(h, p[2]) + p[3]);
  h = matmul(h, p[4]) + p[5];
  return binary_cross_entropy(sigmoid(matmul(h, p[6]) + p[7]), targets);
}

// A LeNet's front in miniature: relu(conv2d(images, w, b)), max-pooled 2/2, flattened and
// multiplied by v. images {N,C,H,W}, w {F,C,K,K}, b {F}, v {F*(H-K+1)/2*(W-K+1)/2, outputs}.
template <class T>
BasicTensor<T> conv_chain(const BasicTensor<T>& images, const BasicTensor<T>& w,
                          const BasicTensor<T>& b, const BasicTensor<T>& v) {
  const BasicTensor<T> pooled = max_pool2d(relu(conv2d(images, w, b)), 2, 2);
  return matmul(reshape(pooled, {pooled.shape()[0], pooled.size() / pooled.shape()[0]}), v);
}

// "{3,4} {1,4}"
std::string shapes_text(const std::vector<Shape>& shapes);

}  // namespace kudzu::gradcheck_cases
