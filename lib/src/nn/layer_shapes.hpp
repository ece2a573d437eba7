// Parameter-shape and setting rules shared by the layers (nn.cpp) and the kind table
// (layer_kinds.cpp), so that a layer built in code and one read from a file are held to the
// same rule. Each returns what is wrong as a phrase, empty when nothing is.
#pragma once

#include <cstddef>
#include <span>
#include <string>

#include "kudzu/shape.hpp"

namespace kudzu::detail {

// The largest kernel, stride, padding or image size a layer takes: far beyond any image a
// model reads, and small enough that no product of them overflows.
constexpr std::size_t max_setting = 4096;

// {w, b} as an affine layer's parameters.
std::string affine_shape_problem(std::span<const Shape> shapes);
// {w, b} as a conv2d layer's filters {F,C,K,K} and bias {F}.
std::string conv2d_shape_problem(std::span<const Shape> shapes);
// A setting called `name`: from `lowest` to max_setting.
std::string setting_problem(std::string_view name, std::size_t value, std::size_t lowest);

}  // namespace kudzu::detail
