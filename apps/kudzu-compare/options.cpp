#include "options.hpp"

#include <boost/program_options.hpp>
#include <cmath>
#include <sstream>

namespace kudzu::compare {
namespace po = boost::program_options;
namespace {

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream stream(text);
  for (std::string item; std::getline(stream, item, ',');) items.push_back(item);
  return items;
}

void parse_digits(const std::string& text, Options& options) {
  const std::vector<std::string> items = split_list(text);
  auto digit = [&](const std::string& item) {
    if (item.size() != 1 || item[0] < '0' || item[0] > '9')
      throw OptionsError("--digits: '" + item + "' is not a digit from 0 to 9 (in '" + text + "')");
    return item[0] - '0';
  };
  if (items.size() != 2)
    throw OptionsError("--digits: expected two digits such as 3,8, got '" + text + "'");
  options.first_digit = digit(items[0]);
  options.second_digit = digit(items[1]);
  if (options.first_digit == options.second_digit)
    throw OptionsError("--digits: the two digits must differ, got '" + text + "'");
}

void parse_seed(const std::string& text, Options& options) {
  // Read as text: a number parser would wrap "-1" around to 2^64 - 1.
  if (text.empty() || text.size() > 19 || text.find_first_not_of("0123456789") != std::string::npos)
    throw OptionsError("--seed: expected a whole number from 0 to 10^19 - 1, got '" + text + "'");
  options.seed = std::stoull(text);
}

void parse_models(const std::string& text, Options& options) {
  options.train_network = options.train_regression = false;
  for (const std::string& item : split_list(text)) {
    if (item == "nn")
      options.train_network = true;
    else if (item == "lr")
      options.train_regression = true;
    else
      throw OptionsError("--models: unknown model '" + item + "' (known: nn, lr)");
  }
  if (!options.train_network && !options.train_regression)
    throw OptionsError("--models: name at least one of nn, lr");
}

}  // namespace

Parsed parse_options(int argc, const char* const argv[], Options& options, std::string& help) {
  std::string digits = "3,8", models = "nn,lr";
  long long epochs = options.epochs, batch_size = static_cast<long long>(options.batch_size);
  long long threads = options.threads;
  std::string replot, seed = std::to_string(options.seed);
  std::vector<std::string> stray;
  po::options_description described(
      "Usage: kudzu-compare [options]\n\n"
      "Trains a neural network (784-100-100-2-1) and a logistic regression (784-1) to tell two\n"
      "MNIST digits apart, as the original Kudzu write-up did, prints per-epoch figures and a\n"
      "comparison, and writes metrics, models and figures into --out.\n\nOptions");
  // clang-format off
  described.add_options()
    ("help,h", "show this help and exit")
    ("data", po::value(&options.data_dir)->default_value(options.data_dir),
     "directory with the four MNIST IDX files (get them with scripts/fetch-mnist.sh)")
    ("out", po::value(&options.out_dir)->default_value(options.out_dir),
     "directory for metrics, models and figures")
    ("digits", po::value(&digits)->default_value(digits),
     "the two digits A,B to tell apart; A is labelled 1, B 0")
    ("epochs", po::value(&epochs)->default_value(epochs), "training epochs per model")
    ("lr", po::value(&options.learning_rate)->default_value(options.learning_rate, "0.001"),
     "learning rate")
    ("batch-size", po::value(&batch_size)->default_value(batch_size), "training batch size")
    ("optimizer", po::value(&options.optimizer)->default_value(options.optimizer),
     "gd | momentum | adam")
    ("seed", po::value(&seed)->default_value(seed),
     "seed for initial weights and batch order")
    ("models", po::value(&models)->default_value(models),
     "which models to train: nn (network), lr (logistic regression), or both")
    ("threads", po::value(&threads)->default_value(threads),
     "BLAS threads (0: what OpenBLAS chooses)")
    ("no-progress", po::bool_switch(), "no progress bar")
    ("quiet", po::bool_switch(&options.quiet), "print only the final comparison")
    ("replot", po::value(&replot),
     "redraw the figures of a finished run directory (its metrics and models) without training");
  // clang-format on
  po::variables_map values;
  try {
    // Words that are not options are gathered to be named in the error, not ignored.
    po::options_description all;
    all.add(described).add_options()("stray", po::value(&stray));
    po::positional_options_description positional;
    positional.add("stray", -1);
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(),
              values);
    po::notify(values);
  } catch (const po::error& error) {
    throw OptionsError(error.what());
  }
  if (values.count("help")) {
    std::ostringstream text;
    text << described;
    help = text.str();
    return Parsed::help;
  }
  if (!stray.empty())
    throw OptionsError("unexpected argument '" + stray.front() + "' (every option starts with --)");
  parse_digits(digits, options);
  parse_seed(seed, options);
  parse_models(models, options);
  if (epochs < 1 || epochs > 1'000'000)
    throw OptionsError("--epochs: expected a whole number from 1 to 1000000, got " +
                       std::to_string(epochs));
  options.epochs = static_cast<int>(epochs);
  if (!std::isfinite(options.learning_rate) || options.learning_rate <= 0)
    throw OptionsError("--lr: expected a positive finite number, got " +
                       std::to_string(options.learning_rate));
  if (batch_size < 1)
    throw OptionsError("--batch-size: expected a whole number of at least 1, got " +
                       std::to_string(batch_size));
  options.batch_size = static_cast<std::size_t>(batch_size);
  if (options.optimizer != "gd" && options.optimizer != "momentum" && options.optimizer != "adam")
    throw OptionsError("--optimizer: unknown optimizer '" + options.optimizer +
                       "' (known: gd, momentum, adam)");
  if (threads < 0 || threads > 1024)
    throw OptionsError("--threads: expected 0 (automatic) or a count from 1 to 1024, got " +
                       std::to_string(threads));
  options.threads = static_cast<int>(threads);
  options.progress = !values["no-progress"].as<bool>();
  if (!replot.empty()) {
    // Redrawing reads a finished run: options that shape a run would be silently ignored.
    for (const char* name :
         {"out", "digits", "epochs", "lr", "batch-size", "optimizer", "seed", "models", "threads"})
      if (!values[name].defaulted())
        throw OptionsError(std::string("--replot: --") + name +
                           " does not apply when redrawing a finished run (only --data does)");
    options.replot_dir = replot;
  }
  return Parsed::run;
}

}  // namespace kudzu::compare
