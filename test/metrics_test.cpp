#define BOOST_TEST_MODULE metrics
#include "kudzu/metrics.hpp"

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "kudzu/error.hpp"
#include "kudzu/files.hpp"

using namespace kudzu;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path = fs::temp_directory_path() / ("kudzu-metrics-" + std::to_string(::getpid()));
  TempDir() { fs::create_directories(path); }
  ~TempDir() { fs::remove_all(path); }
};

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_text(const fs::path& path, const std::string& text) { std::ofstream(path) << text; }

bool message_contains(const Error& error, const std::string& part) {
  return std::string(error.what()).find(part) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_CASE(metrics_round_trip_exactly) {
  TempDir dir;
  const std::vector<EpochMetrics> rows = {{"nn", 0, 0.6931471805599453, 0.5678, 0.9, 0.125},
                                          {"lr", 199, 1e-7, 1.0, 0.96622983870967738, 12.5}};
  write_metrics_csv(dir.path / "metrics.csv", rows);
  BOOST_TEST(read_text(dir.path / "metrics.csv")
                 .rfind("model,epoch,loss,train_acc,test_acc,seconds\n", 0) == 0u);
  const auto back = read_metrics_csv(dir.path / "metrics.csv");
  BOOST_TEST_REQUIRE(back.size() == 2u);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    BOOST_TEST(back[i].model == rows[i].model);
    BOOST_TEST(back[i].epoch == rows[i].epoch);
    BOOST_TEST(back[i].loss == rows[i].loss);  // shortest exact text reads back bit for bit
    BOOST_TEST(back[i].train_accuracy == rows[i].train_accuracy);
    BOOST_TEST(back[i].test_accuracy == rows[i].test_accuracy);
    BOOST_TEST(back[i].seconds == rows[i].seconds);
  }
}

BOOST_AUTO_TEST_CASE(batch_losses_round_trip) {
  TempDir dir;
  write_batch_losses_csv(dir.path / "b.csv", {{"nn", 3, 239, 0.25}, {"lr", 0, 0, 0.75}});
  const auto back = read_batch_losses_csv(dir.path / "b.csv");
  BOOST_TEST_REQUIRE(back.size() == 2u);
  BOOST_TEST(back[0].batch == 239);
  BOOST_TEST(back[1].model == "lr");
  BOOST_TEST(back[1].loss == 0.75);
}

BOOST_AUTO_TEST_CASE(damaged_csv_is_a_data_error_naming_file_and_line) {
  TempDir dir;
  const fs::path file = dir.path / "metrics.csv";
  write_text(file, "model,epoch,loss\nnn,0,1\n");
  BOOST_CHECK_EXCEPTION(read_metrics_csv(file), DataError, [](const DataError& e) {
    return message_contains(e, "line 1: expected the header");
  });
  write_text(file, "model,epoch,loss,train_acc,test_acc,seconds\nnn,0,0.5,0.9,0.9\n");
  BOOST_CHECK_EXCEPTION(read_metrics_csv(file), DataError, [](const DataError& e) {
    return message_contains(e, "line 2: expected 6 fields, found 5");
  });
  write_text(file, "model,epoch,loss,train_acc,test_acc,seconds\nnn,0,abc,0.9,0.9,1\n");
  BOOST_CHECK_EXCEPTION(read_metrics_csv(file), DataError, [](const DataError& e) {
    return message_contains(e, "'abc' is not a number");
  });
  write_text(file, "model,epoch,loss,train_acc,test_acc,seconds\nnn,1.5,0.5,0.9,0.9,1\n");
  BOOST_CHECK_EXCEPTION(read_metrics_csv(file), DataError, [](const DataError& e) {
    return message_contains(e, "not a whole number");
  });
  BOOST_CHECK_EXCEPTION(
      read_metrics_csv(dir.path / "missing.csv"), DataError,
      [](const DataError& e) { return message_contains(e, "missing.csv: cannot open"); });
}

BOOST_AUTO_TEST_CASE(atomic_write_keeps_the_old_file_on_failure) {
  TempDir dir;
  const fs::path file = dir.path / "kept.txt";
  write_file_atomically(file, "old");
  BOOST_TEST(read_text(file) == "old");
  write_file_atomically(file, "new");
  BOOST_TEST(read_text(file) == "new");
  // A target that is a directory cannot be replaced: the error names it, nothing is left behind.
  fs::create_directories(dir.path / "occupied" / "inner");
  BOOST_CHECK_EXCEPTION(write_file_atomically(dir.path / "occupied", "x"), Error,
                        [](const Error& e) { return message_contains(e, "occupied"); });
  BOOST_CHECK_THROW(write_file_atomically(dir.path / "no" / "such" / "dir.txt", "x"), Error);
  std::size_t entries = 0;
  for (const auto& entry : fs::directory_iterator(dir.path))
    entries += entry.path().filename().string().find(".tmp-") != std::string::npos;
  BOOST_TEST(entries == 0u);
}

BOOST_AUTO_TEST_CASE(json_prints_nested_values_in_order) {
  const Json json(Json::Object{{"name", "kudzu \"v1\"\n"},
                               {"ok", true},
                               {"missing", Json()},
                               {"accuracy", 0.9917},
                               {"rate", 0.001f},
                               {"nan", std::nan("")},
                               {"digits", Json::Array{3, 8}},
                               {"blas", Json::Object{{"threads", Json(2)}}}});
  BOOST_TEST(json.dump() ==
             "{\n"
             "  \"name\": \"kudzu \\\"v1\\\"\\u000a\",\n"
             "  \"ok\": true,\n"
             "  \"missing\": null,\n"
             "  \"accuracy\": 0.9917,\n"
             "  \"rate\": 0.001,\n"
             "  \"nan\": null,\n"
             "  \"digits\": [3, 8],\n"
             "  \"blas\": {\n"
             "    \"threads\": 2\n"
             "  }\n"
             "}\n");
}
