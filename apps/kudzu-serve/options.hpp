// Command-line options of kudzu-serve, parsed and checked in one place.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "command_line.hpp"

namespace kudzu::serve {

struct Options {
  std::filesystem::path run = "runs/latest";
  std::string host = "127.0.0.1";                 // nothing outside the machine unless asked
  std::uint16_t port = 8080;                      // 0: any free port, printed once listening
  bool quiet = false;                             // no line per request
  std::optional<std::filesystem::path> data_dir;  // MNIST for the embedding; else the run's
};

// Bad command-line use (exit 2) and what parse_options returns: shared by the apps.
using apps::OptionsError;
using apps::Parsed;

// Fills `options`; Parsed::help (with the text in `help`) when --help was asked for and every
// other option is valid. OptionsError naming the option otherwise.
Parsed parse_options(int argc, const char* const argv[], Options& options, std::string& help);

}  // namespace kudzu::serve
