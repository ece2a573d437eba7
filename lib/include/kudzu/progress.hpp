// A tqdm-like progress bar for the batches of an epoch, redrawn in place on one line:
//
//   epoch 3/200 |##########..........|  120/240 [00:01<00:01, 95.21 it/s]
//
// It draws only when enabled, which by default means stderr is a terminal: piped or
// redirected output (logs, CI, ctest) gets no carriage returns. Drawing allocates nothing.
#pragma once

#include <chrono>
#include <cstddef>
#include <iosfwd>
#include <span>
#include <string_view>

namespace kudzu {

// Whether the process's stderr is a terminal.
bool stderr_is_terminal();

class ProgressBar {
 public:
  // Draws on std::cerr when it is a terminal.
  ProgressBar();
  ProgressBar(std::ostream& out, bool enabled);

  void set_enabled(bool enabled) { enabled_ = enabled; }
  bool enabled() const { return enabled_; }

  // Begins a bar of `total` steps; the label (at most 47 characters are kept) leads the line.
  void start(std::string_view label, std::size_t total);
  // Marks one more step done; redraws at most ten times a second, and at the last step.
  void advance();
  // Erases the bar, leaving the cursor at the start of an empty line.
  void finish();

 private:
  void draw();

  std::ostream* out_;
  bool enabled_;
  bool drawn_ = false;
  char label_[48] = {};
  std::size_t done_ = 0, total_ = 0;
  std::chrono::steady_clock::time_point started_, last_drawn_;
};

// Writes one bar line (without the leading carriage return) into `buffer`, truncated to fit,
// and returns the number of characters written.
std::size_t format_progress(std::span<char> buffer, std::string_view label, std::size_t done,
                            std::size_t total, double elapsed_seconds);

}  // namespace kudzu
