#include "kudzu/program_output.hpp"

#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "kudzu/blas.hpp"

namespace kudzu {
namespace {

const char* program_name = "kudzu";

// Whether every write to `stream` (and the flush of what is still buffered) succeeded;
// errno is the reason when it did not, or 0 when it is unknown. A write that failed earlier
// left no reason behind (stdio keeps none): one more byte, a newline at the end of output
// already cut short, is written to learn it, as the full disk or the size limit refuses it
// the same way.
bool flushed(std::FILE* stream) {
  const bool failed_before = std::ferror(stream) != 0;
  errno = 0;
  const bool flush_failed = std::fflush(stream) != 0;
  if (flush_failed) return false;
  if (failed_before && ::write(::fileno(stream), "\n", 1) == 1) errno = 0;
  return !failed_before;
}

// Runs at exit, after main's locals are gone and before the streams are closed. std::cout
// writes straight through to stdout (synced with stdio), so flushing both checks both.
void check_output() {
  // stdout first: its flush reports the reason (a flush through std::cout would fail first
  // and leave none to find); then std::cout, for a failure it noted earlier.
  const bool stdout_good = flushed(stdout);
  const int reason = errno;
  std::cout.flush();
  if (!stdout_good || std::cout.bad()) {
    errno = reason;
    const int error = errno;
    std::fprintf(stderr, "%s: write error%s%s\n", program_name, error ? ": " : "",
                 error ? std::strerror(error) : "");
    std::fflush(stderr);
    ::_exit(1);
  }
  std::cerr.flush();
  if (!flushed(stderr) || std::cerr.bad()) ::_exit(1);
  // Refused for a memory limit: the status is 1, and OpenBLAS's exit could hang.
  if (blas_memory_refused()) ::_exit(1);
}

}  // namespace

void check_output_at_exit(const char* program) {
  program_name = program;
  std::signal(SIGXFSZ, SIG_IGN);
  std::atexit(check_output);
}

}  // namespace kudzu
