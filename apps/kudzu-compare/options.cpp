#include "options.hpp"

#include <algorithm>
#include <boost/program_options.hpp>
#include <cstdlib>

namespace kudzu::compare {
namespace po = boost::program_options;
using apps::parse_learning_rate;
using apps::parse_whole;
using apps::split_list;

namespace {

// A LeNet's recipe where --lr and --lr-decay are not given (the help text says them too).
constexpr float lenet_learning_rate = 0.002f;
constexpr float lenet_learning_rate_decay = 0.7f;

// The learning rate's factor per epoch: above 0 and at most 1.
float parse_decay(const std::string& text) {
  char* end = nullptr;
  const double value = text.empty() ? 0 : std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !(value > 0 && value <= 1) || float(value) == 0)
    throw OptionsError("--lr-decay: expected a number above 0 and at most 1, got '" + text + "'");
  return static_cast<float>(value);
}

void parse_digits(const std::string& text, Options& options) {
  if (text == "all") {
    options.digits = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    return;
  }
  const std::vector<std::string> items = split_list(text);
  if (items.size() < 2)
    throw OptionsError("--digits: expected two or more digits such as 3,8, or all, got '" + text +
                       "'");
  options.digits.clear();
  for (const std::string& item : items) {
    if (item.size() != 1 || item[0] < '0' || item[0] > '9')
      throw OptionsError("--digits: '" + item + "' is not a digit from 0 to 9 (in '" + text + "')");
    const int digit = item[0] - '0';
    if (std::find(options.digits.begin(), options.digits.end(), digit) != options.digits.end())
      throw OptionsError("--digits: " + item + " is given twice in '" + text +
                         "'; the digits must differ");
    options.digits.push_back(digit);
  }
}

void parse_models(const std::string& text, Options& options) {
  options.train_network = options.train_regression = false;
  for (const std::string& item : split_list(text)) {
    if (item == "nn")
      options.train_network = true;
    else if (item == "lr")
      options.train_regression = true;
    else if (item.empty())
      throw OptionsError("--models: an empty name in '" + text + "' (known: nn, lr)");
    else
      throw OptionsError("--models: unknown model '" + item + "' (known: nn, lr)");
  }
  if (!options.train_network && !options.train_regression)
    throw OptionsError("--models: name at least one of nn, lr");
}

}  // namespace

Parsed parse_options(int argc, const char* const argv[], Options& options, std::string& help) {
  // Numbers are read as text and checked here, so that every message says what is expected
  // and echoes what was typed.
  std::string digits = "3,8", models = "nn,lr", learning_rate = "0.001", learning_rate_decay = "1";
  std::string epochs = std::to_string(options.epochs);
  std::string batch_size = std::to_string(options.batch_size);
  std::string threads = std::to_string(options.threads), seed = std::to_string(options.seed);
  std::string embedding = std::to_string(options.embedding);
  std::string data_dir = options.data_dir.string(), out_dir = options.out_dir.string(), replot;
  po::options_description described(
      "Usage: kudzu-compare [options]\n\n"
      "Trains a neural network (784-100-100-2-1) and a logistic regression (784-1) to tell two\n"
      "MNIST digits apart, as the original Kudzu write-up did, prints per-epoch figures and a\n"
      "comparison, and writes metrics, models and figures into --out. With K > 2 digits the\n"
      "network is 784-100-100-2-K with a softmax and the baseline a softmax regression, 784-K.\n"
      "--network lenet trains LeNet-5 (two 5x5 convolutions with 2x2 max-pooling, then\n"
      "400-120-84-K) in place of the 784-100-100-2 network.\n"
      "\nOptions");
  // clang-format off
  described.add_options()
    ("help,h", "show this help and exit")
    ("data", po::value(&data_dir)->default_value(data_dir),
     "directory with the four MNIST IDX files (get them with scripts/fetch-mnist.sh)")
    ("out", po::value(&out_dir)->default_value(out_dir),
     "directory for metrics, models and figures")
    ("digits", po::value(&digits)->default_value(digits),
     "the digits to tell apart: two, A,B (A is labelled 1, B 0), or more, such as 4,7,9 "
     "(class indices in that order), or all")
    ("network", po::value(&options.network)->default_value(options.network),
     "mlp (the write-up's network) | lenet (LeNet-5)")
    ("embedding", po::value(&embedding)->default_value(embedding),
     "width of the network's bottleneck (1 to 1000); the embedding figures need 2; a LeNet has "
     "none unless this is given")
    ("epochs", po::value(&epochs)->default_value(epochs), "training epochs per model (1 to 1000000)")
    ("lr", po::value(&learning_rate)->default_value(learning_rate),
     "learning rate (1e-30 to 1e30); --network lenet: 0.002 unless given")
    ("lr-decay", po::value(&learning_rate_decay)->default_value(learning_rate_decay),
     "factor of the learning rate after each epoch (above 0, at most 1; 1: constant); "
     "--network lenet: 0.7 unless given")
    ("batch-size", po::value(&batch_size)->default_value(batch_size), "training batch size")
    ("optimizer", po::value(&options.optimizer)->default_value(options.optimizer),
     "gd | momentum | adam; --network lenet: adam unless given")
    ("seed", po::value(&seed)->default_value(seed),
     "seed for initial weights and batch order")
    ("models", po::value(&models)->default_value(models),
     "which models to train: nn (network), lr (logistic regression), or both")
    ("threads", po::value(&threads)->default_value(threads),
     "threads of the run, each calling BLAS single-threaded: 1 trains the models one after "
     "the other, N > 1 side by side, each epoch evaluated while the next trains (the same "
     "results for every N); 0 (the default): one per core")
    ("no-progress", po::bool_switch(), "no progress bar")
    ("quiet", po::bool_switch(&options.quiet), "print only the final comparison")
    ("replot", po::value(&replot),
     "redraw the figures of a finished run directory (its metrics and models) without training");
  // clang-format on
  const po::variables_map values = apps::parse_command_line(argc, argv, described);
  for (const char* name : {"data", "out", "replot"})
    if (values.count(name) && values[name].as<std::string>().empty())
      throw OptionsError(std::string("--") + name + ": expected a directory, got an empty name");
  options.data_dir = data_dir;
  options.out_dir = out_dir;
  parse_digits(digits, options);
  if (options.network != "mlp" && options.network != "lenet")
    throw OptionsError("--network: unknown network '" + options.network + "' (known: mlp, lenet)");
  options.embedding =
      parse_whole("--embedding", embedding, 1, 1000, "a whole number from 1 to 1000");
  if (options.network == "lenet" && values["embedding"].defaulted()) options.embedding = 0;
  options.seed = parse_whole("--seed", seed, 0, 9'999'999'999'999'999'999u,
                             "a whole number from 0 to 10^19 - 1");
  parse_models(models, options);
  options.epochs = static_cast<int>(
      parse_whole("--epochs", epochs, 1, 1'000'000, "a whole number from 1 to 1000000"));
  options.learning_rate = parse_learning_rate(learning_rate);
  options.learning_rate_decay = parse_decay(learning_rate_decay);
  // A LeNet's own recipe where --optimizer, --lr and --lr-decay are not given (README, "A
  // LeNet"): Adam, a larger rate at first, then smaller each epoch.
  if (options.network == "lenet") {
    if (values["optimizer"].defaulted()) options.optimizer = "adam";
    if (values["lr"].defaulted()) options.learning_rate = lenet_learning_rate;
    if (values["lr-decay"].defaulted()) options.learning_rate_decay = lenet_learning_rate_decay;
  }
  options.batch_size = parse_whole("--batch-size", batch_size, 1, 1'000'000'000,
                                   "a whole number from 1 to 1000000000");
  if (options.optimizer != "gd" && options.optimizer != "momentum" && options.optimizer != "adam")
    throw OptionsError("--optimizer: unknown optimizer '" + options.optimizer +
                       "' (known: gd, momentum, adam)");
  options.threads = static_cast<int>(
      parse_whole("--threads", threads, 0, 1024, "0 (automatic) or a count from 1 to 1024"));
  options.progress = !values["no-progress"].as<bool>();
  if (values.count("replot")) {
    // Redrawing reads a finished run: options that shape a run would be silently ignored.
    for (const char* name : {"out", "digits", "network", "embedding", "epochs", "lr", "lr-decay",
                             "batch-size", "optimizer", "seed", "models", "threads"})
      if (!values[name].defaulted())
        throw OptionsError(std::string("--replot: --") + name +
                           " does not apply when redrawing a finished run (only --data does)");
    options.replot_dir = replot;
  }
  // --help is honoured only once everything else checked out, so that `--help` followed by
  // a run's options (as scripts/compare.sh passes them) validates them all first.
  if (values.count("help")) {
    help = apps::help_text(described);
    return Parsed::help;
  }
  return Parsed::run;
}

}  // namespace kudzu::compare
