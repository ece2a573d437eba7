#include "options.hpp"

#include <boost/program_options.hpp>
#include <cmath>
#include <cstdlib>
#include <numbers>

#include "functions.hpp"

namespace kudzu::approximate {
namespace po = boost::program_options;
using apps::parse_learning_rate;
using apps::parse_whole;
using apps::split_list;

namespace {

// fit.csv holds a column per unit over 1801 points: 4096 units make it about 90 MB.
constexpr std::uint64_t max_units = 4096;

void parse_range(const std::string& text, Options& options) {
  const std::vector<std::string> items = split_list(text);
  if (items.size() != 2)
    throw OptionsError("--range: expected two numbers a,b such as -pi,pi or 0,1, got '" + text +
                       "'");
  options.range_low = parse_range_bound("--range", items[0]);
  options.range_high = parse_range_bound("--range", items[1]);
  if (!(options.range_low < options.range_high))
    throw OptionsError("--range: the start must be below the end, got '" + text + "'");
  // The figures span three times the range: its ends, and the points between, must stay
  // distinct doubles.
  const double span = options.range_high - options.range_low;
  if (!std::isfinite(3 * span) ||
      std::abs(options.range_low) + std::abs(options.range_high) > 1e6 || span < 1e-6)
    throw OptionsError("--range: expected a range from 1e-6 to 1e6 wide within ±1e6, got '" + text +
                       "'");
}

std::vector<int> parse_sweep(const std::string& text) {
  std::vector<int> counts;
  for (const std::string& item : split_list(text)) {
    const auto count =
        parse_whole("--sweep", item, 1, max_units,
                    "a list of unit counts from 1 to 4096 such as 1,2,4,8 (in '" + text + "')");
    counts.push_back(static_cast<int>(count));
  }
  return counts;
}

}  // namespace

double parse_range_bound(const std::string& option, const std::string& text) {
  std::string number = text;
  double scale = 1;
  if (number.size() >= 2 && number.compare(number.size() - 2, 2, "pi") == 0) {
    number.resize(number.size() - 2);
    scale = std::numbers::pi;
    if (number.empty() || number == "-" || number == "+") number += "1";
  }
  char* end = nullptr;
  const double value = number.empty() ? 0 : std::strtod(number.c_str(), &end);
  // strtod would also take "nan", "inf" and hexadecimal; only decimals are meant here.
  const bool decimal = !number.empty() &&
                       number.find_first_not_of("0123456789.eE+-") == std::string::npos &&
                       *end == '\0';
  if (!decimal || !std::isfinite(value * scale))
    throw OptionsError(option +
                       ": expected a finite number or a multiple of pi (pi, -2pi, 0.5pi), got '" +
                       text + "'");
  return value * scale;
}

Parsed parse_options(int argc, const char* const argv[], Options& options, std::string& help) {
  // Numbers are read as text and checked here, so that every message says what is expected
  // and echoes what was typed.
  std::string range, sweep, learning_rate = "0.01";
  std::string units = std::to_string(options.units), samples = std::to_string(options.samples);
  std::string steps = std::to_string(options.steps), seed = std::to_string(options.seed);
  std::string out_dir = options.out_dir.string();
  po::options_description described(
      "Usage: kudzu-approximate [options]\n\n"
      "The universal approximation theorem, as a program: trains one hidden layer of units\n"
      "(Affine(1,N), activation, Affine(N,1); MSE, full batch) on a function over a range, and\n"
      "draws the fit inside the range and far beyond it, each unit's piece of it, and (with\n"
      "--sweep) how the error inside and outside changes with the number of units.\n"
      "Writes fit.png, pieces.png, loss.png, sweep.png (with --sweep), fit.csv, summary.json\n"
      "and model.kudzu into --out.\n\nOptions");
  // clang-format off
  described.add_options()
    ("help,h", "show this help and exit")
    ("function", po::value(&options.function)->default_value(options.function),
     ("the function to fit: " + function_names()).c_str())
    ("range", po::value(&range),
     "training range a,b (numbers or multiples of pi, e.g. -pi,pi or 0,1); default: the "
     "function's own (sin, cos: -pi,pi; abs, step, square: -1,1; sawtooth: 0,2; gauss: -2,2; "
     "wiggly: 0,1)")
    ("units", po::value(&units)->default_value(units), "hidden units (1 to 4096)")
    ("activation", po::value(&options.activation)->default_value(options.activation),
     "sigmoid | tanh | relu")
    ("samples", po::value(&samples)->default_value(samples),
     "training points, evenly spaced over the range, ends included (2 to 10000000)")
    ("steps", po::value(&steps)->default_value(steps),
     "full-batch training steps (1 to 100000000)")
    ("optimizer", po::value(&options.optimizer)->default_value(options.optimizer),
     "gd | momentum | adam")
    ("lr", po::value(&learning_rate)->default_value(learning_rate),
     "learning rate (1e-30 to 1e30)")
    ("seed", po::value(&seed)->default_value(seed), "seed for the initial weights")
    ("out", po::value(&out_dir)->default_value(out_dir), "directory for the figures and files")
    ("sweep", po::value(&sweep),
     "unit counts to train as well, e.g. 1,2,4,8,16,32,64: sweep.png shows their errors")
    ("no-progress", po::bool_switch(), "no progress bar")
    ("quiet", po::bool_switch(&options.quiet), "print only the errors");
  // clang-format on
  const po::variables_map values = apps::parse_command_line(argc, argv, described);
  const TargetFunction* function = find_function(options.function);
  if (!function)
    throw OptionsError("--function: unknown function '" + options.function +
                       "' (known: " + function_names() + ")");
  options.range_low = function->low;
  options.range_high = function->high;
  if (values.count("range")) parse_range(range, options);
  options.units = static_cast<int>(
      parse_whole("--units", units, 1, max_units, "a whole number from 1 to 4096"));
  if (options.activation != "sigmoid" && options.activation != "tanh" &&
      options.activation != "relu")
    throw OptionsError("--activation: unknown activation '" + options.activation +
                       "' (known: sigmoid, tanh, relu)");
  options.samples = static_cast<int>(
      parse_whole("--samples", samples, 2, 10'000'000, "a whole number from 2 to 10000000"));
  options.steps = static_cast<int>(
      parse_whole("--steps", steps, 1, 100'000'000, "a whole number from 1 to 100000000"));
  if (options.optimizer != "gd" && options.optimizer != "momentum" && options.optimizer != "adam")
    throw OptionsError("--optimizer: unknown optimizer '" + options.optimizer +
                       "' (known: gd, momentum, adam)");
  options.learning_rate = parse_learning_rate(learning_rate);
  options.seed = parse_whole("--seed", seed, 0, 9'999'999'999'999'999'999u,
                             "a whole number from 0 to 10^19 - 1");
  if (out_dir.empty()) throw OptionsError("--out: expected a directory, got an empty name");
  options.out_dir = out_dir;
  if (values.count("sweep")) options.sweep = parse_sweep(sweep);
  options.progress = !values["no-progress"].as<bool>();
  // --help is honoured only once everything else checked out, as kudzu-compare does.
  if (values.count("help")) {
    help = apps::help_text(described);
    return Parsed::help;
  }
  return Parsed::run;
}

}  // namespace kudzu::approximate
