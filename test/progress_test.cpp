// The progress bar: its line, its redraw in place, and its silence when disabled.
#define BOOST_TEST_MODULE progress
#include "kudzu/progress.hpp"

#include <boost/test/unit_test.hpp>
#include <sstream>
#include <string>

namespace {

using namespace kudzu;

std::string formatted(std::string_view label, std::size_t done, std::size_t total, double seconds) {
  char line[160];
  return std::string(line, format_progress(line, label, done, total, seconds));
}

BOOST_AUTO_TEST_CASE(the_line_shows_the_bar_count_times_and_rate) {
  BOOST_TEST(formatted("epoch 3/200", 120, 240, 1.5) ==
             "epoch 3/200 |##########..........|  120/240 [00:01<00:01, 80.00 it/s]");
  BOOST_TEST(formatted("e", 0, 240, 0) == "e |....................|    0/240 [00:00<?, 0.00 it/s]");
  BOOST_TEST(formatted("e", 10, 10, 3725) ==
             "e |####################|   10/10 [1:02:05<00:00, 0.00 it/s]");
}

BOOST_AUTO_TEST_CASE(a_small_buffer_truncates_the_line) {
  char line[8];
  BOOST_TEST(format_progress(line, "epoch 1/2", 1, 2, 1) == 7u);
  BOOST_TEST(std::string(line) == "epoch 1");
}

BOOST_AUTO_TEST_CASE(an_enabled_bar_redraws_in_place_and_erases_itself) {
  std::ostringstream out;
  ProgressBar bar(out, true);
  bar.start("epoch 1/1", 2);
  bar.advance();
  bar.advance();  // the last step is always drawn
  bar.finish();
  const std::string text = out.str();
  BOOST_TEST(text.rfind("\repoch 1/1 |....................|    0/2 ", 0) == 0u);
  BOOST_TEST(text.find("\repoch 1/1 |####################|    2/2 ") != std::string::npos);
  BOOST_TEST(text.substr(text.size() - 4) == "\r\033[K");
  BOOST_TEST(text.find('\n') == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_disabled_bar_writes_nothing) {
  std::ostringstream out;
  ProgressBar bar(out, false);
  bar.start("epoch 1/1", 2);
  bar.advance();
  bar.finish();
  BOOST_TEST(out.str().empty());
}

}  // namespace
