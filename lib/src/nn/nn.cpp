#include "kudzu/nn.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

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
  LayerImpl(std::string name, std::vector<NamedParameter> parameters,
            std::vector<std::size_t> settings = {})
      : name_(std::move(name)),
        parameters_(std::move(parameters)),
        settings_(std::move(settings)) {}
  virtual ~LayerImpl() = default;

  virtual std::string_view kind() const = 0;
  virtual Tensor forward(const Tensor& x) const = 0;
  virtual TensorD forward(const TensorD& x, std::span<const TensorD> parameters) const = 0;

  const std::string& name() const { return name_; }
  const std::vector<NamedParameter>& parameters() const { return parameters_; }
  std::span<const std::size_t> settings() const { return settings_; }

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
  std::vector<std::size_t> settings_;
};

std::string affine_shape_problem(std::span<const Shape> shapes) {
  const Shape& w = shapes[0];
  const Shape& b = shapes[1];
  if (w.rank() == 2 && b.rank() == 2 && b[0] == 1 && b[1] == w[1]) return {};
  return "w " + w.str() + " and b " + b.str() + ": expected w {nin,nout} and b {1,nout}";
}

std::string conv2d_shape_problem(std::span<const Shape> shapes) {
  const Shape& w = shapes[0];
  const Shape& b = shapes[1];
  if (w.rank() == 4 && w[2] == w[3] && w[2] <= max_setting && b.rank() == 1 && b[0] == w[0])
    return {};
  return "w " + w.str() + " and b " + b.str() +
         ": expected w {F,C,K,K} (a square kernel of at most " + std::to_string(max_setting) +
         ") and b {F}";
}

std::string setting_problem(std::string_view name, std::size_t value, std::size_t lowest) {
  if (value >= lowest && value <= max_setting) return {};
  return std::string(name) + " " + std::to_string(value) + ": expected " + std::to_string(lowest) +
         " to " + std::to_string(max_setting);
}

namespace {

// UsageError "<layer>: <problem>" for the first setting out of its range.
void check_settings(
    const std::string& layer,
    std::initializer_list<std::tuple<std::string_view, std::size_t, std::size_t>> settings) {
  for (const auto& [name, value, lowest] : settings)
    if (const std::string problem = setting_problem(name, value, lowest); !problem.empty())
      throw UsageError(layer + ": " + problem);
}

// A layer with a weight w and a bias b: Function is a struct with the kind's name, the
// class's name (for messages), the rule w and b are held to, its settings as members, and a
// call operator templated over the element type that takes the input, w, b and the layer's
// name.
template <class Function>
class WeightAndBiasImpl final : public LayerImpl {
 public:
  WeightAndBiasImpl(std::string name, Tensor w, Tensor b, Function function = {},
                    std::vector<std::size_t> settings = {})
      : LayerImpl(std::move(name), {{"w", std::move(w)}, {"b", std::move(b)}}, std::move(settings)),
        function_(function) {
    const Shape shapes[] = {weights().shape(), bias().shape()};
    if (const std::string problem = Function::shape_problem(shapes); !problem.empty())
      throw ShapeError(std::string(Function::layer_class) + " '" + this->name() + "': " + problem);
    for (const NamedParameter& p : parameters()) Tensor(p.value).requires_grad(true);
  }

  std::string_view kind() const override { return Function::kind; }
  Tensor forward(const Tensor& x) const override { return function_(x, weights(), bias(), name()); }
  TensorD forward(const TensorD& x, std::span<const TensorD> parameters) const override {
    check_parameter_count(parameters.size());
    return function_(x, parameters[0], parameters[1], name());
  }

 private:
  const Tensor& weights() const { return parameters()[0].value; }
  const Tensor& bias() const { return parameters()[1].value; }

  Function function_;
};

struct AffineFunction {
  static constexpr std::string_view kind = "affine";
  static constexpr std::string_view layer_class = "Affine";
  static std::string shape_problem(std::span<const Shape> shapes) {
    return affine_shape_problem(shapes);
  }
  template <class T>
  BasicTensor<T> operator()(const BasicTensor<T>& x, const BasicTensor<T>& w,
                            const BasicTensor<T>& b, const std::string& layer) const {
    // Checked here as well as in matmul, so that the message names the layer.
    if (x.rank() != 2 || x.shape()[1] != w.shape()[0])
      throw ShapeError("Affine '" + layer + "': input " + x.shape().str() + " does not fit w " +
                       w.shape().str() + ": expected {N," + std::to_string(w.shape()[0]) + "}");
    return matmul(x, w) + b;  // {N,nin} x {nin,nout} + {1,nout} -> {N,nout}
  }
};

// A layer without parameters: Function is a struct with the kind's name, its settings as
// members, and a call operator templated over the element type that takes the input and the
// layer's name (for its error messages).
template <class Function>
class FunctionImpl final : public LayerImpl {
 public:
  explicit FunctionImpl(std::string name, Function function = {},
                        std::vector<std::size_t> settings = {})
      : LayerImpl(std::move(name), {}, std::move(settings)), function_(function) {}

  std::string_view kind() const override { return Function::kind; }
  Tensor forward(const Tensor& x) const override { return function_(x, name()); }
  TensorD forward(const TensorD& x, std::span<const TensorD> parameters) const override {
    check_parameter_count(parameters.size());
    return function_(x, name());
  }

 private:
  Function function_;
};

struct ReluFunction {
  static constexpr std::string_view kind = "relu";
  template <class T>
  BasicTensor<T> operator()(const BasicTensor<T>& x, const std::string&) const {
    return relu(x);
  }
};

struct SigmoidFunction {
  static constexpr std::string_view kind = "sigmoid";
  template <class T>
  BasicTensor<T> operator()(const BasicTensor<T>& x, const std::string&) const {
    return sigmoid(x);
  }
};

struct TanhFunction {
  static constexpr std::string_view kind = "tanh";
  template <class T>
  BasicTensor<T> operator()(const BasicTensor<T>& x, const std::string&) const {
    return tanh(x);
  }
};

struct SoftmaxFunction {
  static constexpr std::string_view kind = "softmax";
  template <class T>
  BasicTensor<T> operator()(const BasicTensor<T>& x, const std::string&) const {
    return softmax(x, -1);
  }
};

// " {N,C,H,W} images" checks shared by the layers that take images, naming the layer.
void check_images(const Shape& x, const std::string& layer, std::string_view kind) {
  if (x.rank() == 4) return;
  throw ShapeError(std::string(kind) + " '" + layer + "': input " + x.str() +
                   " is not {N,C,H,W} images" +
                   (x.rank() == 2 ? "; an Unflatten layer makes images of rows of pixels" : ""));
}

struct Conv2dFunction {
  static constexpr std::string_view kind = "conv2d";
  static constexpr std::string_view layer_class = "Conv2d";
  static std::string shape_problem(std::span<const Shape> shapes) {
    return conv2d_shape_problem(shapes);
  }
  int stride, padding;
  template <class T>
  BasicTensor<T> operator()(const BasicTensor<T>& x, const BasicTensor<T>& w,
                            const BasicTensor<T>& b, const std::string& layer) const {
    check_images(x.shape(), layer, "Conv2d");
    return conv2d(x, w, b, stride, padding);  // {N,C,H,W} -> {N,F,H',W'}
  }
};

struct MaxPool2dFunction {
  static constexpr std::string_view kind = "max_pool2d";
  int kernel, stride;
  template <class T>
  BasicTensor<T> operator()(const BasicTensor<T>& x, const std::string& layer) const {
    check_images(x.shape(), layer, "MaxPool2d");
    return max_pool2d(x, kernel, stride);
  }
};

struct FlattenFunction {
  static constexpr std::string_view kind = "flatten";
  template <class T>
  BasicTensor<T> operator()(const BasicTensor<T>& x, const std::string& layer) const {
    const Shape& shape = x.shape();
    if (shape.rank() < 2)
      throw ShapeError("Flatten '" + layer + "': input " + shape.str() +
                       " has no axis after the examples'");
    std::size_t features = 1;
    for (int axis = 1; axis < shape.rank(); ++axis) features *= shape[axis];
    return reshape(x, Shape{shape[0], features});
  }
};

struct UnflattenFunction {
  static constexpr std::string_view kind = "unflatten";
  std::size_t channels, height, width;
  template <class T>
  BasicTensor<T> operator()(const BasicTensor<T>& x, const std::string& layer) const {
    const Shape& shape = x.shape();
    if (shape.rank() != 2 || shape[1] != channels * height * width)
      throw ShapeError("Unflatten '" + layer + "': input " + shape.str() + " is not {N," +
                       std::to_string(channels * height * width) + "}, rows of " +
                       std::to_string(channels) + " " + std::to_string(height) + "x" +
                       std::to_string(width) + " images");
    return reshape(x, Shape{shape[0], channels, height, width});
  }
};

// Each affine layer must take the width the affine layer before it gives when only layers
// that keep the shape (activations) lie between them: caught here rather than at the first
// forward pass.
void check_widths(const std::vector<Layer>& layers) {
  RowWidth rows;
  std::vector<Shape> shapes;
  for (const Layer& layer : layers) {
    shapes.clear();
    for (const NamedParameter& p : layer.parameters()) shapes.push_back(p.value.shape());
    if (const std::string problem = rows.pass(*find_layer_kind(layer.kind()), layer.name(), shapes);
        !problem.empty())
      throw ShapeError("Model: affine layer '" + layer.name() + "' " + problem);
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
  return dynamic_cast<const detail::FunctionImpl<detail::SigmoidFunction>*>(impl_.get()) != nullptr;
}
std::span<const std::size_t> Layer::settings() const { return impl_->settings(); }
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
    : Layer(std::make_shared<detail::WeightAndBiasImpl<detail::AffineFunction>>(
          std::move(name), std::move(w), std::move(b))) {}

Relu::Relu(std::string name)
    : Layer(std::make_shared<detail::FunctionImpl<detail::ReluFunction>>(std::move(name))) {}

Sigmoid::Sigmoid(std::string name)
    : Layer(std::make_shared<detail::FunctionImpl<detail::SigmoidFunction>>(std::move(name))) {}

Tanh::Tanh(std::string name)
    : Layer(std::make_shared<detail::FunctionImpl<detail::TanhFunction>>(std::move(name))) {}

Softmax::Softmax(std::string name)
    : Layer(std::make_shared<detail::FunctionImpl<detail::SoftmaxFunction>>(std::move(name))) {}

Conv2d::Conv2d(std::string name, std::size_t in_channels, std::size_t out_channels,
               std::size_t kernel, std::size_t stride, std::size_t padding)
    : Conv2d(std::move(name), in_channels, out_channels, kernel, stride, padding, default_rng()) {}

namespace {

// Glorot-normal filters {F,C,K,K}: fan_in = C*K*K, fan_out = F*K*K. The sizes are checked
// first, so that a bad one is a UsageError rather than an enormous draw.
Tensor glorot_filters(const std::string& name, std::size_t in_channels, std::size_t out_channels,
                      std::size_t kernel, Rng& rng) {
  detail::check_settings(
      "Conv2d '" + name + "'",
      {{"in_channels", in_channels, 1}, {"out_channels", out_channels, 1}, {"kernel", kernel, 1}});
  const std::size_t taps = kernel * kernel;
  const float stddev = std::sqrt(2.0f / static_cast<float>((in_channels + out_channels) * taps));
  return Tensor::randn({out_channels, in_channels, kernel, kernel}, rng, 0.0f, stddev);
}

}  // namespace

Conv2d::Conv2d(std::string name, std::size_t in_channels, std::size_t out_channels,
               std::size_t kernel, std::size_t stride, std::size_t padding, Rng& rng)
    : Conv2d(name, glorot_filters(name, in_channels, out_channels, kernel, rng),
             Tensor::zeros({out_channels}), stride, padding) {}

namespace {

std::shared_ptr<const detail::LayerImpl> conv2d_layer(std::string name, Tensor w, Tensor b,
                                                      std::size_t stride, std::size_t padding) {
  detail::check_settings("Conv2d '" + name + "'", {{"stride", stride, 1}, {"padding", padding, 0}});
  using Impl = detail::WeightAndBiasImpl<detail::Conv2dFunction>;
  return std::make_shared<Impl>(std::move(name), std::move(w), std::move(b),
                                detail::Conv2dFunction{int(stride), int(padding)},
                                std::vector<std::size_t>{stride, padding});
}

std::shared_ptr<const detail::LayerImpl> max_pool2d_layer(std::string name, std::size_t kernel,
                                                          std::size_t stride) {
  detail::check_settings("MaxPool2d '" + name + "'",
                         {{"kernel", kernel, 1}, {"stride", stride, 1}});
  using Impl = detail::FunctionImpl<detail::MaxPool2dFunction>;
  return std::make_shared<Impl>(std::move(name),
                                detail::MaxPool2dFunction{int(kernel), int(stride)},
                                std::vector<std::size_t>{kernel, stride});
}

std::shared_ptr<const detail::LayerImpl> unflatten_layer(std::string name, std::size_t channels,
                                                         std::size_t height, std::size_t width) {
  detail::check_settings("Unflatten '" + name + "'",
                         {{"channels", channels, 1}, {"height", height, 1}, {"width", width, 1}});
  using Impl = detail::FunctionImpl<detail::UnflattenFunction>;
  return std::make_shared<Impl>(std::move(name), detail::UnflattenFunction{channels, height, width},
                                std::vector<std::size_t>{channels, height, width});
}

}  // namespace

Conv2d::Conv2d(std::string name, Tensor w, Tensor b, std::size_t stride, std::size_t padding)
    : Layer(conv2d_layer(std::move(name), std::move(w), std::move(b), stride, padding)) {}

MaxPool2d::MaxPool2d(std::string name, std::size_t kernel, std::size_t stride)
    : Layer(max_pool2d_layer(std::move(name), kernel, stride)) {}

Flatten::Flatten(std::string name)
    : Layer(std::make_shared<detail::FunctionImpl<detail::FlattenFunction>>(std::move(name))) {}

Unflatten::Unflatten(std::string name, std::size_t channels, std::size_t height, std::size_t width)
    : Layer(unflatten_layer(std::move(name), channels, height, width)) {}

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
    layers.push_back(find_layer_kind(layer.kind())->make(layer.name(), values, layer.settings()));
  }
  return Model(std::move(layers));
}

void Model::zero_grad() {
  for (ParameterAndGradient& p : params_and_grads_) p.parameter.zero_grad();
}

}  // namespace kudzu
