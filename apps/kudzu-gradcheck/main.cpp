// kudzu-gradcheck: checks every op's gradient against central differences and prints one
// row per op and case. The cases are the catalogue the test suite runs
// (lib/src/core/gradcheck_cases.cpp).
#include <boost/program_options.hpp>
#include <cstdio>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "command_line.hpp"
#include "kudzu/blas.hpp"
#include "kudzu/error.hpp"
#include "kudzu/gradcheck_cases.hpp"

namespace {

namespace po = boost::program_options;
namespace cases = kudzu::gradcheck_cases;
using kudzu::GradcheckOptions;

const char* const usage =
    "usage: kudzu-gradcheck [--filter SUBSTRING] [--list] [--verbose] [--help]";

// The inputs column wraps longer lists of shapes onto continuation lines.
constexpr std::size_t shapes_column_limit = 28;

const char* const about =
    R"(Checks the gradient of every Kudzu op, one row per op and input pattern.

For each case the inputs are drawn from a generator seeded by the case's name (so a row
always sees the same numbers), made double-precision leaves, and the function is
differentiated twice:
  - analytically: backward passes through the tape, one per output element, seeded with
    that element's unit vector, give the whole Jacobian;
  - numerically: each input element is moved by +eps and -eps and the output difference is
    divided by 2 eps (central differences, in double precision, eps = 1e-6).
An entry passes when |analytic - numeric| <= atol + rtol * |numeric| with atol = 1e-5 and
rtol = 1e-3 (PyTorch's gradcheck defaults); a row passes when every entry does.

Inputs are kept where the derivative exists: positive for log, sqrt and fractional powers,
away from 0 for relu, abs and division, away from the bounds of clamp, without ties for max.
Large inputs (the 784-wide weights of the network rows) are sampled: a seeded choice of
elements is perturbed, and the "note" column says so. The columns:
  op, case        the op and the input pattern (broadcasting, axis, ...)
  inputs          the shape of every differentiated input
  max abs error   the largest |analytic - numeric| over the Jacobian
  max rel error   the same relative to |numeric|, over entries with |numeric| > atol
The program exits 1 if any row fails, 2 on a command-line error.

Options)";

struct Row {
  const cases::Case* c;
  std::vector<std::string> shapes;  // the inputs column, one entry per line
  std::string note;
};

// "{784,100} {1,100} {100,100}" -> lines of at most `limit` characters (a longer single shape
// gets a line of its own).
std::vector<std::string> wrap_shapes(const std::vector<kudzu::Shape>& shapes, std::size_t limit) {
  std::vector<std::string> lines(1);
  for (const kudzu::Shape& shape : shapes) {
    const std::string text = shape.str();
    if (!lines.back().empty() && lines.back().size() + 1 + text.size() > limit)
      lines.emplace_back();
    lines.back() += (lines.back().empty() ? "" : " ") + text;
  }
  return lines;
}

std::string note_for(const GradcheckOptions& options) {
  const GradcheckOptions defaults;
  std::string note;
  const auto add = [&note](const std::string& part) { note += (note.empty() ? "" : ", ") + part; };
  if (options.max_elements_per_input)
    add("sampled: " + std::to_string(options.max_elements_per_input) + " elements per input");
  char text[64];
  if (options.eps != defaults.eps)
    add((std::snprintf(text, sizeof text, "eps %g", options.eps), text));
  if (options.atol != defaults.atol)
    add((std::snprintf(text, sizeof text, "atol %g", options.atol), text));
  if (options.rtol != defaults.rtol)
    add((std::snprintf(text, sizeof text, "rtol %g", options.rtol), text));
  return note;
}

std::string pad(const std::string& text, std::size_t width) {
  return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

std::string scientific(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1e", value);
  return text;
}

int run(const std::string& filter, bool list_only, bool verbose) {
  std::vector<Row> rows;
  for (const cases::Case& c : cases::catalogue()) {
    if (c.name().find(filter) == std::string::npos) continue;
    std::vector<kudzu::Shape> shapes;
    for (const kudzu::TensorD& input : cases::inputs_of(c)) shapes.push_back(input.shape());
    rows.push_back(Row{&c, wrap_shapes(shapes, shapes_column_limit), note_for(c.options)});
  }
  if (rows.empty()) {
    std::cerr << "kudzu-gradcheck: no case matches --filter '" << filter
              << "' (--list shows them all)\n";
    return 2;
  }

  // Columns: op, case, inputs, then the results (or the note alone for --list).
  std::vector<std::size_t> widths = {2, 4, 6, 13, 13, 6};
  for (const Row& row : rows) {
    widths[0] = std::max(widths[0], row.c->op.size());
    widths[1] = std::max(widths[1], row.c->variant.size());
    for (const std::string& line : row.shapes) widths[2] = std::max(widths[2], line.size());
  }
  // One line of the table: cells padded to their column, no trailing blanks.
  const auto print = [&widths](const std::vector<std::string>& cells) {
    std::string line;
    for (std::size_t i = 0; i < cells.size(); ++i)
      line += (i ? "  " : "") + (i + 1 < cells.size() ? pad(cells[i], widths[i]) : cells[i]);
    line.erase(line.find_last_not_of(' ') + 1);
    std::cout << line << '\n';
  };
  const auto print_more_shapes = [&print](const Row& row) {
    for (std::size_t i = 1; i < row.shapes.size(); ++i) print({"", "", row.shapes[i]});
  };

  if (list_only) {
    print({"op", "case", "inputs", "note"});
    for (const Row& row : rows) {
      print({row.c->op, row.c->variant, row.shapes[0], row.note});
      print_more_shapes(row);
    }
    std::cout << rows.size() << " cases\n";
    return 0;
  }

  print({"op", "case", "inputs", "max abs error", "max rel error", "result", "note"});
  std::vector<std::string> failures;
  for (const Row& row : rows) {
    try {
      const cases::Result result = cases::run(*row.c);
      print({row.c->op, row.c->variant, row.shapes[0], scientific(result.max_abs_error),
             scientific(result.max_rel_error), result.report.passed ? "PASS" : "FAIL", row.note});
      print_more_shapes(row);
      if (verbose) std::cout << result.report.summary();
      if (!result.report.passed)
        failures.push_back(row.c->name() + ":\n" + result.report.summary());
    } catch (const std::exception& error) {
      print({row.c->op, row.c->variant, row.shapes[0], "-", "-", "FAIL", "threw an exception"});
      print_more_shapes(row);
      failures.push_back(row.c->name() + ": threw: " + error.what() + "\n");
    }
  }

  std::cout << '\n'
            << rows.size() << " rows: " << rows.size() - failures.size() << " PASS, "
            << failures.size() << " FAIL (central differences in double, eps 1e-6; an entry "
            << "passes when |analytic - numeric| <= 1e-5 + 1e-3 |numeric| unless its note says "
               "otherwise)\n";
  for (const std::string& failure : failures) std::cout << '\n' << failure;
  return failures.empty() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  return kudzu::apps::guarded_main("kudzu-gradcheck", [&] {
    po::options_description options(about);
    options.add_options()                                //
        ("help,h", "show this help and exit")            //
        ("list", "list the cases without running them")  //
        ("verbose,v", "after each row, the report of every input: elements checked, worst entry")(
            "filter", po::value<std::string>()->default_value("")->value_name("SUBSTRING"),
            "run only the cases whose name \"op[case]\" contains SUBSTRING, e.g. softmax, "
            "row-vector, \"add[\"");
    const po::variables_map values = kudzu::apps::parse_command_line(argc, argv, options);
    if (values.count("help")) {
      std::cout << usage << "\n\n" << options;
      return 0;
    }
    kudzu::check_memory_for_blas();  // before OpenBLAS could spin on a memory limit
    return run(values["filter"].as<std::string>(), values.count("list") > 0,
               values.count("verbose") > 0);
  });
}
