#include "kudzu/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
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

// Reads a CSV file with the given header; calls parse_row(fields, line_number) per row.
template <class ParseRow>
void read_csv(const std::filesystem::path& path, const std::string& header, ParseRow parse_row) {
  std::ifstream in(path);
  if (!in) throw DataError(path.string() + ": cannot open the file");
  std::string line;
  if (!std::getline(in, line) || line != header)
    throw DataError(path.string() + ": line 1: expected the header '" + header + "', found '" +
                    line + "'");
  const std::size_t columns = std::count(header.begin(), header.end(), ',') + 1;
  for (int number = 2; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    std::vector<std::string> fields;
    std::stringstream stream(line);
    for (std::string field; std::getline(stream, field, ',');) fields.push_back(field);
    if (fields.size() != columns)
      throw DataError(path.string() + ": line " + std::to_string(number) + ": expected " +
                      std::to_string(columns) + " fields, found " + std::to_string(fields.size()));
    parse_row(fields, number);
  }
}

double parse_number(const std::filesystem::path& path, int line, const std::string& field) {
  char* end = nullptr;
  const double value = std::strtod(field.c_str(), &end);
  if (field.empty() || *end != '\0')
    throw DataError(path.string() + ": line " + std::to_string(line) + ": '" + field +
                    "' is not a number");
  return value;
}

int parse_whole(const std::filesystem::path& path, int line, const std::string& field) {
  const double value = parse_number(path, line, field);
  if (value != std::floor(value) || value < 0 || value > 1e9)
    throw DataError(path.string() + ": line " + std::to_string(line) + ": '" + field +
                    "' is not a whole number");
  return static_cast<int>(value);
}

}  // namespace

void write_metrics_csv(const std::filesystem::path& path, const std::vector<EpochMetrics>& rows) {
  std::string text = "model,epoch,loss,train_acc,test_acc,seconds\n";
  for (const EpochMetrics& row : rows)
    text += row.model + ',' + std::to_string(row.epoch) + ',' + number_text(row.loss) + ',' +
            number_text(row.train_accuracy) + ',' + number_text(row.test_accuracy) + ',' +
            number_text(row.seconds) + '\n';
  write_file_atomically(path, text);
}

std::vector<EpochMetrics> read_metrics_csv(const std::filesystem::path& path) {
  std::vector<EpochMetrics> rows;
  read_csv(path, "model,epoch,loss,train_acc,test_acc,seconds",
           [&](const std::vector<std::string>& f, int line) {
             rows.push_back({f[0], parse_whole(path, line, f[1]), parse_number(path, line, f[2]),
                             parse_number(path, line, f[3]), parse_number(path, line, f[4]),
                             parse_number(path, line, f[5])});
           });
  return rows;
}

void write_batch_losses_csv(const std::filesystem::path& path, const std::vector<BatchLoss>& rows) {
  std::string text = "model,epoch,batch,loss\n";
  for (const BatchLoss& row : rows)
    text += row.model + ',' + std::to_string(row.epoch) + ',' + std::to_string(row.batch) + ',' +
            number_text(row.loss) + '\n';
  write_file_atomically(path, text);
}

std::vector<BatchLoss> read_batch_losses_csv(const std::filesystem::path& path) {
  std::vector<BatchLoss> rows;
  read_csv(path, "model,epoch,batch,loss", [&](const std::vector<std::string>& f, int line) {
    rows.push_back({f[0], parse_whole(path, line, f[1]), parse_whole(path, line, f[2]),
                    parse_number(path, line, f[3])});
  });
  return rows;
}

Json::Json(float value) : value_(std::strtod(number_text(value).c_str(), nullptr)) {}

std::string Json::dump() const {
  std::string out;
  dump(out, 0);
  return out + '\n';
}

void Json::dump(std::string& out, int indent) const {
  const std::string pad(2 * (indent + 1), ' '), closing_pad(2 * indent, ' ');
  auto quoted = [&](const std::string& text) {
    out += '"';
    for (const char c : text) {
      if (c == '"' || c == '\\') {
        out += '\\';
        out += c;
      } else if (static_cast<unsigned char>(c) < 0x20) {
        char escape[8];
        std::snprintf(escape, sizeof escape, "\\u%04x", c);
        out += escape;
      } else {
        out += c;
      }
    }
    out += '"';
  };
  if (std::holds_alternative<std::nullptr_t>(value_)) {
    out += "null";
  } else if (const bool* b = std::get_if<bool>(&value_)) {
    out += *b ? "true" : "false";
  } else if (const double* d = std::get_if<double>(&value_)) {
    out += std::isfinite(*d) ? number_text(*d) : "null";  // JSON has no NaN or infinity
  } else if (const std::string* s = std::get_if<std::string>(&value_)) {
    quoted(*s);
  } else if (const Array* array = std::get_if<Array>(&value_)) {
    out += '[';
    for (std::size_t i = 0; i < array->size(); ++i) {
      out += i ? ", " : "";
      (*array)[i].dump(out, indent + 1);
    }
    out += ']';
  } else {
    const Object& object = std::get<Object>(value_);
    out += "{\n";
    for (std::size_t i = 0; i < object.size(); ++i) {
      out += pad;
      quoted(object[i].first);
      out += ": ";
      object[i].second.dump(out, indent + 1);
      out += i + 1 < object.size() ? ",\n" : "\n";
    }
    out += closing_pad + '}';
  }
}

}  // namespace kudzu
