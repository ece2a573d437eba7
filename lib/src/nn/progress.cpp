#include "kudzu/progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <iostream>

namespace kudzu {
namespace {

constexpr int bar_width = 20;
constexpr std::chrono::milliseconds redraw_interval(100);

// "mm:ss", or "h:mm:ss" from an hour on; "?" for a time not known yet.
void format_duration(char (&text)[32], double seconds) {
  if (!(seconds >= 0 && seconds < 1e7)) {
    std::snprintf(text, sizeof text, "?");
    return;
  }
  const auto whole = static_cast<long>(seconds);
  if (whole >= 3600)
    std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", whole / 3600, whole / 60 % 60, whole % 60);
  else
    std::snprintf(text, sizeof text, "%02ld:%02ld", whole / 60, whole % 60);
}

}  // namespace

bool stderr_is_terminal() { return isatty(STDERR_FILENO) == 1; }

std::size_t format_progress(std::span<char> buffer, std::string_view label, std::size_t done,
                            std::size_t total, double elapsed_seconds) {
  if (buffer.empty()) return 0;
  char bar[bar_width + 1];
  const std::size_t filled = total ? std::min(done, total) * bar_width / total : 0;
  for (std::size_t i = 0; i < bar_width; ++i) bar[i] = i < filled ? '#' : '.';
  bar[bar_width] = '\0';
  const double rate = elapsed_seconds > 0 ? double(done) / elapsed_seconds : 0;
  char elapsed[32], remaining[32];
  format_duration(elapsed, elapsed_seconds);
  format_duration(remaining, rate > 0 ? double(total - std::min(done, total)) / rate : -1);
  const int written = std::snprintf(
      buffer.data(), buffer.size(), "%.*s |%s| %4zu/%zu [%s<%s, %.2f it/s]",
      static_cast<int>(label.size()), label.data(), bar, done, total, elapsed, remaining, rate);
  return std::min(static_cast<std::size_t>(std::max(written, 0)), buffer.size() - 1);
}

ProgressBar::ProgressBar() : ProgressBar(std::cerr, stderr_is_terminal()) {}

ProgressBar::ProgressBar(std::ostream& out, bool enabled) : out_(&out), enabled_(enabled) {}

void ProgressBar::start(std::string_view label, std::size_t total) {
  const std::size_t kept = std::min(label.size(), sizeof label_ - 1);
  std::copy_n(label.data(), kept, label_);
  label_[kept] = '\0';
  done_ = 0;
  total_ = total;
  started_ = last_drawn_ = std::chrono::steady_clock::now();
  if (enabled_) draw();
}

void ProgressBar::advance() {
  ++done_;
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (done_ >= total_ || now - last_drawn_ >= redraw_interval) {
    last_drawn_ = now;
    draw();
  }
}

void ProgressBar::finish() {
  if (!drawn_) return;
  *out_ << "\r\033[K" << std::flush;  // carriage return, then erase to the end of the line
  drawn_ = false;
}

void ProgressBar::draw() {
  char line[160];
  const double elapsed = std::chrono::duration<double>(last_drawn_ - started_).count();
  const std::size_t length = format_progress(line, label_, done_, total_, elapsed);
  out_->put('\r').write(line, static_cast<std::streamsize>(length)).flush();
  drawn_ = true;
}

}  // namespace kudzu
