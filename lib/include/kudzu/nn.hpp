// Layers and models: the original Kudzu's Affine, Relu, Sigmoid, Tanh, Softmax and Model,
// each forward pass a composition of ops, so the tape differentiates it (no layer has a
// backward of its own).
//
//   Model model({Affine("first", 784, 100), Relu("relu"), Affine("second", 100, 100),
//                Relu("relu"), Affine("third", 100, 2), Affine("output", 2, 1),
//                Sigmoid("sigmoid")});
//   Tensor p = model(x);                 // x {N,784} -> probabilities {N,1}
//   Model embed = model.slice(0, 5);     // layers[:5], the same parameters
//   for (const auto& [name, value] : model.parameters()) ...   // "first.w", "first.b", ...
//
// Layers and models are handles: copying one shares its parameters, as Python names do.
// Rows are examples: a layer maps {N, features_in} to {N, features_out}.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kudzu/rng.hpp"
#include "kudzu/tensor.hpp"

namespace kudzu {

// A trainable tensor (a leaf that requires a gradient) and its name: "w" within a layer,
// "first.w" within a model.
struct NamedParameter {
  std::string name;
  Tensor value;
};

// A parameter with a view of its gradient (shared storage), as an optimizer reads them.
struct ParameterAndGradient {
  Tensor parameter;
  Tensor gradient;
};

namespace detail {
class LayerImpl;
}

class Layer {
 public:
  Tensor operator()(const Tensor& x) const;
  // The same function in double precision with the given parameter values (one per
  // parameters(), in order) in place of the layer's own: for gradient checks.
  TensorD forward(const TensorD& x, std::span<const TensorD> parameters) const;

  const std::string& name() const;
  std::string_view kind() const;  // "affine", "relu", "sigmoid", "tanh" or "softmax"
  bool is_sigmoid() const;        // made by Sigmoid (or read from a file as one)
  const std::vector<NamedParameter>& parameters() const;
  // The parameter called `name` ("w"); UsageError naming the layer if there is none.
  Tensor parameter(std::string_view name) const;

 protected:
  explicit Layer(std::shared_ptr<const detail::LayerImpl> impl);

 private:
  std::shared_ptr<const detail::LayerImpl> impl_;
};

// x {N,nin} -> matmul(x, w) + b, with w {nin,nout} and b {1,nout}.
class Affine : public Layer {
 public:
  // Glorot-normal weights (std = sqrt(2 / (nin + nout))) drawn from default_rng() or from
  // `rng`, and zero biases, as the original.
  Affine(std::string name, std::size_t nin, std::size_t nout);
  Affine(std::string name, std::size_t nin, std::size_t nout, Rng& rng);
  // Existing values (shared, not copied): they become leaves that require gradients.
  // ShapeError unless w is {nin,nout} and b is {1,nout}.
  Affine(std::string name, Tensor w, Tensor b);
};

class Relu : public Layer {
 public:
  explicit Relu(std::string name = "relu");
};

class Sigmoid : public Layer {
 public:
  explicit Sigmoid(std::string name = "sigmoid");
};

class Tanh : public Layer {
 public:
  explicit Tanh(std::string name = "tanh");
};

// Along the last axis: each row becomes a probability distribution.
class Softmax : public Layer {
 public:
  explicit Softmax(std::string name = "softmax");
};

// Layers applied in order. Calling it under NoGrad records nothing.
class Model {
 public:
  // ShapeError unless each Affine takes the width the Affine before it gives.
  // UsageError when a layer (or a parameter) appears twice: it would be updated twice.
  Model(std::vector<Layer> layers);  // NOLINT: Model({Affine(...), Relu(...)}) reads best

  Tensor operator()(const Tensor& x) const;
  // x through layers[:count] (all of them when count >= layers().size()): slice(0, count)(x)
  // without building a Model, so that a training step can call it without allocating.
  Tensor apply_first(std::size_t count, const Tensor& x) const;
  // The same function in double precision with the given parameter values (one per
  // parameters(), in order): for gradient checks of a whole model.
  TensorD forward(const TensorD& x, std::span<const TensorD> parameters) const;

  const std::vector<Layer>& layers() const { return layers_; }
  // layers[begin:end] as Python slices it (negative counts from the end, bounds clamped to
  // the model), sharing their parameters: slice(0, -2) is the embedding of the original
  // network, slice(-2, size) its probability head.
  Model slice(std::ptrdiff_t begin, std::ptrdiff_t end) const;
  // The same layers with parameters of their own, holding the same values now: a snapshot
  // that training this model does not change (AccCallback evaluates one on another thread).
  Model clone() const;

  // Every parameter, named "layer.parameter", in layer order.
  const std::vector<NamedParameter>& parameters() const { return parameters_; }
  // The same parameters with their gradients, in the same order. The list is built once,
  // so reading it (as an optimizer does at every step) allocates nothing.
  const std::vector<ParameterAndGradient>& params_and_grads() const { return params_and_grads_; }
  void zero_grad();

 private:
  std::vector<Layer> layers_;
  std::vector<NamedParameter> parameters_;
  std::vector<ParameterAndGradient> params_and_grads_;
};

}  // namespace kudzu
