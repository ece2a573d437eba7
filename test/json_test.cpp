#define BOOST_TEST_MODULE json
#include "kudzu/json.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "kudzu/error.hpp"
#include "support.hpp"

using namespace kudzu;
using kudzu::testing::contains;
using namespace std::string_literals;
using Json = nlohmann::ordered_json;

namespace {

// The message parse_json throws for `text`, or "" when it parses.
std::string error_of(std::string_view text) {
  try {
    parse_json(text, "run/summary.json");
  } catch (const DataError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

BOOST_AUTO_TEST_CASE(members_keep_the_order_they_were_written_in) {
  const Json written = {{"name", "kudzu \"v1\"\n\u00e9"},
                        {"ok", false},
                        {"missing", nullptr},
                        {"rate", shortest_decimal(0.001f)},
                        {"digits", {3, 8}}};
  const Json back = parse_json(written.dump(2), "summary.json");
  BOOST_TEST(back.dump(2) == written.dump(2));
  BOOST_TEST(back.begin().key() == "name");
  BOOST_TEST(back["name"].get<std::string>() == "kudzu \"v1\"\n\u00e9");
  BOOST_TEST(back["digits"][1].get<int>() == 8);
  BOOST_TEST(contains(back.dump(), "\"rate\":0.001,"));  // not 0.0010000000474974513
}

BOOST_AUTO_TEST_CASE(shortest_decimal_reads_back_as_the_float) {
  for (const float value : {0.001f, 0.1f, 1e-7f, 3.0f, 123456.789f, -2.5e30f})
    BOOST_TEST(static_cast<float>(shortest_decimal(value)) == value);
  BOOST_TEST(shortest_decimal(0.001f) == 0.001);
  BOOST_TEST(std::isnan(shortest_decimal(std::nanf(""))));
}

BOOST_AUTO_TEST_CASE(damaged_json_is_a_data_error_naming_file_line_and_column) {
  const std::string text = Json{{"config", {{"digits", {3, 8}}, {"models", {"nn", "lr"}}}}}.dump(2);
  BOOST_TEST(error_of(text).empty());
  const std::string cut = error_of(text.substr(0, 30));
  BOOST_TEST(cut.find("run/summary.json: line ") == 0u, cut);
  BOOST_TEST(contains(cut, "unexpected end of input"), cut);
  BOOST_TEST(contains(error_of("{\n  \"a\": 1,\n  x\n}"), "line 3, column 3:"),
             error_of("{\n  \"a\": 1,\n  x\n}"));
  BOOST_TEST(contains(error_of(text + "x"), "expected end of input"));
  std::string with_nul = text;
  with_nul[text.find("\"lr\"")] = '\0';
  BOOST_TEST(contains(error_of(with_nul), "line 9, column 7: a NUL byte"), error_of(with_nul));
  BOOST_TEST(contains(error_of(text + "\0\0"s), "a NUL byte"));  // nlohmann alone reads it
  for (const char* bad :
       {"", "{", "[1,]", "{\"a\" 1}", "{\"a\":1,}", "01", "1.", "-", "1e", ".5", "tru", "\"a",
        "\"\\x\"", "\"\\ud800\"", "\"tab\there\"", "[1 2]", "nan", "{1:2}", "\"\\ude00\""})
    BOOST_TEST(!error_of(bad).empty(), "'" << bad << "' is refused");
  // Strings are UTF-8 (RFC 8259, section 8.1), escaped or not.
  BOOST_TEST(error_of("\"\\ud83d\\ude00 \xf0\x9f\x98\x80 \xc3\xa9 \xe2\x82\xac\"").empty());
  for (const char* bad : {"\"\xff\xfe\"", "\"\xc0\xaf\"", "\"\xe0\x80\xaf\"", "\"\xed\xa0\x80\"",
                          "\"\xf4\x90\x80\x80\"", "\"\xc3\"", "\"\x80\"", "\"\xe2\x82\""})
    BOOST_TEST(contains(error_of(bad), "UTF-8"), error_of(bad));
  BOOST_TEST(contains(error_of("[\"a\",\n\"\xff\"]"), "line 2"));
}

BOOST_AUTO_TEST_CASE(numbers_beyond_a_double_are_refused) {
  BOOST_TEST(contains(error_of("1e400"), "run/summary.json: "));
  BOOST_TEST(contains(error_of("1e400"), "1e400"));
  BOOST_TEST(!error_of("[-1e400]").empty());
  BOOST_TEST(error_of("1e-400").empty());  // tiny numbers round to zero
}

BOOST_AUTO_TEST_CASE(nesting_is_bounded) {
  const auto nested = [](int levels) {
    return std::string(levels, '[') + std::string(levels, ']');
  };
  BOOST_TEST(error_of(nested(max_json_depth)).empty());
  BOOST_TEST(contains(error_of(nested(max_json_depth + 1)), "levels of nesting"));
  BOOST_TEST(contains(error_of(nested(100000)), "levels of nesting"));
  std::string objects;
  for (int i = 0; i <= max_json_depth; ++i) objects += "{\"a\":";
  objects += '1' + std::string(max_json_depth + 1, '}');
  BOOST_TEST(contains(error_of(objects), "levels of nesting"));
}

BOOST_AUTO_TEST_CASE(a_member_name_appears_once_per_object) {
  BOOST_TEST(contains(error_of("{\"a\": 1,\n \"a\": 2}"), "the member name 'a' appears twice"));
  BOOST_TEST(error_of("{\"a\": {\"a\": 1}, \"b\": [{\"a\": 2}, {\"a\": 3}]}").empty());
}

BOOST_AUTO_TEST_CASE(files_that_are_not_regular_files_are_refused_without_blocking) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("kudzu-json-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "summary.json") << "{\"a\": [1, 2]}";
  BOOST_TEST(read_json_file(dir / "summary.json")["a"][1].get<int>() == 2);
  const auto error_reading = [](const std::filesystem::path& path, std::uintmax_t max) {
    try {
      read_json_file(path, max);
    } catch (const DataError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  BOOST_TEST(contains(error_reading(dir / "summary.json", 5), "more than the 5"));
  BOOST_TEST(contains(error_reading(dir / "absent.json", 100), "cannot open it"));
  BOOST_TEST(contains(error_reading(dir, 100), "is a directory"));
  const std::filesystem::path fifo = dir / "fifo.json";
  BOOST_REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  BOOST_TEST(contains(error_reading(fifo, 100), "is a FIFO"));  // returns: no writer needed
  std::filesystem::remove_all(dir);
}
