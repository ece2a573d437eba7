// The figures of a training run and their files: metrics.csv (one row per model and
// epoch) and batch_losses.csv (one row per batch).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace kudzu {

// Epochs and batches count from 1, as printed during training: epoch N holds the figures
// after N epochs of training, batch B is the B-th batch of its epoch.
struct EpochMetrics {
  std::string model;
  int epoch = 0;
  double loss = 0, train_accuracy = 0, test_accuracy = 0, seconds = 0;
};

struct BatchLoss {
  std::string model;
  int epoch = 0, batch = 0;
  double loss = 0;
};

// Columns model,epoch,loss,train_acc,test_acc,seconds. Written atomically. UsageError for a
// model name CSV cannot carry unquoted (empty, or holding a comma, a quote or a control
// character such as a line break).
void write_metrics_csv(const std::filesystem::path& path, const std::vector<EpochMetrics>& rows);
// Throws DataError naming the file (a regular file: see read_regular_file) and line on
// anything unexpected: a missing or extra
// field, a value that is not a number, a loss or duration that is not finite (or a negative
// duration), an accuracy outside [0, 1], or epochs of a model that do not count 1, 2, 3, ...
std::vector<EpochMetrics> read_metrics_csv(const std::filesystem::path& path);
// The same of the file's text; errors name `path`.
std::vector<EpochMetrics> parse_metrics_csv(std::string_view text,
                                            const std::filesystem::path& path);

// Columns model,epoch,batch,loss. Written atomically; model names as write_metrics_csv.
void write_batch_losses_csv(const std::filesystem::path& path, const std::vector<BatchLoss>& rows);
// DataError as read_metrics_csv: each model's rows run epoch 1 batch 1, 2, ..., then epoch 2
// batch 1, ...; every loss is finite.
std::vector<BatchLoss> read_batch_losses_csv(const std::filesystem::path& path);
std::vector<BatchLoss> parse_batch_losses_csv(std::string_view text,
                                              const std::filesystem::path& path);

}  // namespace kudzu
