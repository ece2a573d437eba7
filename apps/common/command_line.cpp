#include "command_line.hpp"

#include <boost/program_options.hpp>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <sstream>

#include "kudzu/program_output.hpp"

namespace kudzu::apps {
namespace po = boost::program_options;

po::variables_map parse_command_line(int argc, const char* const argv[],
                                     const po::options_description& described,
                                     std::vector<std::string>* operands) {
  std::vector<std::string> words;
  po::variables_map values;
  try {
    // Words that are not options are gathered, to be the operands or named in the error.
    po::options_description all;
    all.add(described).add_options()("kudzu-operand", po::value(&words));
    po::positional_options_description positional;
    positional.add("kudzu-operand", -1);
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(),
              values);
    po::notify(values);
  } catch (const po::error& error) {
    throw OptionsError(error.what());
  }
  if (operands)
    *operands = std::move(words);
  else if (!words.empty())
    throw OptionsError("unexpected argument '" + words.front() + "' (every option starts with --)");
  return values;
}

std::string help_text(const po::options_description& described) {
  std::ostringstream text;
  text << described;
  return text.str();
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items(1);
  for (const char c : text) {
    if (c == ',')
      items.emplace_back();
    else
      items.back().push_back(c);
  }
  return items;
}

std::uint64_t parse_whole(const std::string& option, const std::string& text, std::uint64_t low,
                          std::uint64_t high, const std::string& expected) {
  const bool digits = !text.empty() && text.size() <= 19 &&
                      text.find_first_not_of("0123456789") == std::string::npos;
  const std::uint64_t value = digits ? std::stoull(text) : 0;
  if (!digits || value < low || value > high)
    throw OptionsError(option + ": expected " + expected + ", got '" + text + "'");
  return value;
}

float parse_learning_rate(const std::string& text) {
  constexpr double low = 1e-30, high = 1e30;
  char* end = nullptr;
  const double value = text.empty() ? 0 : std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !(value >= low && value <= high))
    throw OptionsError("--lr: expected a positive number from 1e-30 to 1e30, got '" + text + "'");
  return static_cast<float>(value);
}

int guarded_main(const char* program, const std::function<int()>& body) {
  check_output_at_exit(program);  // a failed write to stdout is an error
  try {
    return body();
  } catch (const OptionsError& error) {
    std::cerr << program << ": " << error.what() << " (see --help)\n";  // one line
    return 2;
  } catch (const std::exception& error) {
    std::cerr << program << ": " << error.what() << "\n";
    return 1;
  }
}

}  // namespace kudzu::apps
