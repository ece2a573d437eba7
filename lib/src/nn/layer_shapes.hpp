// Parameter-shape rules shared by the layers (nn.cpp) and the kind table (layer_kinds.cpp),
// so that a layer built in code and one read from a file are held to the same rule.
#pragma once

#include <span>
#include <string>

#include "kudzu/shape.hpp"

namespace kudzu::detail {

// What is wrong with {w, b} as an affine layer's parameters; empty when nothing.
std::string affine_shape_problem(std::span<const Shape> shapes);

}  // namespace kudzu::detail
