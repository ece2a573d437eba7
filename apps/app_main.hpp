// What an app's main() does around its own work, in one place:
//
//   int main(int argc, char** argv) {
//     return kudzu::app_main<OptionsError>("kudzu-serve", [&](std::string& help) {
//       Options options;
//       if (parse_options(argc, argv, options, help) == Parsed::help) return 0;
//       return run(options);
//     });
//   }
//
// A failed write to stdout is an error at exit (program_output.hpp); a memory limit too low
// for OpenBLAS is refused before anything runs (blas.hpp). The body returns the exit status;
// when it leaves text in `help` (--help), that text is printed and the status is 0. A
// `UsageError` (the app's own type for bad command-line use) becomes "PROGRAM: message (see
// --help)" and exit 2; any other exception "PROGRAM: message" and exit 1, one line each.
#pragma once

#include <exception>
#include <iostream>
#include <string>

#include "kudzu/blas.hpp"
#include "kudzu/program_output.hpp"

namespace kudzu {

template <class UsageError, class Body>
int app_main(const char* program, Body body) {
  check_output_at_exit(program);
  try {
    check_memory_for_blas();  // before OpenBLAS could spin on a memory limit
    std::string help;
    const int status = body(help);
    if (help.empty()) return status;
    std::cout << help;
    return 0;
  } catch (const UsageError& error) {
    std::cerr << program << ": " << error.what() << " (see --help)\n";  // one line
    return 2;
  } catch (const std::exception& error) {
    std::cerr << program << ": " << error.what() << "\n";
    return 1;
  }
}

}  // namespace kudzu
