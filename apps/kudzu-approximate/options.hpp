// Command-line options of kudzu-approximate, parsed and validated in one place so that the
// app and its tests agree on every default and every rejected value.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "command_line.hpp"

namespace kudzu::approximate {

struct Options {
  std::string function = "sin";
  double range_low = 0, range_high = 0;  // the training range: --range, or the function's own
  int units = 20;
  std::string activation = "sigmoid";  // sigmoid | tanh | relu
  int samples = 256;                   // training points, evenly spaced over the range
  int steps = 20000;                   // full-batch optimizer steps
  std::string optimizer = "adam";      // gd | momentum | adam
  float learning_rate = 0.01f;
  std::uint64_t seed = 42;
  std::filesystem::path out_dir = "runs/approximate";
  std::vector<int> sweep;  // unit counts for sweep.png; empty: no sweep
  bool progress = true;
  bool quiet = false;
};

// Bad command-line use (exit 2) and what parse_options returns: shared by the apps.
using apps::OptionsError;
using apps::Parsed;

// Fills `options` from argv; returns Parsed::help when --help was asked for and every other
// option given is valid (the help text is then in `help`). Throws OptionsError naming the
// option and the bad value.
Parsed parse_options(int argc, const char* const argv[], Options& options, std::string& help);

// A number as --range takes it: a decimal number, or a multiple of pi ("pi", "-pi", "3pi",
// "0.5pi"). Throws OptionsError naming `option` unless the whole text is one, and finite.
double parse_range_bound(const std::string& option, const std::string& text);

}  // namespace kudzu::approximate
