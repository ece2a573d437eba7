#include "options.hpp"

#include <boost/program_options.hpp>
#include <charconv>
#include <sstream>

namespace kudzu::serve {
namespace po = boost::program_options;
namespace {

// Digits only, 0 to 65535: boost's own conversion would take "-1" as 4294967295.
std::uint16_t parse_port(const std::string& text) {
  unsigned value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || value > 65535)
    throw OptionsError("--port: expected a number from 0 to 65535 (0: any free port), got '" +
                       text + "'");
  return static_cast<std::uint16_t>(value);
}

}  // namespace

Parsed parse_options(int argc, const char* const argv[], Options& options, std::string& help) {
  std::string run = options.run.string(), port = std::to_string(options.port), data;
  po::options_description described(
      "Usage: kudzu-serve [options]\n\n"
      "Serves a page on which a person draws a digit and watches the models of a kudzu-compare\n"
      "run decide: the digit, each class's probability, the 28x28 image the model saw, and\n"
      "(for the network of a two-digit run) where the drawing lands in its 2-D embedding, among\n"
      "the run's test digits. Open the address it prints in a browser; Ctrl-C stops it.\n"
      "One line per request: method, path, status, milliseconds.\n"
      "Exit status: 0 when stopped by SIGINT or SIGTERM, 1 when the run cannot be served or the\n"
      "address cannot be listened on, 2 for bad usage.\n\n"
      "Options");
  // clang-format off
  described.add_options()
    ("help,h", "show this help and exit")
    ("run", po::value(&run)->default_value(run),
     "the run directory kudzu-compare wrote (nn.kudzu, lr.kudzu, summary.json)")
    ("host", po::value(&options.host)->default_value(options.host),
     "the address to listen on (127.0.0.1: this machine only; 0.0.0.0: every network)")
    ("port", po::value(&port)->default_value(port), "the port; 0 picks a free one")
    ("quiet", po::bool_switch(&options.quiet), "no line per request")
    ("data", po::value(&data),
     "MNIST directory for the embedding's test digits (default: the run's, from summary.json)");
  // clang-format on
  po::variables_map values;
  try {
    const po::positional_options_description none;  // a stray word is an error, not ignored
    po::store(po::command_line_parser(argc, argv).options(described).positional(none).run(),
              values);
    po::notify(values);
  } catch (const po::error& error) {
    throw OptionsError(error.what());
  }
  for (const char* name : {"run", "host", "data"})
    if (values.count(name) && values[name].as<std::string>().empty())
      throw OptionsError(std::string("--") + name + ": expected a value, got an empty one");
  options.run = run;
  options.port = parse_port(port);
  if (values.count("data")) options.data_dir = data;
  if (!values.count("help")) return Parsed::run;
  std::ostringstream text;
  text << described;
  help = text.str();
  return Parsed::help;
}

}  // namespace kudzu::serve
