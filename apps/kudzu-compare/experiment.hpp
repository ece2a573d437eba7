// Training one model of the comparison and collecting its figures.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "kudzu/metrics.hpp"
#include "kudzu/mnist.hpp"
#include "kudzu/nn.hpp"
#include "kudzu/thread_pool.hpp"
#include "options.hpp"

namespace kudzu::compare {

// "logistic regression" for two classes, "softmax regression" for more.
std::string regression_title(std::size_t classes);

// A model's layer sizes through its affine layers and its layer kinds, e.g.
// "784-1 (affine, sigmoid)": what tells one architecture from another in messages.
std::string describe_architecture(const Model& model);

struct ModelRun {
  std::string key;    // "nn" or "lr": the name in files
  std::string title;  // "network", "logistic regression" or "softmax regression"
  Model model;
  std::vector<EpochMetrics> epochs;
  std::vector<BatchLoss> batches;
  double train_seconds = 0;  // training and per-epoch evaluation
  double train_accuracy = 0, test_accuracy = 0, combined_accuracy = 0, final_loss = 0;
};

// Where a model's training reports and what helps it.
struct TrainingSetting {
  std::ostream* out = nullptr;  // its title and per-epoch lines; nullptr: nothing
  bool progress = false;        // the progress bar on stderr
  ThreadPool* pool = nullptr;   // evaluates each epoch while the next trains; nullptr: inline
};

// Trains `model` with the options' optimizer, epochs, batch size and seed (so both models
// see the same batches in the same order), evaluating train and test sets every epoch. A
// sigmoid model learns with binary cross-entropy against 0/1 labels; a softmax model through
// its logits (the layers before the softmax) with cross-entropy against class indices.
// Throws kudzu::Error, one line suggesting a smaller --lr, when the loss diverges.
ModelRun train_model(std::string key, std::string title, Model model, const DigitPair& data,
                     const Options& options, const TrainingSetting& setting);

}  // namespace kudzu::compare
