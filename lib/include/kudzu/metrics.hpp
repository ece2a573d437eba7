// The figures of a training run and their files: metrics.csv (one row per model and
// epoch), batch_losses.csv (one row per batch) and a small JSON writer for summaries.
#pragma once

#include <concepts>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
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

// Columns model,epoch,loss,train_acc,test_acc,seconds. Written atomically. UsageError for a
// model name CSV cannot carry unquoted (empty, or holding a comma, a quote or a control
// character such as a line break).
void write_metrics_csv(const std::filesystem::path& path, const std::vector<EpochMetrics>& rows);
// Throws DataError naming the file and line on anything unexpected: a missing or extra
// field, a value that is not a number, a loss or duration that is not finite (or a negative
// duration), an accuracy outside [0, 1], or epochs of a model that do not count 1, 2, 3, ...
std::vector<EpochMetrics> read_metrics_csv(const std::filesystem::path& path);

// Columns model,epoch,batch,loss. Written atomically; model names as write_metrics_csv.
void write_batch_losses_csv(const std::filesystem::path& path, const std::vector<BatchLoss>& rows);
// DataError as read_metrics_csv: each model's rows run epoch 1 batch 1, 2, ..., then epoch 2
// batch 1, ...; every loss is finite.
std::vector<BatchLoss> read_batch_losses_csv(const std::filesystem::path& path);

// A JSON value: built in code and printed with two-space indentation (objects keep the order
// their members were added in), or parsed from text.
//
//   Json summary(Json::Object{{"epochs", 200}, {"digits", Json::Array{3, 8}}});
//   std::string text = summary.dump();
//   Json back = Json::parse(text, "summary.json");
//   const Json* epochs = back.find("epochs");          // nullptr when there is none
//   std::optional<long long> n = epochs->integer();    // 200
class Json {
 public:
  using Object = std::vector<std::pair<std::string, Json>>;
  using Array = std::vector<Json>;

  Json() = default;  // null
  Json(bool value) : value_(value) {}
  Json(double value) : value_(value) {}
  Json(float value);  // printed as the float's shortest text: 0.001f as 0.001
  // Every integer type (int, std::int64_t, std::size_t, ...), printed exactly.
  template <std::integral Integer>
  requires(!std::same_as<Integer, bool>) Json(Integer value) {
    if constexpr (std::is_signed_v<Integer>)
      value_ = static_cast<long long>(value);
    else
      value_ = static_cast<unsigned long long>(value);
  }
  Json(const char* value) : value_(std::string(value)) {}
  Json(std::string value) : value_(std::move(value)) {}
  Json(Array value) : value_(std::move(value)) {}
  Json(Object value) : value_(std::move(value)) {}

  std::string dump() const;

  // Parses a whole JSON text (RFC 8259, strings in UTF-8; at most 256 levels of nesting,
  // numbers within a double's range, each member name once per object). Throws DataError
  // "<name>: line N: <what was expected>, found <what>" (or "<name>: line N: <problem>") on
  // the first error.
  static Json parse(std::string_view text, const std::string& name);

  // Reading a value: each gives nothing when the value is of another kind.
  const Json* find(std::string_view key) const;  // an object's first member of that name
  const Array* array() const;
  const std::string* string() const;
  std::optional<double> number() const;      // any number
  std::optional<long long> integer() const;  // a whole number that a long long holds

 private:
  void dump(std::string& out, int indent) const;
  std::variant<std::nullptr_t, bool, double, long long, unsigned long long, std::string, Array,
               Object>
      value_;
};

}  // namespace kudzu
