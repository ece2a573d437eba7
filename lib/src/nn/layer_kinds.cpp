#include "kudzu/layer_kinds.hpp"

#include <array>

#include "layer_shapes.hpp"

namespace kudzu {
namespace {

constexpr std::array<std::string_view, 2> affine_parameters{"w", "b"};

std::string no_shape_problem(std::span<const Shape>) { return {}; }

template <class Activation>
Layer make_activation(std::string name, std::span<const Tensor>) {
  return Activation(std::move(name));
}

Layer make_affine(std::string name, std::span<const Tensor> parameters) {
  return Affine(std::move(name), parameters[0], parameters[1]);
}

constexpr std::array<LayerKind, 5> kinds{{
    {"affine", affine_parameters, detail::affine_shape_problem, make_affine},
    {"relu", {}, no_shape_problem, make_activation<Relu>},
    {"sigmoid", {}, no_shape_problem, make_activation<Sigmoid>},
    {"tanh", {}, no_shape_problem, make_activation<Tanh>},
    {"softmax", {}, no_shape_problem, make_activation<Softmax>},
}};

}  // namespace

std::span<const LayerKind> layer_kinds() { return kinds; }

const LayerKind* find_layer_kind(std::string_view name) {
  for (const LayerKind& kind : kinds)
    if (kind.name == name) return &kind;
  return nullptr;
}

}  // namespace kudzu
