// The kinds of layer a Model can hold, each under the name that Layer::kind() gives and that
// model files store. This table is the one list: a model file reads and writes layers only
// through it, so a kind it does not list is an error wherever it appears.
//
//   const LayerKind* kind = find_layer_kind("conv2d");    // nullptr for an unknown kind
//   kind->parameter_names                                 // {"w", "b"}, in file order
//   kind->setting_names                                   // {"stride", "padding"}
//   if (std::string problem = kind->problem(shapes, settings); problem.empty())
//     Layer layer = kind->make("conv1", values, settings);
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "kudzu/nn.hpp"

namespace kudzu {

struct LayerKind {
  std::string_view name;
  std::span<const std::string_view> parameter_names;
  // The numbers besides its parameters that fix a layer's function (Layer::settings()).
  std::span<const std::string_view> setting_names;
  // The output has the input's shape (an activation), so the layers either side of it must
  // meet: an Affine after it takes the width the Affine before it gives.
  bool keeps_shape;
  // What is wrong with parameters of these shapes (one per name, in order) and these settings
  // (likewise) for this kind, as a phrase ("w {784,100} and b {1,99}: expected w {nin,nout}
  // and b {1,nout}"); empty when nothing is.
  std::string (*problem)(std::span<const Shape> shapes, std::span<const std::size_t> settings);
  // The layer called `name` with these parameter values (shared, not copied) and settings,
  // which `problem` accepts.
  Layer (*make)(std::string name, std::span<const Tensor> parameters,
                std::span<const std::size_t> settings);
};

// Every kind this build knows, in a fixed order.
std::span<const LayerKind> layer_kinds();
// The kind called `name`; nullptr when this build knows none by that name.
const LayerKind* find_layer_kind(std::string_view name);

// The width of the rows followed along a stack of layers, the one rule by which a Model and
// the model-file reader check that the layers meet: an affine layer takes the width the
// affine layer before it gives, when only layers that keep the shape lie between them.
//
//   RowWidth rows;
//   for (const Layer& layer : layers)
//     if (std::string problem = rows.pass(*kind_of(layer), layer.name(), shapes); ...)
class RowWidth {
 public:
  // The rows through the layer `name` of `kind`, whose parameters have these shapes (which
  // the kind accepts): what is wrong, as a phrase ("takes 6 inputs but affine layer 'first'
  // gives 5"), or empty.
  std::string pass(const LayerKind& kind, const std::string& name, std::span<const Shape> shapes);

 private:
  std::optional<std::size_t> width_;  // unknown before an affine layer, and after a reshape
  std::string given_by_;              // the affine layer that gave width_
};

}  // namespace kudzu
