// The kinds of layer a Model can hold, each under the name that Layer::kind() gives and that
// model files store. This table is the one list: a model file reads and writes layers only
// through it, so a kind it does not list is an error wherever it appears.
//
//   const LayerKind* kind = find_layer_kind("affine");    // nullptr for an unknown kind
//   kind->parameter_names                                 // {"w", "b"}, in file order
//   if (std::string problem = kind->shape_problem(shapes); problem.empty())
//     Layer layer = kind->make("third", values);
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "kudzu/nn.hpp"

namespace kudzu {

struct LayerKind {
  std::string_view name;
  std::span<const std::string_view> parameter_names;
  // What is wrong with parameters of these shapes (one per name, in order) for this kind, as
  // a phrase ("w {784,100} and b {1,99}: expected w {nin,nout} and b {1,nout}"); empty when
  // nothing is.
  std::string (*shape_problem)(std::span<const Shape> shapes);
  // The layer called `name` with these parameter values (shared, not copied), whose shapes
  // shape_problem accepts.
  Layer (*make)(std::string name, std::span<const Tensor> parameters);
};

// Every kind this build knows, in a fixed order.
std::span<const LayerKind> layer_kinds();
// The kind called `name`; nullptr when this build knows none by that name.
const LayerKind* find_layer_kind(std::string_view name);

}  // namespace kudzu
