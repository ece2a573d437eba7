// Command-line options of kudzu-predict, parsed and checked in one place.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "command_line.hpp"
#include "kudzu/digit_image.hpp"

namespace kudzu::predict {

struct Options {
  std::filesystem::path model = "runs/latest/nn.kudzu";
  std::vector<std::filesystem::path> images;
  Ink ink = Ink::automatic;
  std::vector<std::string> classes;  // --classes: the model's class names, in output order
  bool json = false;
  std::optional<std::filesystem::path> explain_dir;
  std::optional<std::filesystem::path> data_dir;  // MNIST for --explain; else the run's
};

// Bad command-line use (exit 2) and what parse_options returns: shared by the apps.
using apps::OptionsError;
using apps::Parsed;

// Fills `options`; Parsed::help (with the text in `help`) when --help was asked for and
// every other option is valid. OptionsError naming the option otherwise.
Parsed parse_options(int argc, const char* const argv[], Options& options, std::string& help);

}  // namespace kudzu::predict
