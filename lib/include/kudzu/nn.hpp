// Layers and models: the original Kudzu's Affine, Relu, Sigmoid, Tanh, Softmax and Model,
// and a LeNet's Unflatten, Conv2d, MaxPool2d and Flatten, each forward pass a composition of
// ops, so the tape differentiates it (no layer has a backward of its own).
//
//   Model model({Affine("first", 784, 100), Relu("relu"), Affine("second", 100, 100),
//                Relu("relu"), Affine("third", 100, 2), Affine("output", 2, 1),
//                Sigmoid("sigmoid")});
//   Tensor p = model(x);                 // x {N,784} -> probabilities {N,1}
//   Model embed = model.slice(0, 5);     // layers[:5], the same parameters
//   for (const auto& [name, value] : model.parameters()) ...   // "first.w", "first.b", ...
//
//   Model lenet({Unflatten("image", 1, 28, 28), Conv2d("conv1", 1, 6, 5, 1, 2), Relu("relu"),
//                MaxPool2d("pool1", 2, 2), ..., Flatten("flatten"), Affine("full1", 400, 120),
//                ...});                  // x {N,784} -> {N,1,28,28} -> ... -> {N,K}
//
// Layers and models are handles: copying one shares its parameters, as Python names do.
// Rows are examples: a layer maps {N, features_in} to {N, features_out}, or {N,C,H,W} images
// (NCHW, as PyTorch) to images or features.
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
  std::string_view kind() const;  // as kudzu/layer_kinds.hpp lists them: "affine", "conv2d", ...
  bool is_sigmoid() const;        // made by Sigmoid (or read from a file as one)
  // The numbers that fix the layer's function besides its parameters (a Conv2d's stride and
  // padding), in the order of its kind's setting_names; empty for most kinds.
  std::span<const std::size_t> settings() const;
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

// x {N,C,H,W} -> conv2d(x, w, b, stride, padding) {N,F,H',W'} (kudzu/ops.hpp), with filters
// w {F,C,K,K} and bias b {F}: F = out_channels, C = in_channels, K = kernel. ShapeError naming
// the layer when x is not {N,C,H,W} images: a {N,784} input needs an Unflatten first.
class Conv2d : public Layer {
 public:
  // Glorot-normal filters, as Affine's with fan_in = C*K*K and fan_out = F*K*K (std =
  // sqrt(2 / ((C + F) K K))), drawn from default_rng() or from `rng`, and zero biases.
  // UsageError for a zero size, a stride below 1 or a kernel, stride or padding above 4096.
  Conv2d(std::string name, std::size_t in_channels, std::size_t out_channels, std::size_t kernel,
         std::size_t stride = 1, std::size_t padding = 0);
  Conv2d(std::string name, std::size_t in_channels, std::size_t out_channels, std::size_t kernel,
         std::size_t stride, std::size_t padding, Rng& rng);
  // Existing values (shared, not copied), which become leaves that require gradients.
  // ShapeError unless w is {F,C,K,K} with a square kernel and b is {F}.
  Conv2d(std::string name, Tensor w, Tensor b, std::size_t stride, std::size_t padding);
};

// x {N,C,H,W} -> max_pool2d(x, kernel, stride): the maximum of each kernel x kernel window.
class MaxPool2d : public Layer {
 public:
  // UsageError unless kernel and stride are 1 to 4096.
  MaxPool2d(std::string name, std::size_t kernel, std::size_t stride);
};

// x {N, ...} -> {N, the product of the other axes}: images become rows of features.
class Flatten : public Layer {
 public:
  explicit Flatten(std::string name = "flatten");
};

// x {N, C*H*W} -> {N,C,H,W}: rows of features (784 MNIST pixels) become images, row by row, as
// a LeNet's first Conv2d takes them. ShapeError naming the layer when a row is not C*H*W wide.
class Unflatten : public Layer {
 public:
  // UsageError unless each size is 1 to 4096.
  Unflatten(std::string name, std::size_t channels, std::size_t height, std::size_t width);
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
