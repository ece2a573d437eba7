#include "kudzu/metrics.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <set>

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
    throw DataError(path.string() + ": line 1: expected the header '" + header + "', found '" +
                    line + "'");
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

}  // namespace

void write_metrics_csv(const std::filesystem::path& path, const std::vector<EpochMetrics>& rows) {
  std::string text = "model,epoch,loss,train_acc,test_acc,seconds\n";
  for (const EpochMetrics& row : rows) {
    check_model_name("write_metrics_csv", row.model);
    text += row.model + ',' + std::to_string(row.epoch) + ',' + number_text(row.loss) + ',' +
            number_text(row.train_accuracy) + ',' + number_text(row.test_accuracy) + ',' +
            number_text(row.seconds) + '\n';
  }
  write_file_atomically(path, text);
}

std::vector<EpochMetrics> read_metrics_csv(const std::filesystem::path& path) {
  std::vector<EpochMetrics> rows;
  std::vector<Expected> expected;
  read_csv(path, "model,epoch,loss,train_acc,test_acc,seconds",
           [&](const std::vector<std::string>& f, int line) {
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
  std::string text = "model,epoch,batch,loss\n";
  for (const BatchLoss& row : rows) {
    check_model_name("write_batch_losses_csv", row.model);
    text += row.model + ',' + std::to_string(row.epoch) + ',' + std::to_string(row.batch) + ',' +
            number_text(row.loss) + '\n';
  }
  write_file_atomically(path, text);
}

std::vector<BatchLoss> read_batch_losses_csv(const std::filesystem::path& path) {
  std::vector<BatchLoss> rows;
  std::vector<Expected> expected;
  read_csv(path, "model,epoch,batch,loss", [&](const std::vector<std::string>& f, int line) {
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
  } else if (const long long* i = std::get_if<long long>(&value_)) {
    out += std::to_string(*i);
  } else if (const unsigned long long* u = std::get_if<unsigned long long>(&value_)) {
    out += std::to_string(*u);
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

namespace {

// A recursive-descent reader of one JSON text, with the line of each error.
class JsonParser {
 public:
  JsonParser(std::string_view text, const std::string& name) : text_(text), name_(name) {}

  Json whole() {
    Json value = parse_value(0);
    skip_space();
    if (at_ < text_.size()) fail("the end of the text after the value");
    return value;
  }

 private:
  static constexpr int max_depth = 256;

  long line() const { return 1 + std::count(text_.begin(), text_.begin() + at_, '\n'); }

  // "<name>: line N: <problem> (not valid JSON)", for errors that are not a character out
  // of place.
  [[noreturn]] void fail_because(const std::string& problem) const {
    throw DataError(name_ + ": line " + std::to_string(line()) + ": " + problem +
                    " (not valid JSON)");
  }

  [[noreturn]] void fail(const std::string& expected) const {
    std::string found = "the end of the file";
    if (at_ < text_.size()) {
      const auto c = static_cast<unsigned char>(text_[at_]);
      char description[32];
      if (c >= 0x20 && c < 0x7f)
        std::snprintf(description, sizeof description, "'%c'", c);
      else
        std::snprintf(description, sizeof description, "byte 0x%02x", c);
      found = description;
    }
    throw DataError(name_ + ": line " + std::to_string(line()) + ": expected " + expected +
                    ", found " + found + " (not valid JSON)");
  }

  void skip_space() {
    while (at_ < text_.size() &&
           (text_[at_] == ' ' || text_[at_] == '\t' || text_[at_] == '\n' || text_[at_] == '\r'))
      ++at_;
  }
  bool take(char c) {
    if (at_ < text_.size() && text_[at_] == c) return ++at_, true;
    return false;
  }
  void expect(char c, const char* what) {
    if (!take(c)) fail(what);
  }

  Json parse_value(int depth) {
    skip_space();
    if (at_ >= text_.size()) fail("a value");
    const char c = text_[at_];
    // depth counts the arrays and objects around this value.
    if ((c == '{' || c == '[') && depth >= max_depth) fail("at most 256 levels of nesting");
    if (c == '{') return parse_object(depth);
    if (c == '[') return parse_array(depth);
    if (c == '"') return Json(parse_string());
    if (c == '-' || (c >= '0' && c <= '9')) return parse_number();
    for (const auto& [word, value] : {std::pair<std::string_view, Json>{"true", Json(true)},
                                      {"false", Json(false)},
                                      {"null", Json()}}) {
      if (text_.substr(at_, word.size()) == word) {
        at_ += word.size();
        return value;
      }
    }
    fail("a value");
  }

  // open, elements separated by commas, close: what arrays and objects share.
  template <class ParseElement>
  void parse_sequence(char open, char close, const char* expected_after,
                      ParseElement parse_element) {
    expect(open, open == '{' ? "'{'" : "'['");
    skip_space();
    if (take(close)) return;
    do {
      skip_space();
      parse_element();
      skip_space();
    } while (take(','));
    expect(close, expected_after);
  }

  Json parse_object(int depth) {
    Json::Object members;
    std::set<std::string> names;
    parse_sequence('{', '}', "',' or '}' after an object member", [&] {
      if (at_ >= text_.size() || text_[at_] != '"') fail("a member name in quotes");
      std::string key = parse_string();
      if (!names.insert(key).second) {
        std::string shown = key.substr(0, 60);
        for (char& c : shown)
          if (static_cast<unsigned char>(c) < 0x20) c = '?';
        fail_because("the member name '" + shown + "' appears twice in an object");
      }
      skip_space();
      expect(':', "':' after a member name");
      members.emplace_back(std::move(key), parse_value(depth + 1));
    });
    return Json(std::move(members));
  }

  Json parse_array(int depth) {
    Json::Array items;
    parse_sequence('[', ']', "',' or ']' after an array element",
                   [&] { items.push_back(parse_value(depth + 1)); });
    return Json(std::move(items));
  }

  unsigned hex_digits() {
    unsigned code = 0;
    for (int i = 0; i < 4; ++i, ++at_) {
      const char c = at_ < text_.size() ? text_[at_] : '\0';
      const int digit = c >= '0' && c <= '9'   ? c - '0'
                        : c >= 'a' && c <= 'f' ? c - 'a' + 10
                        : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                               : -1;
      if (digit < 0) fail("four hexadecimal digits after \\u");
      code = code * 16 + static_cast<unsigned>(digit);
    }
    return code;
  }

  static void append_utf8(std::string& out, unsigned code) {
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xc0 | (code >> 6));
      out += static_cast<char>(0x80 | (code & 0x3f));
    } else if (code < 0x10000) {
      out += static_cast<char>(0xe0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (code & 0x3f));
    } else {
      out += static_cast<char>(0xf0 | (code >> 18));
      out += static_cast<char>(0x80 | ((code >> 12) & 0x3f));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (code & 0x3f));
    }
  }

  // The continuation bytes of the UTF-8 sequence that `lead` (already taken, a byte of 0x80
  // or more) starts, appended to out; RFC 8259 (section 8.1) requires valid UTF-8: no
  // overlong forms, surrogates or code points beyond U+10FFFF.
  void take_utf8_rest(char lead, std::string& out) {
    const auto byte = [](char c) { return static_cast<unsigned char>(c); };
    const unsigned b = byte(lead);
    const int more = b >= 0xc2 && b <= 0xdf   ? 1
                     : b >= 0xe0 && b <= 0xef ? 2
                     : b >= 0xf0 && b <= 0xf4 ? 3
                                              : -1;
    // The allowed range of the second byte, narrower after E0, ED, F0 and F4.
    const unsigned low = b == 0xe0 ? 0xa0 : b == 0xf0 ? 0x90 : 0x80;
    const unsigned high = b == 0xed ? 0x9f : b == 0xf4 ? 0x8f : 0xbf;
    --at_;  // errors point at the lead byte
    bool valid = more > 0 && at_ + more < text_.size();
    for (int i = 1; valid && i <= more; ++i) {
      const unsigned next = byte(text_[at_ + i]);
      valid = i == 1 ? next >= low && next <= high : next >= 0x80 && next <= 0xbf;
    }
    if (!valid) fail("a character of a string in UTF-8");
    out.append(text_.substr(at_ + 1, more));
    at_ += 1 + more;
  }

  std::string parse_string() {
    expect('"', "'\"'");
    std::string out;
    while (true) {
      if (at_ >= text_.size()) fail("the closing '\"' of a string");
      const char c = text_[at_];
      if (static_cast<unsigned char>(c) < 0x20)
        fail("a character of a string (control characters must be escaped)");
      ++at_;
      if (c == '"') return out;
      if (c != '\\') {
        out += c;
        if (static_cast<unsigned char>(c) >= 0x80) take_utf8_rest(c, out);
        continue;
      }
      const char escape = at_ < text_.size() ? text_[at_] : '\0';
      const std::string_view simple = "\"\\/bfnrt", meaning = "\"\\/\b\f\n\r\t";
      if (const std::size_t k = simple.find(escape);
          escape != '\0' && k != std::string_view::npos) {
        out += meaning[k];
        ++at_;
      } else if (escape == 'u') {
        ++at_;
        unsigned code = hex_digits();
        if (code >= 0xdc00 && code < 0xe000)
          fail_because("a low surrogate (\\uDC00 to \\uDFFF) without a high one before it");
        if (code >= 0xd800 && code < 0xdc00) {  // a surrogate pair: the low half must follow
          if (!take('\\') || !take('u'))
            fail("the low half of a surrogate pair (\\uDC00 to \\uDFFF)");
          const unsigned low = hex_digits();
          if (low < 0xdc00 || low >= 0xe000)
            fail("the low half of a surrogate pair (\\uDC00 to \\uDFFF)");
          code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        }
        append_utf8(out, code);
      } else {
        fail("an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
      }
    }
  }

  // -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
  Json parse_number() {
    const std::size_t start = at_;
    auto digits = [&] {
      const std::size_t first = at_;
      while (at_ < text_.size() && text_[at_] >= '0' && text_[at_] <= '9') ++at_;
      return at_ > first;
    };
    take('-');
    if (take('0')) {
      // no more digits may follow a leading zero
    } else if (!digits()) {
      fail("a digit");
    }
    bool whole = true;
    if (take('.')) {
      whole = false;
      if (!digits()) fail("a digit after the decimal point");
    }
    if (take('e') || take('E')) {
      whole = false;
      if (!take('+')) take('-');
      if (!digits()) fail("a digit in the exponent");
    }
    const std::string literal(text_.substr(start, at_ - start));
    if (whole && literal != "-0") {  // -0 is a double: a negative zero no integer holds
      errno = 0;
      char* end = nullptr;
      if (literal[0] == '-') {
        const long long value = std::strtoll(literal.c_str(), &end, 10);
        if (errno == 0) return Json(value);
      } else {
        const unsigned long long value = std::strtoull(literal.c_str(), &end, 10);
        if (errno == 0) return Json(value);
      }
    }
    const double value = std::strtod(literal.c_str(), nullptr);  // a tiny one rounds to 0
    if (std::isinf(value)) {
      at_ = start;
      fail_because("the number " + literal.substr(0, 40) + " is beyond the range of a double");
    }
    return Json(value);
  }

  std::string_view text_;
  const std::string& name_;
  std::size_t at_ = 0;
};

}  // namespace

Json Json::parse(std::string_view text, const std::string& name) {
  return JsonParser(text, name).whole();
}

const Json* Json::find(std::string_view key) const {
  if (const Object* object = std::get_if<Object>(&value_))
    for (const auto& [name, value] : *object)
      if (name == key) return &value;
  return nullptr;
}

const Json::Array* Json::array() const { return std::get_if<Array>(&value_); }

const std::string* Json::string() const { return std::get_if<std::string>(&value_); }

std::optional<double> Json::number() const {
  if (const double* d = std::get_if<double>(&value_)) return *d;
  if (const long long* i = std::get_if<long long>(&value_)) return static_cast<double>(*i);
  if (const unsigned long long* u = std::get_if<unsigned long long>(&value_))
    return static_cast<double>(*u);
  return std::nullopt;
}

std::optional<long long> Json::integer() const {
  if (const long long* i = std::get_if<long long>(&value_)) return *i;
  if (const unsigned long long* u = std::get_if<unsigned long long>(&value_))
    if (*u <= static_cast<unsigned long long>(std::numeric_limits<long long>::max()))
      return static_cast<long long>(*u);
  if (const double* d = std::get_if<double>(&value_))
    if (*d == std::floor(*d) && std::abs(*d) < 9e15) return static_cast<long long>(*d);
  return std::nullopt;
}

}  // namespace kudzu
