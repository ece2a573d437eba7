// Command-line options of kudzu-compare, parsed and validated in one place so that the
// app and its tests agree on every default and every rejected value.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "command_line.hpp"

namespace kudzu::compare {

struct Options {
  std::filesystem::path data_dir = "data/mnist";
  std::filesystem::path out_dir = "runs/latest";
  // Two digits: the first labelled 1, the second 0, a sigmoid output. Three or more: class
  // indices in this order, a softmax output.
  std::vector<int> digits = {3, 8};
  // The network: "mlp", the write-up's 784-100-100-embedding-K, or "lenet", LeNet-5
  // (kudzu/networks.hpp).
  std::string network = "mlp";
  // The bottleneck's width: the mlp's third layer, 2 unless --embedding says; a LeNet's extra
  // Affine before the output, none (0) unless --embedding says.
  std::size_t embedding = 2;
  int epochs = 200;
  float learning_rate = 0.001f;
  float learning_rate_decay = 1;  // the learning rate's factor after each epoch; 1: constant
  std::size_t batch_size = 50;
  std::string optimizer = "gd";  // gd | momentum | adam
  std::uint64_t seed = 42;
  bool train_network = true;     // --models nn
  bool train_regression = true;  // --models lr
  int threads = 0;               // threads of the run, single-threaded BLAS; 0: one per core
  bool progress = true;
  bool quiet = false;
  std::optional<std::filesystem::path> replot_dir;  // redraw a finished run, no training
};

// Bad command-line use (exit 2) and what parse_options returns: shared by the apps.
using apps::OptionsError;
using apps::Parsed;

// Fills `options` from argv; returns Parsed::help when --help was asked for and every other
// option given is valid (the help text is then in `help`). Throws OptionsError naming the
// option and the bad value.
Parsed parse_options(int argc, const char* const argv[], Options& options, std::string& help);

}  // namespace kudzu::compare
