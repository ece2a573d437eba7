// The figures of a training run and their files: metrics.csv (one row per model and
// epoch), batch_losses.csv (one row per batch) and a small JSON writer for summaries.
#pragma once

#include <filesystem>
#include <initializer_list>
#include <string>
#include <utility>
#include <variant>
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

// Columns model,epoch,loss,train_acc,test_acc,seconds. Written atomically.
void write_metrics_csv(const std::filesystem::path& path, const std::vector<EpochMetrics>& rows);
// Throws DataError naming the file, line and column on anything unexpected.
std::vector<EpochMetrics> read_metrics_csv(const std::filesystem::path& path);

// Columns model,epoch,batch,loss. Written atomically.
void write_batch_losses_csv(const std::filesystem::path& path, const std::vector<BatchLoss>& rows);
std::vector<BatchLoss> read_batch_losses_csv(const std::filesystem::path& path);

// A JSON value built in code and printed with two-space indentation; objects keep the
// order their members were added in.
class Json {
 public:
  using Object = std::vector<std::pair<std::string, Json>>;
  using Array = std::vector<Json>;

  Json() = default;  // null
  Json(bool value) : value_(value) {}
  Json(double value) : value_(value) {}
  Json(float value);  // printed as the float's shortest text: 0.001f as 0.001
  Json(int value) : value_(static_cast<double>(value)) {}
  Json(long long value) : value_(static_cast<double>(value)) {}
  Json(std::size_t value) : value_(static_cast<double>(value)) {}
  Json(const char* value) : value_(std::string(value)) {}
  Json(std::string value) : value_(std::move(value)) {}
  Json(Array value) : value_(std::move(value)) {}
  Json(Object value) : value_(std::move(value)) {}

  std::string dump() const;

 private:
  void dump(std::string& out, int indent) const;
  std::variant<std::nullptr_t, bool, double, std::string, Array, Object> value_;
};

}  // namespace kudzu
