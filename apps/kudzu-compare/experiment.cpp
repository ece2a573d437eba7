#include "experiment.hpp"

#include <chrono>
#include <memory>
#include <ostream>
#include <sstream>

#include "kudzu/data.hpp"
#include "kudzu/learner.hpp"
#include "kudzu/loss.hpp"
#include "kudzu/optim.hpp"

namespace kudzu::compare {
namespace {

// Rows per forward pass when evaluating (under NoGrad); accuracies do not depend on it.
constexpr std::size_t evaluation_batch_size = 2000;

std::unique_ptr<Optimizer> make_optimizer(const Options& options) {
  if (options.optimizer == "momentum") return std::make_unique<Momentum>(options.learning_rate);
  if (options.optimizer == "adam") return std::make_unique<Adam>(options.learning_rate);
  return std::make_unique<GD>(options.learning_rate);
}

}  // namespace

std::string regression_title(std::size_t classes) {
  return classes == 2 ? "logistic regression" : "softmax regression";
}

std::string describe_architecture(const Model& model) {
  std::string sizes, kinds;
  for (const Layer& layer : model.layers()) {
    if (!kinds.empty()) kinds += ", ";
    kinds += layer.kind();
    if (layer.kind() != "affine") continue;
    const Shape& w = layer.parameters().front().value.shape();  // {nin, nout}
    if (sizes.empty()) sizes = std::to_string(w[0]);
    sizes += '-';
    sizes += std::to_string(w[1]);
  }
  return (sizes.empty() ? "no affine layer" : sizes) + " (" + kinds + ")";
}

ModelRun train_model(std::string key, std::string title, Model model, const DigitPair& data,
                     const Options& options, const TrainingSetting& setting) {
  ModelRun run{std::move(key), std::move(title), model, {}, {}};
  const Data train_data(data.x_train, data.y_train);
  const Data test_data(data.x_test, data.y_test);
  // The same seed for both models: they see the same batches in the same order.
  Sampler sampler(train_data, options.batch_size, /*shuffle=*/true, options.seed);
  Dataloader train_dl(train_data, sampler);
  // A softmax model learns through its logits, which share its parameters: cross_entropy
  // takes logits, and computes the log-probabilities stably from them.
  const bool softmax = model.layers().back().kind() == "softmax";
  Model trained = softmax ? model.slice(0, -1) : model;
  const BCE binary;
  const CrossEntropy classes;
  const Loss& loss = softmax ? static_cast<const Loss&>(classes) : binary;
  const std::unique_ptr<Optimizer> optimizer = make_optimizer(options);
  Learner learner(loss, trained, *optimizer, options.epochs);
  learner.set_progress(setting.progress);
  AccCallback acc(learner, evaluation_batch_size, test_data);
  acc.set_output(setting.out);
  acc.set_pool(setting.pool);
  if (setting.out) *setting.out << "\n" << run.title << "\n";
  // A constant rate (the default) adds no callback: the run is the same as before the option.
  LearningRateDecay decay(learner, options.learning_rate_decay);
  if (options.learning_rate_decay == 1)
    learner.set_callbacks({&acc});
  else
    learner.set_callbacks({&acc, &decay});

  const auto start = std::chrono::steady_clock::now();
  try {
    learner.train_loop(train_dl);
  } catch (const NonFiniteLossError& error) {
    // A diverged model has nothing worth comparing or drawing: the run writes nothing.
    std::ostringstream message;
    message << "training the " << run.title << " diverged: its loss was not finite at epoch "
            << error.epoch + 1 << "/" << options.epochs << ", batch " << error.batch + 1 << "/"
            << train_dl.num_batches() << " with --lr " << options.learning_rate
            << "; no results were written; try a smaller --lr, such as "
            << options.learning_rate / 10;
    throw Error(message.str());
  }
  run.train_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  // Counted from 1 in the files, as on the console: epoch N is the state after N epochs.
  const std::size_t batches = train_dl.num_batches();
  for (std::size_t epoch = 0; epoch < acc.losses.size(); ++epoch)
    run.epochs.push_back({run.key, static_cast<int>(epoch + 1), acc.losses[epoch],
                          acc.accuracies[epoch], acc.test_accuracies[epoch],
                          acc.epoch_seconds[epoch]});
  for (std::size_t i = 0; i < acc.batch_losses.size(); ++i)
    run.batches.push_back({run.key, static_cast<int>(i / batches + 1),
                           static_cast<int>(i % batches + 1), acc.batch_losses[i]});
  const std::size_t train_rows = train_data.size(), test_rows = test_data.size();
  run.final_loss = acc.losses.back();
  run.train_accuracy = acc.accuracies.back();
  run.test_accuracy = acc.test_accuracies.back();
  run.combined_accuracy = (run.train_accuracy * train_rows + run.test_accuracy * test_rows) /
                          static_cast<double>(train_rows + test_rows);
  return run;
}

}  // namespace kudzu::compare
