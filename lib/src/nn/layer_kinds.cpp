#include "kudzu/layer_kinds.hpp"

#include <array>

#include "layer_shapes.hpp"

namespace kudzu {
namespace {

constexpr std::array<std::string_view, 2> weight_and_bias{"w", "b"};
constexpr std::array<std::string_view, 2> conv2d_settings{"stride", "padding"};
constexpr std::array<std::string_view, 2> max_pool2d_settings{"kernel", "stride"};
constexpr std::array<std::string_view, 3> unflatten_settings{"channels", "height", "width"};

// The first setting out of its range, given the lowest value each one takes.
std::string first_setting_problem(std::span<const std::string_view> names,
                                  std::span<const std::size_t> settings,
                                  std::span<const std::size_t> lowest) {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (std::string problem = detail::setting_problem(names[i], settings[i], lowest[i]);
        !problem.empty())
      return problem;
  return {};
}

std::string no_problem(std::span<const Shape>, std::span<const std::size_t>) { return {}; }

std::string affine_problem(std::span<const Shape> shapes, std::span<const std::size_t>) {
  return detail::affine_shape_problem(shapes);
}

std::string conv2d_problem(std::span<const Shape> shapes, std::span<const std::size_t> settings) {
  if (std::string problem = detail::conv2d_shape_problem(shapes); !problem.empty()) return problem;
  constexpr std::size_t lowest[] = {1, 0};  // stride, padding
  return first_setting_problem(conv2d_settings, settings, lowest);
}

// Each setting at least 1: a pooling window and stride, an image's sizes.
template <const auto& names>
std::string positive_settings_problem(std::span<const Shape>,
                                      std::span<const std::size_t> settings) {
  constexpr std::array<std::size_t, names.size()> lowest = [] {
    std::array<std::size_t, names.size()> ones{};
    ones.fill(1);
    return ones;
  }();
  return first_setting_problem(names, settings, lowest);
}

template <class Activation>
Layer make_without_settings(std::string name, std::span<const Tensor>,
                            std::span<const std::size_t>) {
  return Activation(std::move(name));
}

Layer make_affine(std::string name, std::span<const Tensor> parameters,
                  std::span<const std::size_t>) {
  return Affine(std::move(name), parameters[0], parameters[1]);
}

Layer make_conv2d(std::string name, std::span<const Tensor> parameters,
                  std::span<const std::size_t> settings) {
  return Conv2d(std::move(name), parameters[0], parameters[1], settings[0], settings[1]);
}

Layer make_max_pool2d(std::string name, std::span<const Tensor>,
                      std::span<const std::size_t> settings) {
  return MaxPool2d(std::move(name), settings[0], settings[1]);
}

Layer make_unflatten(std::string name, std::span<const Tensor>,
                     std::span<const std::size_t> settings) {
  return Unflatten(std::move(name), settings[0], settings[1], settings[2]);
}

constexpr std::array<LayerKind, 9> kinds{{
    {"affine", weight_and_bias, {}, false, affine_problem, make_affine},
    {"relu", {}, {}, true, no_problem, make_without_settings<Relu>},
    {"sigmoid", {}, {}, true, no_problem, make_without_settings<Sigmoid>},
    {"tanh", {}, {}, true, no_problem, make_without_settings<Tanh>},
    {"softmax", {}, {}, true, no_problem, make_without_settings<Softmax>},
    {"unflatten",
     {},
     unflatten_settings,
     false,
     positive_settings_problem<unflatten_settings>,
     make_unflatten},
    {"conv2d", weight_and_bias, conv2d_settings, false, conv2d_problem, make_conv2d},
    {"max_pool2d",
     {},
     max_pool2d_settings,
     false,
     positive_settings_problem<max_pool2d_settings>,
     make_max_pool2d},
    {"flatten", {}, {}, false, no_problem, make_without_settings<Flatten>},
}};

}  // namespace

std::span<const LayerKind> layer_kinds() { return kinds; }

const LayerKind* find_layer_kind(std::string_view name) {
  for (const LayerKind& kind : kinds)
    if (kind.name == name) return &kind;
  return nullptr;
}

std::string RowWidth::pass(const LayerKind& kind, const std::string& name,
                           std::span<const Shape> shapes) {
  if (kind.name != "affine") {
    if (!kind.keeps_shape) width_.reset();  // the next affine layer's width is its own
    return {};
  }
  const Shape& w = shapes[0];  // {nin, nout}
  std::string problem;
  if (width_ && *width_ != w[0])
    problem = "takes " + std::to_string(w[0]) + " inputs but affine layer '" + given_by_ +
              "' gives " + std::to_string(*width_);
  width_ = w[1];
  given_by_ = name;
  return problem;
}

}  // namespace kudzu
