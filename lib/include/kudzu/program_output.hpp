// A program's standard output and error checked as coreutils' close_stdout checks them, so
// that output lost to a full disk or a file size limit is an error, not a silent exit 0:
//
//   int main(int argc, char** argv) {
//     kudzu::check_output_at_exit("kudzu-compare");   // first thing in main
//     ...
//   }
//
// At exit (a return from main or std::exit), stdout is flushed; if any write to it failed,
// "kudzu-compare: write error: No space left on device" (the reason, when known) goes to
// stderr and the exit status becomes 1. A failed write to stderr itself makes it 1 silently.
// SIGXFSZ is ignored from the call on, so that a write beyond `ulimit -f` fails with EFBIG
// and is reported like any other instead of killing the program. SIGPIPE is left as it is:
// `kudzu-compare --help | head -1` ends quietly. A program refused by
// check_memory_for_blas (blas.hpp) ends here with _exit(1), as OpenBLAS's exit could hang.
#pragma once

namespace kudzu {

// `program` must outlive the program (a string literal).
void check_output_at_exit(const char* program);

}  // namespace kudzu
