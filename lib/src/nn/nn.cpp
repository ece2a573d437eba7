#include "kudzu/nn.hpp"

#include <algorithm>

#include "kudzu/autograd.hpp"
#include "kudzu/error.hpp"
#include "kudzu/layer_kinds.hpp"
#include "kudzu/ops.hpp"
#include "layer_shapes.hpp"

namespace kudzu {
namespace detail {

// What a Layer handle points to. Each kind writes its forward once, as a template over the
// element type, so the float path trains and the double path is what gradcheck verifies.
class LayerImpl {
 public:
  LayerImpl(std::string name, std::vector<NamedParameter> parameters)
      : name_(std::move(name)), parameters_(std::move(parameters)) {}
  virtual ~LayerImpl() = default;

  virtual std::string_view kind() const = 0;
  virtual Tensor forward(const Tensor& x) const = 0;
  virtual TensorD forward(const TensorD& x, std::span<const TensorD> parameters) const = 0;

  const std::string& name() const { return name_; }
  const std::vector<NamedParameter>& parameters() const { return parameters_; }

 protected:
  void check_parameter_count(std::size_t given) const {
    if (given != parameters_.size())
      throw UsageError(std::string(kind()) + " '" + name_ + "': " + std::to_string(given) +
                       " parameter values given, the layer has " +
                       std::to_string(parameters_.size()));
  }

 private:
  std::string name_;
  std::vector<NamedParameter> parameters_;
};

std::string affine_shape_problem(std::span<const Shape> shapes) {
  const Shape& w = shapes[0];
  const Shape& b = shapes[1];
  if (w.rank() == 2 && b.rank() == 2 && b[0] == 1 && b[1] == w[1]) return {};
  return "w " + w.str() + " and b " + b.str() + ": expected w {nin,nout} and b {1,nout}";
}

namespace {

class AffineImpl final : public LayerImpl {
 public:
  AffineImpl(std::string name, Tensor w, Tensor b)
      : LayerImpl(std::move(name), {{"w", std::move(w)}, {"b", std::move(b)}}) {
    const Shape shapes[] = {weights().shape(), bias().shape()};
    if (const std::string problem = affine_shape_problem(shapes); !problem.empty())
      throw ShapeError("Affine '" + this->name() + "': " + problem);
    for (const NamedParameter& p : parameters()) Tensor(p.value).requires_grad(true);
  }

  std::string_view kind() const override { return "affine"; }
  Tensor forward(const Tensor& x) const override { return apply(x, weights(), bias()); }
  TensorD forward(const TensorD& x, std::span<const TensorD> parameters) const override {
    check_parameter_count(parameters.size());
    return apply(x, parameters[0], parameters[1]);
  }

 private:
  const Tensor& weights() const { return parameters()[0].value; }
  const Tensor& bias() const { return parameters()[1].value; }

  template <class T>
  BasicTensor<T> apply(const BasicTensor<T>& x, const BasicTensor<T>& w,
                       const BasicTensor<T>& b) const {
    // Checked here as well as in matmul, so that the message names the layer.
    if (x.rank() != 2 || x.shape()[1] != w.shape()[0])
      throw ShapeError("Affine '" + name() + "': input " + x.shape().str() + " does not fit w " +
                       w.shape().str() + ": expected {N," + std::to_string(w.shape()[0]) + "}");
    return matmul(x, w) + b;  // {N,nin} x {nin,nout} + {1,nout} -> {N,nout}
  }
};

// A layer without parameters: Function is a struct with the kind's name and a call operator
// templated over the element type.
template <class Function>
class ActivationImpl final : public LayerImpl {
 public:
  explicit ActivationImpl(std::string name) : LayerImpl(std::move(name), {}) {}

  std::string_view kind() const override { return Function::kind; }
  Tensor forward(const Tensor& x) const override { return Function{}(x); }
  TensorD forward(const TensorD& x, std::span<const TensorD> parameters) const override {
    check_parameter_count(parameters.size());
    return Function{}(x);
  }
};

struct ReluFunction {
  static constexpr std::string_view kind = "relu";
  template <class T>
  BasicTensor<T> operator()(const BasicTensor<T>& x) const {
    return relu(x);
  }
};

struct SigmoidFunction {
  static constexpr std::string_view kind = "sigmoid";
  template <class T>
  BasicTensor<T> operator()(const BasicTensor<T>& x) const {
    return sigmoid(x);
  }
};

struct TanhFunction {
  static constexpr std::string_view kind = "tanh";
  template <class T>
  BasicTensor<T> operator()(const BasicTensor<T>& x) const {
    return tanh(x);
  }
};

struct SoftmaxFunction {
  static constexpr std::string_view kind = "softmax";
  template <class T>
  BasicTensor<T> operator()(const BasicTensor<T>& x) const {
    return softmax(x, -1);
  }
};

// Each affine layer must take the width the affine layer before it gives (the activations
// between them keep the width): caught here rather than at the first forward pass.
void check_widths(const std::vector<Layer>& layers) {
  const Layer* previous = nullptr;
  for (const Layer& layer : layers) {
    if (layer.kind() != "affine") continue;
    const std::size_t takes = layer.parameter("w").shape()[0];
    if (previous && previous->parameter("w").shape()[1] != takes)
      throw ShapeError("Model: affine layer '" + layer.name() + "' takes " + std::to_string(takes) +
                       " inputs but '" + previous->name() + "' gives " +
                       std::to_string(previous->parameter("w").shape()[1]));
    previous = &layer;
  }
}

}  // namespace
}  // namespace detail

Layer::Layer(std::shared_ptr<const detail::LayerImpl> impl) : impl_(std::move(impl)) {}

Tensor Layer::operator()(const Tensor& x) const { return impl_->forward(x); }

TensorD Layer::forward(const TensorD& x, std::span<const TensorD> parameters) const {
  return impl_->forward(x, parameters);
}

const std::string& Layer::name() const { return impl_->name(); }
std::string_view Layer::kind() const { return impl_->kind(); }
bool Layer::is_sigmoid() const {
  return dynamic_cast<const detail::ActivationImpl<detail::SigmoidFunction>*>(impl_.get()) !=
         nullptr;
}
const std::vector<NamedParameter>& Layer::parameters() const { return impl_->parameters(); }

Tensor Layer::parameter(std::string_view name) const {
  for (const NamedParameter& p : parameters())
    if (p.name == name) return p.value;
  throw UsageError(std::string(kind()) + " '" + this->name() + "' has no parameter '" +
                   std::string(name) + "'");
}

Affine::Affine(std::string name, std::size_t nin, std::size_t nout)
    : Affine(std::move(name), nin, nout, default_rng()) {}

Affine::Affine(std::string name, std::size_t nin, std::size_t nout, Rng& rng)
    : Affine(std::move(name), Tensor::glorot_normal(nin, nout, rng), Tensor::zeros({1, nout})) {}

Affine::Affine(std::string name, Tensor w, Tensor b)
    : Layer(std::make_shared<detail::AffineImpl>(std::move(name), std::move(w), std::move(b))) {}

Relu::Relu(std::string name)
    : Layer(std::make_shared<detail::ActivationImpl<detail::ReluFunction>>(std::move(name))) {}

Sigmoid::Sigmoid(std::string name)
    : Layer(std::make_shared<detail::ActivationImpl<detail::SigmoidFunction>>(std::move(name))) {}

Tanh::Tanh(std::string name)
    : Layer(std::make_shared<detail::ActivationImpl<detail::TanhFunction>>(std::move(name))) {}

Softmax::Softmax(std::string name)
    : Layer(std::make_shared<detail::ActivationImpl<detail::SoftmaxFunction>>(std::move(name))) {}

Model::Model(std::vector<Layer> layers) : layers_(std::move(layers)) {
  detail::check_widths(layers_);
  for (const Layer& layer : layers_)
    for (const NamedParameter& p : layer.parameters()) {
      // A parameter listed twice would be updated twice per step and saved twice.
      for (const NamedParameter& earlier : parameters_)
        if (earlier.value.data() == p.value.data())
          throw UsageError("Model: layer '" + layer.name() + "' uses parameter " + earlier.name +
                           " again; a model may hold a layer (or its parameters) only once");
      parameters_.push_back({layer.name() + "." + p.name, p.value});
      params_and_grads_.push_back({p.value, p.value.grad()});
    }
}

Tensor Model::operator()(const Tensor& x) const { return apply_first(layers_.size(), x); }

Tensor Model::apply_first(std::size_t count, const Tensor& x) const {
  Tensor h = x;
  for (std::size_t i = 0; i < std::min(count, layers_.size()); ++i) h = layers_[i](h);
  return h;
}

TensorD Model::forward(const TensorD& x, std::span<const TensorD> parameters) const {
  if (parameters.size() != parameters_.size())
    throw UsageError("Model::forward: " + std::to_string(parameters.size()) +
                     " parameter values given, the model has " +
                     std::to_string(parameters_.size()));
  TensorD h = x;
  for (const Layer& layer : layers_) {
    const std::size_t count = layer.parameters().size();
    h = layer.forward(h, parameters.first(count));
    parameters = parameters.subspan(count);
  }
  return h;
}

Model Model::slice(std::ptrdiff_t begin, std::ptrdiff_t end) const {
  // Python's rules: negative bounds count from the end, bounds are clamped to the model,
  // and an end before the beginning gives no layers.
  const auto size = static_cast<std::ptrdiff_t>(layers_.size());
  auto bound = [size](std::ptrdiff_t index) {
    return std::clamp(index < 0 ? index + size : index, std::ptrdiff_t{0}, size);
  };
  const std::ptrdiff_t first = bound(begin);
  const std::ptrdiff_t last = std::max(first, bound(end));
  return Model(std::vector<Layer>(layers_.begin() + first, layers_.begin() + last));
}

Model Model::clone() const {
  NoGrad plain_copies;  // a clone's values are its own, not a function of these
  std::vector<Layer> layers;
  std::vector<Tensor> values;
  for (const Layer& layer : layers_) {
    values.clear();
    for (const NamedParameter& p : layer.parameters()) values.push_back(p.value.clone());
    layers.push_back(find_layer_kind(layer.kind())->make(layer.name(), values));
  }
  return Model(std::move(layers));
}

void Model::zero_grad() {
  for (ParameterAndGradient& p : params_and_grads_) p.parameter.zero_grad();
}

}  // namespace kudzu
