#include "options.hpp"

#include <boost/program_options.hpp>

namespace kudzu::serve {
namespace po = boost::program_options;

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
  const po::variables_map values = apps::parse_command_line(argc, argv, described);
  for (const char* name : {"run", "host", "data"})
    if (values.count(name) && values[name].as<std::string>().empty())
      throw OptionsError(std::string("--") + name + ": expected a value, got an empty one");
  options.run = run;
  // Read as text: boost's own conversion would take "-1" as 4294967295.
  options.port = static_cast<std::uint16_t>(apps::parse_whole(
      "--port", port, 0, 65535, "a number from 0 to 65535 (0: any free port)"));
  if (values.count("data")) options.data_dir = data;
  if (!values.count("help")) return Parsed::run;
  help = apps::help_text(described);
  return Parsed::help;
}

}  // namespace kudzu::serve
