// kudzu-compare: the original Kudzu experiment. Trains the network and the logistic
// regression on two MNIST digits, reports how they compare, and writes metrics, models
// and figures into --out. `kudzu-compare --help` lists the options.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <thread>

#include "decisions.hpp"
#include "experiment.hpp"
#include "figure_data.hpp"
#include "kudzu/blas.hpp"
#include "kudzu/error.hpp"
#include "kudzu/files.hpp"
#include "kudzu/json.hpp"
#include "kudzu/model_file.hpp"
#include "kudzu/networks.hpp"
#include "kudzu/run_directory.hpp"
#include "kudzu/thread_pool.hpp"
#include "options.hpp"
#include "run_summary.hpp"

namespace fs = std::filesystem;
using namespace kudzu;
using namespace kudzu::compare;

namespace {

using Clock = std::chrono::steady_clock;

// What a run holds besides OpenBLAS's buffers and the program, measured: MNIST as read and
// as floats, the models and the figures (at 2 threads a run fails at ulimit -v 400000 kB,
// with bad_alloc, and runs at 500000).
constexpr std::uint64_t compare_data_bytes = std::uint64_t{160} << 20;

// The network `network` names ("mlp" or "lenet") for 784 pixels and `classes` classes,
// drawn from rng.
Model network_of(const std::string& network, std::size_t classes, std::size_t embedding, Rng& rng) {
  if (network == "lenet") return lenet(classes, embedding, rng);
  return original_network(28 * 28, classes, embedding, rng);
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::size_t count_digit(const std::vector<std::uint8_t>& digits, int digit) {
  return static_cast<std::size_t>(std::count(digits.begin(), digits.end(), digit));
}

std::string describe_split(const std::vector<std::uint8_t>& digits, const Options& options) {
  std::string counts;
  for (const int digit : options.digits) {
    if (!counts.empty()) counts += ", ";
    counts += std::to_string(count_digit(digits, digit)) + " " + std::to_string(digit) + "s";
  }
  return std::to_string(digits.size()) + " (" + counts + ")";
}

std::string describe_task(const Options& options) {
  if (options.digits.size() == 2)
    return std::to_string(options.digits[0]) + "s (label 1) against " +
           std::to_string(options.digits[1]) + "s (label 0)";
  std::string digits;
  for (const int digit : options.digits) {
    if (!digits.empty()) digits += ',';
    digits += std::to_string(digit);
  }
  return std::to_string(options.digits.size()) + " digits as classes 0 to " +
         std::to_string(options.digits.size() - 1) + ": " + digits;
}

// The threads of the run: --threads, or for 0 (the default) one per core, at most as many
// as the run has figures to draw side by side (its widest stage; more would idle).
std::size_t run_threads(int threads) {
  if (threads > 0) return static_cast<std::size_t>(threads);
  const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
  return std::min(cores, figure_names().size());
}

// A pool of `threads` threads, or none for one.
std::unique_ptr<ThreadPool> pool_of(std::size_t threads) {
  return threads > 1 ? std::make_unique<ThreadPool>(threads) : nullptr;
}

std::string describe_threads(std::size_t threads) {
  if (threads == 1) return "1, the models one after the other, single-threaded BLAS";
  return std::to_string(threads) +
         ", the models side by side, each epoch evaluated while the next trains, "
         "single-threaded BLAS";
}

void print_banner(const Options& options, const DigitPair& data, const BlasInfo& blas,
                  std::size_t threads) {
  std::ostringstream learning_rate;
  learning_rate << options.learning_rate;
  std::ostringstream decay;  // nothing for a constant rate
  if (options.learning_rate_decay != 1)
    decay << " x " << options.learning_rate_decay << " per epoch";
  std::cout << "Kudzu: " << describe_task(options)
            << (options.network == "lenet" ? ", LeNet-5" : "") << "\n"
            << "  data    " << options.data_dir.string() << ": train "
            << describe_split(data.digits_train, options) << ", test "
            << describe_split(data.digits_test, options) << "\n"
            << "  config  " << options.epochs << " epochs, batch " << options.batch_size << ", "
            << options.optimizer << " lr " << learning_rate.str() << decay.str() << ", seed "
            << options.seed << "\n"
            << "  BLAS    " << describe(blas) << "\n"
            << "  threads " << describe_threads(threads) << "\n";
  if (const std::string advice = blas_advice(blas); !advice.empty())
    std::cout << "  " << advice << "\n";
  std::cout << std::flush;
}

void print_comparison(const std::vector<ModelRun>& runs, const Options& options) {
  if (!options.quiet) std::printf("\n");  // apart from the epoch lines above
  std::printf("%-20s %6s %11s %8s %8s %11s %9s\n", "model", "epochs", "final loss", "train", "test",
              "train+test", "seconds");
  for (const ModelRun& run : runs)
    std::printf("%-20s %6zu %11.4g %8.4f %8.4f %11.4f %9.1f\n", run.title.c_str(),
                run.epochs.size(), run.final_loss, run.train_accuracy, run.test_accuracy,
                run.combined_accuracy, run.train_seconds);
  std::fflush(stdout);
}

nlohmann::ordered_json summary_json(const Options& options, const DigitPair& data,
                                    const std::vector<ModelRun>& runs, const BlasInfo& blas,
                                    std::size_t threads, double training_seconds,
                                    double total_seconds) {
  nlohmann::ordered_json models = nlohmann::ordered_json::object();
  std::vector<std::string> model_keys;
  const std::vector<int> truth = classes_of(data.digits_test, options.digits);
  for (const ModelRun& run : runs) {
    // On the test set: per digit, the fraction decided right, and the confusion matrix
    // (a row per true digit, a column per decided digit, both in the order of "digits").
    const Confusion confusion =
        confusion_matrix(truth, decide(run.model, data.x_test).classes, options.digits.size());
    nlohmann::ordered_json per_class = nlohmann::ordered_json::object(),
                           matrix = nlohmann::ordered_json::array();
    for (std::size_t k = 0; k < confusion.classes; ++k) {
      per_class[std::to_string(options.digits[k])] = confusion.class_accuracy(k);
      matrix.push_back(
          std::vector<std::size_t>(confusion.counts.begin() + k * confusion.classes,
                                   confusion.counts.begin() + (k + 1) * confusion.classes));
    }
    models[run.key] = {{"title", run.title},
                       {"epochs", run.epochs.size()},
                       {"final_loss", run.final_loss},
                       {"train_accuracy", run.train_accuracy},
                       {"test_accuracy", run.test_accuracy},
                       {"combined_accuracy", run.combined_accuracy},
                       {"train_seconds", run.train_seconds},
                       {"test_class_accuracy", per_class},
                       {"test_confusion", matrix}};
    model_keys.push_back(run.key);
  }
  const nlohmann::ordered_json config = {
      {"data", options.data_dir.string()},
      {"digits", options.digits},
      {"network", options.network},
      {"embedding", options.embedding},
      {"epochs", options.epochs},
      {"learning_rate", shortest_decimal(options.learning_rate)},
      {"learning_rate_decay", shortest_decimal(options.learning_rate_decay)},
      {"batch_size", options.batch_size},
      {"optimizer", options.optimizer},
      {"seed", options.seed},
      {"models", model_keys}};
  return {{"config", config},
          {"data", {{"train", data.digits_train.size()}, {"test", data.digits_test.size()}}},
          {"models", models},
          {"blas", {{"core", blas.core}, {"threads", blas.threads}}},
          {"cpu", blas.cpu},
          {"threads", threads},
          {"training_seconds", training_seconds},
          {"total_seconds", total_seconds}};
}

// A model to train, with what train_model takes besides the data and the options.
struct ModelToTrain {
  std::string key, title;
  Model model;
};

// Trains the models one after the other on this thread, or, given a pool, side by side on
// it, each model on a thread of its own and each epoch's evaluation on whichever thread is
// free. The console shows the same either way: the first model's lines as they come, the
// others' once it is done.
std::vector<ModelRun> train_models(const std::vector<ModelToTrain>& models, const DigitPair& data,
                                   const Options& options, ThreadPool* pool) {
  const bool verbose = !options.quiet;
  std::vector<ModelRun> runs;
  if (!pool) {
    for (const ModelToTrain& m : models)
      runs.push_back(train_model(m.key, m.title, m.model, data, options,
                                 {verbose ? &std::cout : nullptr, verbose && options.progress}));
    return runs;
  }
  std::vector<std::optional<ModelRun>> trained(models.size());
  std::vector<std::ostringstream> later(models.size());
  std::vector<std::function<void()>> jobs;
  for (std::size_t i = 0; i < models.size(); ++i) {
    std::ostream* out = !verbose ? nullptr : i == 0 ? &std::cout : &later[i];
    const TrainingSetting setting{out, verbose && options.progress && i == 0, pool};
    jobs.push_back([&, i, setting] {
      // A LeNet's convolutions, poolings and Relus share out their images to the pool's
      // idle threads (the same bits as alone): once the regression is done, its thread helps.
      const ParallelOps parallel(*pool);
      const ModelToTrain& m = models[i];
      trained[i].emplace(train_model(m.key, m.title, m.model, data, options, setting));
    });
  }
  pool->run(jobs);
  for (std::size_t i = 0; i < models.size(); ++i) {
    std::cout << later[i].str();
    runs.push_back(std::move(*trained[i]));
  }
  std::cout << std::flush;
  return runs;
}

// Metrics of every run, in the order trained.
void collect(const std::vector<ModelRun>& runs, std::vector<EpochMetrics>& epochs,
             std::vector<BatchLoss>& batches) {
  for (const ModelRun& run : runs) {
    epochs.insert(epochs.end(), run.epochs.begin(), run.epochs.end());
    batches.insert(batches.end(), run.batches.begin(), run.batches.end());
  }
}

const ModelRun* find_run(const std::vector<ModelRun>& runs, const std::string& key) {
  for (const ModelRun& run : runs)
    if (run.key == key) return &run;
  return nullptr;
}

// Every file a run of this program may write into --out.
std::vector<std::string> result_names() {
  std::vector<std::string> names = figure_names();
  names.insert(names.end(),
               {"metrics.csv", "batch_losses.csv", "summary.json", "nn.kudzu", "lr.kudzu"});
  return names;
}

std::optional<Model> model_of(const ModelRun* run) {
  return run ? std::optional<Model>(run->model) : std::nullopt;
}

void report_written(const fs::path& dir, const std::vector<std::string>& names,
                    const Options& options) {
  if (options.quiet) return;
  std::cout << "\nwrote into " << dir.string() << ":";
  for (const std::string& name : names) std::cout << " " << name;
  std::cout << "\n";
}

int run(const Options& options) {
  const auto start = Clock::now();
  const std::size_t threads = run_threads(options.threads);
  // Single-threaded BLAS always: OpenBLAS's threaded driver sums the products in other
  // blocks, so its results would depend on its thread count, and concurrent products at
  // more than one BLAS thread would queue for its threads.
  set_blas_threads(1);
  check_memory_for_blas(compare_data_bytes, static_cast<int>(threads));
  const std::unique_ptr<ThreadPool> pool = pool_of(threads);
  RunWriter output(options.out_dir, result_names());  // fails here, before training
  const DigitPair data = load_run_data(options.data_dir, options.digits);
  const std::size_t train_rows = data.digits_train.size();
  if (options.batch_size > train_rows)
    throw OptionsError("--batch-size: " + std::to_string(options.batch_size) +
                       " is larger than the training set (" + std::to_string(train_rows) +
                       " images)");
  const BlasInfo blas = blas_info();
  if (!options.quiet) print_banner(options, data, blas, threads);

  std::vector<ModelToTrain> models;
  const std::size_t features = data.x_train.shape()[1], classes = options.digits.size();
  if (options.train_network) {
    Rng rng(options.seed);
    models.push_back({"nn", options.network == "lenet" ? "LeNet" : "network",
                      network_of(options.network, classes, options.embedding, rng)});
  }
  if (options.train_regression) {
    Rng rng(options.seed);
    models.push_back({"lr", regression_title(classes), linear_classifier(features, classes, rng)});
  }
  const auto training_start = Clock::now();
  const std::vector<ModelRun> runs =
      train_models(models, data, options, threads > 1 ? pool.get() : nullptr);
  const double training_seconds = seconds_since(training_start);
  print_comparison(runs, options);

  std::vector<EpochMetrics> epochs;
  std::vector<BatchLoss> batches;
  collect(runs, epochs, batches);
  const fs::path& staging = output.staging();
  write_metrics_csv(staging / "metrics.csv", epochs);
  write_batch_losses_csv(staging / "batch_losses.csv", batches);
  // Two digits: both models end in one sigmoid unit, the probability of label 1, the first
  // digit. More: a softmax, one probability per digit in the order given.
  ModelMetadata metadata{{}, "mnist-28x28"};
  for (const int digit : options.digits) metadata.class_names.push_back(std::to_string(digit));
  for (const ModelRun& run : runs) save(run.model, staging / (run.key + ".kudzu"), metadata);
  draw_figures(collect_figure_data(data, options.digits, model_of(find_run(runs, "nn")),
                                   model_of(find_run(runs, "lr")), epochs, batches),
               staging, pool.get());
  write_file_atomically(
      staging / "summary.json",
      summary_json(options, data, runs, blas, threads, training_seconds, seconds_since(start))
              .dump(2) +
          "\n");
  report_written(options.out_dir, output.commit(), options);
  return 0;
}

// The models whose rows a metrics file holds must be the run's models: a figure drawn from
// another run's rows would be silently wrong.
template <class Row>
void check_models_of(const fs::path& file, const std::vector<Row>& rows,
                     const RunSummary& summary) {
  for (const std::string& model : summary.models)
    if (std::none_of(rows.begin(), rows.end(), [&](const Row& row) { return row.model == model; }))
      throw DataError(file.string() + ": no rows of model " + model + ", which summary.json lists");
  for (const Row& row : rows)
    if (std::find(summary.models.begin(), summary.models.end(), row.model) == summary.models.end())
      throw DataError(file.string() + ": rows of model " + row.model +
                      ", which summary.json does not list");
}

// The run's model `key` when summary.json lists it, of the architecture of `expected`.
std::optional<Model> load_run_model(const RunDirectory& run, const RunSummary& summary,
                                    const std::string& key, const Model& expected) {
  if (std::find(summary.models.begin(), summary.models.end(), key) == summary.models.end())
    return std::nullopt;
  const std::string name = key + ".kudzu";
  const std::string_view bytes = run.bytes(name);
  return decode_model({reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()},
                      (run.dir() / name).string(), expected);
}

int replot(const Options& options) {
  // Everything is read and checked before anything is drawn: a damaged run directory is
  // left as it was. The writer's lock comes first, so that no run commits meanwhile.
  const fs::path& dir = *options.replot_dir;
  check_memory_for_blas(compare_data_bytes);
  RunWriter output(dir, result_names());
  const RunDirectory run = RunDirectory::open(dir);
  const RunSummary summary = read_summary(run);
  const std::vector<EpochMetrics> epochs =
      parse_metrics_csv(run.bytes("metrics.csv"), dir / "metrics.csv");
  check_models_of(dir / "metrics.csv", epochs, summary);
  const std::vector<BatchLoss> batches =
      parse_batch_losses_csv(run.bytes("batch_losses.csv"), dir / "batch_losses.csv");
  check_models_of(dir / "batch_losses.csv", batches, summary);
  constexpr std::size_t pixels = 28 * 28;
  Rng rng(0);  // only the architectures are compared, not the weights
  const std::size_t classes = summary.digits.size();
  const std::optional<Model> network = load_run_model(
      run, summary, "nn", network_of(summary.network, classes, summary.embedding, rng));
  const std::optional<Model> regression =
      load_run_model(run, summary, "lr", linear_classifier(pixels, classes, rng));
  const DigitPair data = load_run_data(options.data_dir, summary.digits);
  const std::unique_ptr<ThreadPool> pool = pool_of(run_threads(0));
  draw_figures(collect_figure_data(data, summary.digits, network, regression, epochs, batches),
               output.staging(), pool.get());
  report_written(dir, output.commit(RunWriter::Previous::kept), options);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return kudzu::apps::options_main(
      "kudzu-compare", argc, argv, parse_options,
      [](const Options& options) { return options.replot_dir ? replot(options) : run(options); });
}
