#include "kudzu/metrics.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <set>
#include <sstream>

#include "kudzu/error.hpp"
#include "kudzu/files.hpp"

namespace kudzu {
namespace {

// Shortest text that reads back as the same float or double.
template <class Real>
std::string number_text(Real value) {
  char text[32];
  for (int precision = 6; precision <= 17; ++precision) {
    std::snprintf(text, sizeof text, "%.*g", precision, static_cast<double>(value));
    if (static_cast<Real>(std::strtod(text, nullptr)) == value) break;
  }
  return text;
}

constexpr std::string_view metrics_header = "model,epoch,loss,train_acc,test_acc,seconds";
constexpr std::string_view batch_losses_header = "model,epoch,batch,loss";

// Reads the CSV text of the file `path` with the given header; calls parse_row(fields,
// line_number) per row.
template <class ParseRow>
void read_csv(std::string_view text, const std::filesystem::path& path, std::string_view header,
              ParseRow parse_row) {
  std::istringstream in{std::string(text)};
  // A carriage return (a Windows line ending) would otherwise show up as an invisible
  // character at the end of a field's text.
  const auto no_carriage_return = [&](const std::string& line, int number) {
    if (line.find('\r') != std::string::npos)
      throw DataError(path.string() + ": line " + std::to_string(number) +
                      ": a carriage return (\\r, as in Windows line endings); lines must end "
                      "with \\n alone");
  };
  std::string line;
  const bool has_header = static_cast<bool>(std::getline(in, line));
  if (has_header) no_carriage_return(line, 1);
  if (!has_header || line != header)
    throw DataError(path.string() + ": line 1: expected the header '" + std::string(header) +
                    "', found '" + line + "'");
  const std::size_t columns = std::count(header.begin(), header.end(), ',') + 1;
  for (int number = 2; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    no_carriage_return(line, number);
    // Empty fields are kept: "a,b," is three fields, so a stray comma is refused.
    std::vector<std::string> fields(1);
    for (const char c : line) {
      if (c == ',')
        fields.emplace_back();
      else
        fields.back().push_back(c);
    }
    if (fields.size() != columns)
      throw DataError(path.string() + ": line " + std::to_string(number) + ": expected " +
                      std::to_string(columns) + " fields, found " + std::to_string(fields.size()));
    parse_row(fields, number);
  }
}

// "<file>: line N: <problem>", the one line every reading error is.
[[noreturn]] void fail(const std::filesystem::path& path, int line, const std::string& problem) {
  throw DataError(path.string() + ": line " + std::to_string(line) + ": " + problem);
}

double parse_number(const std::filesystem::path& path, int line, const std::string& field) {
  char* end = nullptr;
  const double value = std::strtod(field.c_str(), &end);
  if (field.empty() || *end != '\0') fail(path, line, "'" + field + "' is not a number");
  return value;
}

double parse_finite(const std::filesystem::path& path, int line, const std::string& column,
                    const std::string& field) {
  const double value = parse_number(path, line, field);
  if (!std::isfinite(value)) fail(path, line, column + " '" + field + "' is not a finite number");
  return value;
}

double parse_accuracy(const std::filesystem::path& path, int line, const std::string& column,
                      const std::string& field) {
  const double value = parse_number(path, line, field);
  if (!(value >= 0 && value <= 1))
    fail(path, line, column + " '" + field + "' is not an accuracy from 0 to 1");
  return value;
}

// Plain decimal digits only: no sign, space, exponent or hexadecimal, which strtod takes.
int parse_whole(const std::filesystem::path& path, int line, const std::string& field) {
  const bool digits = !field.empty() && field.size() <= 10 &&
                      field.find_first_not_of("0123456789") == std::string::npos;
  const long long value = digits ? std::stoll(field) : -1;
  if (value < 0 || value > 1'000'000'000)
    fail(path, line, "'" + field + "' is not a whole number (decimal digits up to 1000000000)");
  return static_cast<int>(value);
}

std::string parse_model(const std::filesystem::path& path, int line, const std::string& field) {
  if (field.empty()) fail(path, line, "the model name is empty");
  return field;
}

// What CSV written without quoting can carry: no comma, quote or control character.
void check_model_name(const char* writer, const std::string& name) {
  const bool plain = !name.empty() && std::none_of(name.begin(), name.end(), [](char c) {
    return c == ',' || c == '"' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  });
  if (!plain)
    throw UsageError(std::string(writer) + ": the model name '" + name +
                     "' cannot be written: a name must be non-empty and hold no comma, quote or "
                     "control character (such as a line break)");
}

// The position the next row of each model must have: epochs and batches count from 1.
struct Expected {
  std::string model;
  int epoch, batch;
};

Expected& expected_for(std::vector<Expected>& expected, const std::string& model) {
  for (Expected& e : expected)
    if (e.model == model) return e;
  return expected.emplace_back(Expected{model, 1, 1});
}

// `header`, then one line per row: the fields `cells` gives it, comma-separated. `writer`
// names the function in the error for a model name a CSV field cannot hold.
template <class Row, class Cells>
void write_csv(const std::filesystem::path& path, const char* writer, std::string_view header,
               const std::vector<Row>& rows, Cells cells) {
  std::string text = std::string(header) + '\n';
  for (const Row& row : rows) {
    check_model_name(writer, row.model);
    const std::vector<std::string> fields = cells(row);
    for (std::size_t i = 0; i < fields.size(); ++i) text += (i ? "," : "") + fields[i];
    text += '\n';
  }
  write_file_atomically(path, text);
}

}  // namespace

void write_metrics_csv(const std::filesystem::path& path, const std::vector<EpochMetrics>& rows) {
  write_csv(path, "write_metrics_csv", metrics_header, rows, [](const EpochMetrics& row) {
    return std::vector<std::string>{row.model,
                                    std::to_string(row.epoch),
                                    number_text(row.loss),
                                    number_text(row.train_accuracy),
                                    number_text(row.test_accuracy),
                                    number_text(row.seconds)};
  });
}

std::vector<EpochMetrics> read_metrics_csv(const std::filesystem::path& path) {
  return parse_metrics_csv(read_regular_file(path), path);
}

std::vector<EpochMetrics> parse_metrics_csv(std::string_view text,
                                            const std::filesystem::path& path) {
  std::vector<EpochMetrics> rows;
  std::vector<Expected> expected;
  read_csv(text, path, metrics_header, [&](const std::vector<std::string>& f, int line) {
    const EpochMetrics row = {parse_model(path, line, f[0]),
                              parse_whole(path, line, f[1]),
                              parse_finite(path, line, "loss", f[2]),
                              parse_accuracy(path, line, "train_acc", f[3]),
                              parse_accuracy(path, line, "test_acc", f[4]),
                              parse_finite(path, line, "seconds", f[5])};
    if (row.seconds < 0) fail(path, line, "seconds '" + f[5] + "' is negative");
    Expected& next = expected_for(expected, row.model);
    if (row.epoch != next.epoch)
      fail(path, line,
           "epoch " + f[1] + " of model " + row.model + " where epoch " +
               std::to_string(next.epoch) +
               " was expected (each model's epochs count 1, "
               "2, 3, ...)");
    ++next.epoch;
    rows.push_back(row);
  });
  return rows;
}

void write_batch_losses_csv(const std::filesystem::path& path, const std::vector<BatchLoss>& rows) {
  write_csv(path, "write_batch_losses_csv", batch_losses_header, rows, [](const BatchLoss& row) {
    return std::vector<std::string>{row.model, std::to_string(row.epoch), std::to_string(row.batch),
                                    number_text(row.loss)};
  });
}

std::vector<BatchLoss> read_batch_losses_csv(const std::filesystem::path& path) {
  return parse_batch_losses_csv(read_regular_file(path), path);
}

std::vector<BatchLoss> parse_batch_losses_csv(std::string_view text,
                                              const std::filesystem::path& path) {
  std::vector<BatchLoss> rows;
  std::vector<Expected> expected;
  read_csv(text, path, batch_losses_header, [&](const std::vector<std::string>& f, int line) {
    const BatchLoss row = {parse_model(path, line, f[0]), parse_whole(path, line, f[1]),
                           parse_whole(path, line, f[2]), parse_finite(path, line, "loss", f[3])};
    // The next batch of this epoch, or the first batch of the next epoch.
    Expected& next = expected_for(expected, row.model);
    const bool same_epoch = row.epoch == next.epoch && row.batch == next.batch;
    const bool next_epoch = next.batch > 1 && row.epoch == next.epoch + 1 && row.batch == 1;
    if (!same_epoch && !next_epoch)
      fail(path, line,
           "epoch " + f[1] + " batch " + f[2] + " of model " + row.model + " where epoch " +
               std::to_string(next.epoch) + " batch " + std::to_string(next.batch) +
               (next.batch > 1 ? " or epoch " + std::to_string(next.epoch + 1) + " batch 1" : "") +
               " was expected (epochs and batches count from 1)");
    next = {row.model, row.epoch, row.batch + 1};
    rows.push_back(row);
  });
  return rows;
}

}  // namespace kudzu
