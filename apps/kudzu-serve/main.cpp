// kudzu-serve: a local web page on which a person draws a digit and watches the models of a
// kudzu-compare run decide, live. `kudzu-serve --help` lists the options.
#include <iostream>

#include "api.hpp"
#include "command_line.hpp"
#include "kudzu/blas.hpp"
#include "kudzu/error.hpp"
#include "options.hpp"
#include "server.hpp"

using namespace kudzu;
using namespace kudzu::serve;

namespace {

void note(const std::string& message) { std::cerr << "kudzu-serve: " << message << std::endl; }

int run(const Options& options) {
  check_memory_for_blas();  // before OpenBLAS could spin on a memory limit
  const Api api(load_served_run(options.run, options.data_dir, note));
  ServerOptions server_options;
  server_options.host = options.host;
  server_options.port = options.port;
  server_options.stop_on_signals = true;
  if (!options.quiet)
    server_options.log = [](const std::string& line) { std::cout << line << std::endl; };
  Server server(api, server_options);
  std::cout << "kudzu-serve: serving " << options.run.string() << " on " << server.url()
            << " (Ctrl-C stops)" << std::endl;
  if (!server.local_only())
    note("--host " + options.host +
         ": other machines that reach this one can use the page too (127.0.0.1 keeps it here)");
  server.run();
  std::cout << "kudzu-serve: stopped" << std::endl;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return kudzu::apps::options_main("kudzu-serve", argc, argv, parse_options, run);
}
