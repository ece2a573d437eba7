// What every Kudzu app does the same way on its command line: Boost.Program_options errors
// and stray words turned into one-line usage errors, the number parsers whose messages echo
// what was typed, and main()'s exit statuses:
//
//   int main(int argc, char** argv) {
//     return kudzu::apps::options_main("kudzu-compare", argc, argv, parse_options, run);
//   }
//
// prints the help for --help, or returns what run(options) returns, 2 with "kudzu-compare:
// <message> (see --help)" for an OptionsError, and 1 with "kudzu-compare: <message>" for any other
// exception.
#pragma once

#include <boost/program_options/options_description.hpp>
#include <boost/program_options/variables_map.hpp>
#include <cstdint>
#include <functional>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace kudzu::apps {

// Bad command-line use: the app prints the message and "(see --help)" on one line, and exits 2.
struct OptionsError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

enum class Parsed { run, help };

// argv read by `described`. The words that are not options are the app's operands when
// `operands` is given (kudzu-predict's images); without it the first one is refused, named.
// Boost's own errors (unknown option, missing value) become OptionsError.
boost::program_options::variables_map parse_command_line(
    int argc, const char* const argv[],
    const boost::program_options::options_description& described,
    std::vector<std::string>* operands = nullptr);

// --help's text: the options as `described` lays them out.
std::string help_text(const boost::program_options::options_description& described);

// Comma-separated items, keeping empty ones ("3,8," is three items, the last empty) so that a
// stray comma is refused rather than silently dropped.
std::vector<std::string> split_list(const std::string& text);

// A whole number from low to high, or OptionsError "<option>: expected <expected>, got
// '<text>'". Read as text: a number parser would wrap "-1" around to 2^64 - 1, and would take
// "3.5" as 3.
std::uint64_t parse_whole(const std::string& option, const std::string& text, std::uint64_t low,
                          std::uint64_t high, const std::string& expected);

// --lr: a float that is positive and neither so small that it rounds to 0 nor so large that it
// overflows (1e-30 to 1e30).
float parse_learning_rate(const std::string& text);

// Runs an app's main body with its output checked at exit (kudzu/program_output.hpp) and its
// errors turned into the exit statuses above. `program` must be a string literal.
int guarded_main(const char* program, const std::function<int()>& body);

// guarded_main for an app whose `parse` fills its Options: prints the help for --help,
// otherwise returns run(options).
template <class Options, class Run>
int options_main(const char* program, int argc, char** argv,
                 Parsed (*parse)(int, const char* const[], Options&, std::string&), Run run) {
  return guarded_main(program, [&] {
    Options options;
    std::string help;
    if (parse(argc, argv, options, help) == Parsed::help) {
      std::cout << help;
      return 0;
    }
    return run(options);
  });
}

}  // namespace kudzu::apps
