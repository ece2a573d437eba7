#define BOOST_TEST_MODULE compare_options
#include <boost/test/unit_test.hpp>
#include <initializer_list>
#include <string>
#include <vector>

#include "options.hpp"

using kudzu::compare::Options;
using kudzu::compare::OptionsError;
using kudzu::compare::parse_options;
using kudzu::compare::Parsed;

namespace {

Parsed parse(std::initializer_list<const char*> arguments, Options& options) {
  std::vector<const char*> argv = {"kudzu-compare"};
  argv.insert(argv.end(), arguments);
  std::string help;
  return parse_options(static_cast<int>(argv.size()), argv.data(), options, help);
}

// The message of the OptionsError that parsing `arguments` throws ("" when none is thrown).
std::string rejection(std::initializer_list<const char*> arguments) {
  Options options;
  try {
    parse(arguments, options);
  } catch (const OptionsError& error) {
    return error.what();
  }
  return "";
}

}  // namespace

BOOST_AUTO_TEST_CASE(defaults_are_the_original_experiment) {
  Options options;
  BOOST_TEST((parse({}, options) == Parsed::run));
  BOOST_TEST(options.data_dir == "data/mnist");
  BOOST_TEST(options.out_dir == "runs/latest");
  BOOST_TEST((options.digits == std::vector<int>{3, 8}));
  BOOST_TEST(options.network == "mlp");
  BOOST_TEST(options.embedding == 2u);
  BOOST_TEST(options.epochs == 200);
  BOOST_TEST(options.learning_rate == 0.001f);
  BOOST_TEST(options.batch_size == 50u);
  BOOST_TEST(options.optimizer == "gd");
  BOOST_TEST(options.learning_rate_decay == 1.0f);
  BOOST_TEST(options.seed == 42u);
  BOOST_TEST(options.train_network);
  BOOST_TEST(options.train_regression);
  BOOST_TEST(options.threads == 0);
  BOOST_TEST(options.progress);
  BOOST_TEST(!options.quiet);
  BOOST_TEST(!options.replot_dir.has_value());
}

BOOST_AUTO_TEST_CASE(every_option_is_read) {
  Options options;
  parse({"--data",   "d",   "--out",        "o",  "--digits",      "1,7",     "--epochs",    "3",
         "--lr",     "0.5", "--batch-size", "10", "--optimizer",   "adam",    "--seed",      "7",
         "--models", "lr",  "--threads",    "2",  "--no-progress", "--quiet", "--embedding", "10"},
        options);
  BOOST_TEST(options.data_dir == "d");
  BOOST_TEST(options.out_dir == "o");
  BOOST_TEST((options.digits == std::vector<int>{1, 7}));
  BOOST_TEST(options.embedding == 10u);
  BOOST_TEST(options.epochs == 3);
  Options lenet;
  parse({"--network", "lenet", "--embedding", "2"}, lenet);
  BOOST_TEST(lenet.network == "lenet");
  BOOST_TEST(lenet.embedding == 2u);
  BOOST_TEST(options.learning_rate == 0.5f);
  BOOST_TEST(options.batch_size == 10u);
  BOOST_TEST(options.optimizer == "adam");
  BOOST_TEST(options.seed == 7u);
  BOOST_TEST(!options.train_network);
  BOOST_TEST(options.train_regression);
  BOOST_TEST(options.threads == 2);
  BOOST_TEST(!options.progress);
  BOOST_TEST(options.quiet);
}

BOOST_AUTO_TEST_CASE(a_lenet_has_no_embedding_unless_asked_for) {
  Options options;
  parse({"--network", "lenet"}, options);
  BOOST_TEST(options.network == "lenet");
  BOOST_TEST(options.embedding == 0u);
  // A LeNet's recipe where --optimizer, --lr and --lr-decay are not given; the mlp's rate is
  // constant.
  BOOST_TEST(options.optimizer == "adam");
  BOOST_TEST(options.learning_rate == 0.002f);
  BOOST_TEST(options.learning_rate_decay == 0.7f);
  Options given;
  parse({"--network", "lenet", "--optimizer", "momentum", "--lr", "0.01", "--lr-decay", "1"},
        given);
  BOOST_TEST(given.optimizer == "momentum");
  BOOST_TEST(given.learning_rate == 0.01f);
  BOOST_TEST(given.learning_rate_decay == 1.0f);
  Options mlp;
  parse({"--lr-decay", "0.5"}, mlp);
  BOOST_TEST(mlp.learning_rate == 0.001f);
  BOOST_TEST(mlp.learning_rate_decay == 0.5f);
  BOOST_TEST(rejection({"--lr-decay", "0"}).find("--lr-decay: expected a number above 0") == 0u);
  BOOST_TEST(rejection({"--lr-decay", "1.5"}).find("--lr-decay") == 0u);
  BOOST_TEST(rejection({"--network", "cnn"}) ==
             "--network: unknown network 'cnn' (known: mlp, lenet)");
  BOOST_TEST(
      rejection({"--replot", "runs/x", "--network", "lenet"}).find("--network does not apply") !=
      std::string::npos);
}

BOOST_AUTO_TEST_CASE(help_lists_every_option_with_its_default) {
  Options options;
  std::string help;
  const char* argv[] = {"kudzu-compare", "--help"};
  BOOST_TEST((parse_options(2, argv, options, help) == Parsed::help));
  for (const char* expected :
       {"--data",       "data/mnist", "--out",       "runs/latest", "--digits",
        "3,8",          "--epochs",   "200",         "--lr",        "0.001",
        "--batch-size", "50",         "--optimizer", "gd",          "--seed",
        "42",           "--models",   "nn,lr",       "--threads",   "--no-progress",
        "--quiet",      "--replot",   "--network",   "mlp"})
    BOOST_TEST(help.find(expected) != std::string::npos, "help mentions " << expected);
}

BOOST_AUTO_TEST_CASE(help_after_other_options_still_checks_them) {
  // scripts/compare.sh runs `kudzu-compare --help "$@"` to check a run's options before it
  // downloads anything.
  BOOST_TEST(rejection({"--epochs", "abc", "--help"}).find("--epochs") != std::string::npos);
  BOOST_TEST(rejection({"--help", "--models", "xyz"}).find("--models") != std::string::npos);
  BOOST_TEST(rejection({"--help", "--lr", "-1"}).find("--lr") != std::string::npos);
  BOOST_TEST(rejection({"--help", "stray"}).find("stray") != std::string::npos);
  Options options;
  BOOST_TEST((parse({"--help", "--epochs", "3", "--models", "nn"}, options) == Parsed::help));
}

BOOST_AUTO_TEST_CASE(bad_values_are_rejected_with_the_option_named) {
  BOOST_TEST(rejection({"--epochs", "0"}).find("--epochs") != std::string::npos);
  BOOST_TEST(rejection({"--epochs", "-3"}).find("--epochs") != std::string::npos);
  BOOST_TEST(rejection({"--epochs", "ten"}).find("epochs") != std::string::npos);
  BOOST_TEST(rejection({"--lr", "nan"}).find("--lr") != std::string::npos);
  BOOST_TEST(rejection({"--lr", "inf"}).find("--lr") != std::string::npos);
  BOOST_TEST(rejection({"--lr", "0"}).find("--lr") != std::string::npos);
  BOOST_TEST(rejection({"--lr", "-0.1"}).find("--lr") != std::string::npos);
  BOOST_TEST(rejection({"--batch-size", "0"}).find("--batch-size") != std::string::npos);
  BOOST_TEST(rejection({"--digits", "3,x"}).find("'x' is not a digit") != std::string::npos);
  BOOST_TEST(rejection({"--digits", "3,10"}).find("'10' is not a digit") != std::string::npos);
  BOOST_TEST(rejection({"--digits", "3"}).find("two or more digits") != std::string::npos);
  BOOST_TEST(rejection({"--digits", "3,3"}).find("must differ") != std::string::npos);
  BOOST_TEST(rejection({"--digits", "4,7,4"}).find("4 is given twice") != std::string::npos);
  BOOST_TEST(rejection({"--digits", "al"}).find("two or more digits") != std::string::npos);
  BOOST_TEST(rejection({"--embedding", "0"}).find("--embedding") != std::string::npos);
  BOOST_TEST(rejection({"--embedding", "1001"}).find("--embedding") != std::string::npos);
  BOOST_TEST(
      rejection({"--replot", "runs/x", "--embedding", "3"}).find("--embedding does not apply") !=
      std::string::npos);
  BOOST_TEST(rejection({"--optimizer", "sgd"}).find("unknown optimizer 'sgd'") !=
             std::string::npos);
  BOOST_TEST(rejection({"--models", "nn,svm"}).find("unknown model 'svm'") != std::string::npos);
  BOOST_TEST(rejection({"--threads", "-1"}).find("--threads") != std::string::npos);
  BOOST_TEST(rejection({"--no-such-option"}).find("no-such-option") != std::string::npos);
  BOOST_TEST(rejection({"--epochs"}).find("epochs") != std::string::npos);
  BOOST_TEST(rejection({"stray-word"}).find("stray-word") != std::string::npos);
  BOOST_TEST(rejection({"--seed", "-1"}).find("--seed") != std::string::npos);
  BOOST_TEST(rejection({"--seed", "12x"}).find("--seed") != std::string::npos);
  BOOST_TEST(rejection({"--replot", "runs/x", "--epochs", "3"}).find("--epochs does not apply") !=
             std::string::npos);
  BOOST_TEST(rejection({"--replot", "runs/x", "--out", "o"}).find("--out does not apply") !=
             std::string::npos);
  BOOST_TEST(rejection({"--epochs", "5"}).empty());  // and good values pass
  BOOST_TEST(rejection({"--seed", "18446744073"}).empty());
  BOOST_TEST(rejection({"--replot", "runs/x", "--data", "d", "--quiet"}).empty());
}

BOOST_AUTO_TEST_CASE(three_or_more_digits_keep_their_order_and_all_is_every_digit) {
  Options options;
  parse({"--digits", "4,7,9"}, options);
  BOOST_TEST((options.digits == std::vector<int>{4, 7, 9}));
  parse({"--digits", "9,0,5,1"}, options);
  BOOST_TEST((options.digits == std::vector<int>{9, 0, 5, 1}));
  parse({"--digits", "all"}, options);
  BOOST_TEST((options.digits == std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
}

BOOST_AUTO_TEST_CASE(empty_directory_names_are_usage_errors) {
  // An empty --replot is not "no --replot": it must not start a training run.
  BOOST_TEST(rejection({"--replot", ""}).find("--replot: expected a directory") !=
             std::string::npos);
  BOOST_TEST(rejection({"--out", ""}).find("--out: expected a directory") != std::string::npos);
  BOOST_TEST(rejection({"--data", ""}).find("--data: expected a directory") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(messages_echo_what_was_typed_and_say_the_valid_range) {
  // The learning rate as typed, not as a float printed with %f.
  BOOST_TEST(rejection({"--lr", "1e-50"}) ==
             "--lr: expected a positive number from 1e-30 to 1e30, got '1e-50'");
  BOOST_TEST(rejection({"--lr", "-0.1"}).find("got '-0.1'") != std::string::npos);
  BOOST_TEST(rejection({"--lr", "1e308"}).find("from 1e-30 to 1e30, got '1e308'") !=
             std::string::npos);
  BOOST_TEST(rejection({"--lr", "0.1x"}).find("got '0.1x'") != std::string::npos);
  BOOST_TEST(rejection({"--epochs", "1e9"}) ==
             "--epochs: expected a whole number from 1 to 1000000, got '1e9'");
  BOOST_TEST(rejection({"--epochs", "2.5"}).find("got '2.5'") != std::string::npos);
  BOOST_TEST(rejection({"--epochs", "-3"}).find("got '-3'") != std::string::npos);
  BOOST_TEST(rejection({"--batch-size", "ten"}).find("--batch-size: expected a whole number") !=
             std::string::npos);
  BOOST_TEST(rejection({"--threads", "2000"}).find("from 1 to 1024, got '2000'") !=
             std::string::npos);
  Options options;
  parse({"--lr", "1e-5", "--epochs", "1000000", "--threads", "0"}, options);
  BOOST_TEST(options.learning_rate == 1e-5f);
  BOOST_TEST(options.epochs == 1000000);
}

BOOST_AUTO_TEST_CASE(stray_commas_in_lists_are_refused) {
  const struct {
    const char* option;
    const char* value;
    const char* message_part;
  } cases[] = {{"--digits", "3,8,", "'' is not a digit"},
               {"--digits", ",3,8", "'' is not a digit"},
               {"--digits", "3,", "'' is not a digit"},
               {"--models", "nn,", "--models: an empty name"},
               {"--models", "", "--models: an empty name"}};
  for (const auto& bad : cases)
    BOOST_TEST(rejection({bad.option, bad.value}).find(bad.message_part) != std::string::npos,
               bad.option << " '" << bad.value << "'");
  BOOST_TEST(rejection({"--models", "nn,lr"}).empty());
}
