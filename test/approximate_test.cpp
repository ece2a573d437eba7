// kudzu-approximate's logic, compiled in: its options, the functions and ranges, a small
// training run judged inside and outside its range, the units adding up to the network's
// output, the Taylor polynomial, the files and the staged commit into --out.
#define BOOST_TEST_MODULE approximate
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <sstream>
#include <string>
#include <vector>

#include "evaluation.hpp"
#include "experiment.hpp"
#include "figures.hpp"
#include "functions.hpp"
#include "kudzu/error.hpp"
#include "kudzu/model_file.hpp"
#include "network.hpp"
#include "options.hpp"
#include "outputs.hpp"
#include "support.hpp"

using namespace kudzu;
using kudzu::testing::TemporaryDirectory;
using namespace kudzu::approximate;
namespace fs = std::filesystem;
constexpr double pi = std::numbers::pi;

namespace {

Parsed parse(std::vector<std::string> words, Options& options) {
  words.insert(words.begin(), "kudzu-approximate");
  std::vector<const char*> argv;
  for (const std::string& word : words) argv.push_back(word.c_str());
  std::string help;
  return parse_options(static_cast<int>(argv.size()), argv.data(), options, help);
}

// The message of the OptionsError that parsing `words` throws; fails the test if none.
std::string refusal(const std::vector<std::string>& words) {
  Options options;
  try {
    parse(words, options);
  } catch (const OptionsError& error) {
    return error.what();
  }
  BOOST_ERROR("accepted: " << words.front() << " " << (words.size() > 1 ? words[1] : ""));
  return "";
}

// The small run every training test shares: sin on [-pi, pi] with 6 sigmoid units, 2000
// full-batch steps on 64 points (it reaches about 0.014 inside).
Options small_options() {
  Options options;
  parse({"--units", "6", "--steps", "2000", "--samples", "64"}, options);
  return options;
}

const Approximation& small_run() {
  static const Approximation run = run_approximation(small_options(), 6);
  return run;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(options)

BOOST_AUTO_TEST_CASE(defaults_are_sin_on_minus_pi_to_pi_with_20_sigmoid_units) {
  Options options;
  BOOST_TEST((parse({}, options) == Parsed::run));
  BOOST_TEST(options.function == "sin");
  BOOST_TEST(options.range_low == -pi);
  BOOST_TEST(options.range_high == pi);
  BOOST_TEST(options.units == 20);
  BOOST_TEST(options.activation == "sigmoid");
  BOOST_TEST(options.optimizer == "adam");
  BOOST_TEST(options.out_dir == "runs/approximate");
  BOOST_TEST(options.sweep.empty());
  BOOST_TEST(options.progress);
  BOOST_TEST(!options.quiet);
}

BOOST_AUTO_TEST_CASE(every_option_is_read) {
  Options options;
  parse({"--function",
         "gauss",
         "--range=-3,2.5",
         "--units",
         "7",
         "--activation",
         "tanh",
         "--samples",
         "10",
         "--steps",
         "30",
         "--optimizer",
         "momentum",
         "--lr",
         "0.5",
         "--seed",
         "9",
         "--out",
         "o",
         "--sweep",
         "1,2,5",
         "--no-progress",
         "--quiet"},
        options);
  BOOST_TEST(options.function == "gauss");
  BOOST_TEST(options.range_low == -3);
  BOOST_TEST(options.range_high == 2.5);
  BOOST_TEST(options.units == 7);
  BOOST_TEST(options.activation == "tanh");
  BOOST_TEST(options.samples == 10);
  BOOST_TEST(options.steps == 30);
  BOOST_TEST(options.optimizer == "momentum");
  BOOST_TEST(options.learning_rate == 0.5f);
  BOOST_TEST(options.seed == 9u);
  BOOST_TEST(options.out_dir == "o");
  BOOST_TEST((options.sweep == std::vector<int>{1, 2, 5}));
  BOOST_TEST(!options.progress);
  BOOST_TEST(options.quiet);
}

BOOST_AUTO_TEST_CASE(each_function_brings_its_own_range_unless_range_is_given) {
  Options wiggly;
  parse({"--function", "wiggly"}, wiggly);
  BOOST_TEST(wiggly.range_low == 0);
  BOOST_TEST(wiggly.range_high == 1);
  Options sawtooth;
  parse({"--function", "sawtooth", "--range", "1,3pi"}, sawtooth);
  BOOST_TEST(sawtooth.range_low == 1);
  BOOST_TEST(sawtooth.range_high == 3 * pi);
  for (const char* name : {"sin", "cos", "abs", "step", "square", "sawtooth", "gauss", "wiggly"})
    BOOST_TEST(find_function(name) != nullptr, name);
}

BOOST_AUTO_TEST_CASE(range_bounds_take_multiples_of_pi) {
  BOOST_TEST(parse_range_bound("--range", "pi") == pi);
  BOOST_TEST(parse_range_bound("--range", "-pi") == -pi);
  BOOST_TEST(parse_range_bound("--range", "2.5pi") == 2.5 * pi);
  BOOST_TEST(parse_range_bound("--range", "-0.25") == -0.25);
  for (const char* bad : {"", "pie", "1e999", "nan", "inf", "0x10", "1,", "p", "2 pi"})
    BOOST_CHECK_THROW(parse_range_bound("--range", bad), OptionsError);
}

BOOST_AUTO_TEST_CASE(bad_values_are_refused_with_the_option_named) {
  const std::vector<std::vector<std::string>> cases = {
      {"--units", "0"},       {"--units", "-1"},      {"--units", "2.5"},
      {"--units", "4097"},    {"--samples", "1"},     {"--steps", "0"},
      {"--steps", "1e3"},     {"--lr", "0"},          {"--lr", "-0.1"},
      {"--lr", "nan"},        {"--lr", "inf"},        {"--lr", "1e-50"},
      {"--lr", "0.1x"},       {"--range", "1,1"},     {"--range", "2,1"},
      {"--range", "1"},       {"--range", "1,2,3"},   {"--range", "nan,1"},
      {"--range", "0,inf"},   {"--range", "0,1e300"}, {"--sweep", "0"},
      {"--sweep", "1,,2"},    {"--sweep", "1.5"},     {"--sweep", "1,2,"},
      {"--sweep=-4"},         {"--function", "tan"},  {"--activation", "softplus"},
      {"--optimizer", "sgd"}, {"--seed", "-1"},       {"--out", ""}};
  for (const std::vector<std::string>& words : cases) {
    const std::string message = refusal(words);
    const std::string option = words.front().substr(0, words.front().find('='));
    BOOST_TEST(message.find(option) != std::string::npos, option << ": " << message);
  }
  BOOST_TEST(refusal({"--no-such-option"}).find("no-such-option") != std::string::npos);
  BOOST_TEST(refusal({"stray"}).find("'stray'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(help_is_given_only_when_the_rest_is_valid) {
  Options options;
  BOOST_TEST((parse({"--help"}, options) == Parsed::help));
  refusal({"--help", "--units", "0"});
  std::string help;
  const char* argv[] = {"kudzu-approximate", "--help"};
  parse_options(2, argv, options, help);
  for (const char* option :
       {"--function", "--range", "--units", "--activation", "--samples", "--steps", "--optimizer",
        "--lr", "--seed", "--out", "--sweep", "--no-progress", "--quiet", "wiggly"})
    BOOST_TEST(help.find(option) != std::string::npos, option);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(fit)

BOOST_AUTO_TEST_CASE(a_small_network_fits_sin_inside_its_range_and_not_outside) {
  const Approximation& run = small_run();
  BOOST_TEST(run.errors.inside.max < 0.03);
  BOOST_TEST(run.errors.outside.max > 0.5);
  BOOST_TEST(run.errors.right.max > 0.5);  // on [pi, 3pi]
  BOOST_TEST(run.errors.left.max > 0.5);   // on [-3pi, -pi]
  BOOST_TEST(run.losses.size() == 2000u);
  BOOST_TEST(run.losses.back() < run.losses.front() / 100);
}

BOOST_AUTO_TEST_CASE(the_units_and_the_output_bias_add_up_to_the_network) {
  const Approximation& run = small_run();
  const Pieces pieces = take_apart(run.model, run.xs);
  BOOST_REQUIRE(pieces.units.size() == 6u);
  BOOST_TEST(pieces.activation == "sigmoid");
  for (std::size_t k = 0; k < run.xs.size(); ++k) {
    double scale = std::abs(pieces.output_bias), sum = pieces.output_bias;
    for (const std::vector<double>& unit : pieces.units) {
      sum += unit[k];
      scale += std::abs(unit[k]);
    }
    BOOST_TEST(sum == pieces.sum[k]);
    // The model computes in float, the pieces in double from the same float parameters.
    BOOST_TEST(std::abs(pieces.sum[k] - run.fit[k]) <= 4e-6 * (1 + scale), "x = " << run.xs[k]);
  }
  // Each unit is v * sigmoid(w x + b) of its own parameters.
  const double x = run.xs[100];
  const double expected = pieces.v[2] / (1 + std::exp(-(pieces.w[2] * x + pieces.b[2])));
  BOOST_TEST(pieces.units[2][100] == expected, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(a_saved_model_comes_back_with_the_same_pieces) {
  TemporaryDirectory dir;
  save(small_run().model, dir.path / "model.kudzu");
  const std::vector<double> xs = {-1, 0, 2};
  const Pieces saved = take_apart(small_run().model, xs);
  const Pieces loaded = take_apart(load(dir.path / "model.kudzu"), xs);
  BOOST_TEST(loaded.sum == saved.sum, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(relu_and_tanh_units_add_up_too) {
  for (const char* activation : {"relu", "tanh"}) {
    const Model model = make_network(5, activation, 0, 1, 3);
    const std::vector<double> xs = {-0.5, 0.1, 0.4, 0.9, 1.7};
    const Pieces pieces = take_apart(model, xs);
    const std::vector<double> fit = predict(model, xs);
    for (std::size_t k = 0; k < xs.size(); ++k)
      BOOST_TEST(pieces.sum[k] == fit[k], boost::test_tools::tolerance(1e-5));
  }
}

BOOST_AUTO_TEST_CASE(units_start_as_steps_spread_over_the_range) {
  const Model model = make_network(4, "sigmoid", -2, 2, 7);
  const Pieces pieces = take_apart(model, std::vector<double>{0});
  const double centres[] = {-1.5, -0.5, 0.5, 1.5};
  for (std::size_t i = 0; i < 4; ++i) {
    BOOST_TEST(-pieces.b[i] / pieces.w[i] == centres[i], boost::test_tools::tolerance(1e-6));
    BOOST_TEST(std::abs(pieces.w[i]) >= 0.5 * 4 / 4.0);
    BOOST_TEST(std::abs(pieces.w[i]) <= 1.5 * 4 / 4.0);
  }
  BOOST_CHECK_THROW(make_network(4, "softplus", 0, 1, 1), UsageError);
}

BOOST_AUTO_TEST_CASE(a_diverging_run_is_an_error) {
  Model model = make_network(3, "sigmoid", 0, 1, 1);
  const TrainingSet set = sample_training_set(find_function("square")->value, 0, 1, 8);
  BOOST_CHECK_THROW(train(model, set, {.steps = 50, .optimizer = "gd", .learning_rate = 1e30f}),
                    Error);
}

BOOST_AUTO_TEST_CASE(the_learning_rate_is_constant_then_decays_to_zero) {
  BOOST_TEST(learning_rate_at(0, 100, 0.5f) == 0.5);
  BOOST_TEST(learning_rate_at(49, 100, 0.5f) == 0.5);
  BOOST_TEST(learning_rate_at(75, 100, 0.5f) == 0.25, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(learning_rate_at(99, 100, 0.5f) < 0.001);
  BOOST_TEST(learning_rate_at(0, 1, 0.5f) == 0.5);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(evaluation)

BOOST_AUTO_TEST_CASE(the_view_is_three_times_the_range_with_its_ends_exact) {
  const std::vector<double> xs = view_grid(-pi, pi, 10);
  BOOST_REQUIRE(xs.size() == 31u);
  BOOST_TEST(xs.front() == -3 * pi, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(xs[10] == -pi);
  BOOST_TEST(xs[20] == pi);
  BOOST_TEST(xs.back() == 3 * pi, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(std::is_sorted(xs.begin(), xs.end()));
}

BOOST_AUTO_TEST_CASE(errors_are_split_inside_and_outside) {
  const std::vector<double> xs = {-2, -1, 0, 1, 2}, target = {0, 0, 0, 0, 0},
                            fit = {3, 0.1, -0.2, 0.1, -1};
  const FitErrors errors = measure_errors(xs, target, fit, -1, 1);
  BOOST_TEST(errors.inside.max == 0.2);
  BOOST_TEST(errors.inside.mean == 0.4 / 3, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(errors.inside.points == 3u);
  BOOST_TEST(errors.outside.max == 3);
  BOOST_TEST(errors.outside.mean == 2);
  BOOST_TEST(errors.left.max == 3);
  BOOST_TEST(errors.right.max == 1);
}

BOOST_AUTO_TEST_CASE(the_taylor_polynomial_of_sin_fits_near_zero_and_leaves_far_out) {
  BOOST_TEST(sin_taylor(0.5, 1) == 0.5);
  BOOST_TEST(sin_taylor(0.5, 3) == 0.5 - 0.125 / 6, boost::test_tools::tolerance(1e-15));
  BOOST_TEST(sin_taylor(0.5, 4) == sin_taylor(0.5, 3));  // even powers have zero coefficients
  BOOST_TEST(std::abs(sin_taylor(1, 20) - std::sin(1.0)) < 1e-15);
  BOOST_TEST(std::abs(sin_taylor(3 * pi, 20) - std::sin(3 * pi)) > 1);
  BOOST_TEST(taylor_degree(20) == 20);
}

BOOST_AUTO_TEST_CASE(range_bounds_are_written_with_pi) {
  BOOST_TEST(format_bound(-pi) == "−π");
  BOOST_TEST(format_bound(3 * pi) == "3π");
  BOOST_TEST(format_bound(pi / 2) == "π/2");
  BOOST_TEST(format_bound(-1.5 * pi) == "−3π/2");
  BOOST_TEST(format_bound(0) == "0");
  BOOST_TEST(format_bound(-0.5) == "−0.5");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(outputs)

BOOST_AUTO_TEST_CASE(the_figures_are_drawn_and_sweep_png_only_with_a_sweep) {
  const Options options = small_options();
  const FigureData plain = figure_data(options, small_run(), {});
  BOOST_TEST(plain.taylor.has_value());  // sin
  BOOST_TEST(!build_figure("sweep.png", plain).has_value());
  TemporaryDirectory dir;
  const std::vector<std::string> drawn = draw_figures(plain, dir.path);
  BOOST_TEST((drawn == std::vector<std::string>{"fit.png", "pieces.png", "loss.png"}));
  for (const std::string& name : drawn) BOOST_TEST(fs::file_size(dir.path / name) > 10000u);
  const FigureData swept = figure_data(options, small_run(), {small_run(), small_run()});
  BOOST_TEST(build_figure("sweep.png", swept).has_value());
  BOOST_CHECK_THROW(build_figure("nothing.png", plain), UsageError);
  Options cosine = options;
  cosine.function = "cos";
  BOOST_TEST(!figure_data(cosine, small_run(), {}).taylor.has_value());
}

BOOST_AUTO_TEST_CASE(fit_csv_has_a_column_per_unit_that_adds_up_to_the_fit) {
  const FigureData data = figure_data(small_options(), small_run(), {});
  std::istringstream csv(fit_csv(data));
  std::string line;
  std::getline(csv, line);
  BOOST_TEST(line == "x,target,fit,inside,output_bias,unit_1,unit_2,unit_3,unit_4,unit_5,unit_6");
  std::size_t rows = 0;
  while (std::getline(csv, line)) {
    std::vector<double> cells;
    std::istringstream row(line);
    for (std::string cell; std::getline(row, cell, ',');) cells.push_back(std::stod(cell));
    BOOST_REQUIRE(cells.size() == 11u);
    double sum = 0;
    for (std::size_t c = 4; c < 11; ++c) sum += cells[c];
    BOOST_TEST(sum == cells[2], boost::test_tools::tolerance(1e-4));
    BOOST_TEST(cells[3] == (cells[0] >= -pi && cells[0] <= pi ? 1 : 0));
    ++rows;
  }
  BOOST_TEST(rows == data.xs.size());
}

BOOST_AUTO_TEST_CASE(summary_json_holds_the_configuration_and_the_errors) {
  const Options options = small_options();
  const FigureData data = figure_data(options, small_run(), {});
  BlasInfo blas;
  blas.core = "SkylakeX";
  blas.threads = 2;
  const nlohmann::ordered_json summary =
      summary_json(options, data, blas, {.train_seconds = 1, .total_seconds = 2});
  BOOST_TEST(summary["config"]["units"] == 6);
  BOOST_TEST(summary["config"]["function"] == "sin");
  BOOST_TEST(summary["errors"]["inside"]["max_abs_error"].get<double>() == data.errors.inside.max);
  BOOST_TEST(summary["errors"]["outside"]["max_abs_error"].get<double>() ==
             data.errors.outside.max);
  // Six units against a polynomial of degree 6: x - x^3/6 + x^5/120 is off by about
  // pi^7/7! = 0.6 at pi, where the network is within 0.03.
  BOOST_TEST(summary["taylor"]["label"].get<std::string>().find("degree 6") != std::string::npos);
  BOOST_TEST(summary["taylor"]["errors"]["inside"]["max_abs_error"].get<double>() > 0.3);
  BOOST_TEST(summary["blas"]["core"] == "SkylakeX");
  BOOST_TEST(summary["total_seconds"] == 2.0);
  // It parses back as what was written.
  BOOST_TEST(nlohmann::ordered_json::parse(summary.dump(2)) == summary);
}

BOOST_AUTO_TEST_SUITE_END()
