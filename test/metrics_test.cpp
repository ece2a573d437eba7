#define BOOST_TEST_MODULE metrics
#include "kudzu/metrics.hpp"

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>

#include "kudzu/error.hpp"
#include "kudzu/files.hpp"
#include "support.hpp"

using namespace kudzu;
using kudzu::testing::contains;
using kudzu::testing::read_bytes;
using kudzu::testing::TemporaryDirectory;
using kudzu::testing::write_bytes;
using namespace std::string_literals;
namespace fs = std::filesystem;

BOOST_AUTO_TEST_CASE(metrics_round_trip_exactly) {
  TemporaryDirectory dir;
  const std::vector<EpochMetrics> rows = {{"nn", 1, 0.6931471805599453, 0.5678, 0.9, 0.125},
                                          {"lr", 1, 1e-7, 1.0, 0.96622983870967738, 12.5},
                                          {"nn", 2, 0.5, 0.0, 0.25, 0}};
  write_metrics_csv(dir.path / "metrics.csv", rows);
  BOOST_TEST(read_bytes(dir.path / "metrics.csv")
                 .rfind("model,epoch,loss,train_acc,test_acc,seconds\n", 0) == 0u);
  const auto back = read_metrics_csv(dir.path / "metrics.csv");
  BOOST_TEST_REQUIRE(back.size() == 3u);
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
  TemporaryDirectory dir;
  write_batch_losses_csv(
      dir.path / "b.csv",
      {{"nn", 1, 1, 0.5}, {"nn", 1, 2, 0.25}, {"nn", 2, 1, 0.125}, {"lr", 1, 1, 0.75}});
  const auto back = read_batch_losses_csv(dir.path / "b.csv");
  BOOST_TEST_REQUIRE(back.size() == 4u);
  BOOST_TEST(back[1].batch == 2);
  BOOST_TEST(back[2].epoch == 2);
  BOOST_TEST(back[3].model == "lr");
  BOOST_TEST(back[3].loss == 0.75);
}

BOOST_AUTO_TEST_CASE(damaged_csv_is_a_data_error_naming_file_and_line) {
  TemporaryDirectory dir;
  const fs::path file = dir.path / "metrics.csv";
  write_bytes(file, "model,epoch,loss\nnn,1,1\n");
  BOOST_CHECK_EXCEPTION(read_metrics_csv(file), DataError, [](const DataError& e) {
    return contains(e.what(), "line 1: expected the header");
  });
  write_bytes(file, "model,epoch,loss,train_acc,test_acc,seconds\r\nnn,1,0.5,0.9,0.9,1\r\n");
  BOOST_CHECK_EXCEPTION(read_metrics_csv(file), DataError, [](const DataError& e) {
    return contains(e.what(), "line 1: a carriage return");
  });
  write_bytes(file, "model,epoch,loss,train_acc,test_acc,seconds\nnn,1,0.5,0.9,0.9\n");
  BOOST_CHECK_EXCEPTION(read_metrics_csv(file), DataError, [](const DataError& e) {
    return contains(e.what(), "line 2: expected 6 fields, found 5");
  });
  write_bytes(file, "model,epoch,loss,train_acc,test_acc,seconds\nnn,1,abc,0.9,0.9,1\n");
  BOOST_CHECK_EXCEPTION(read_metrics_csv(file), DataError, [](const DataError& e) {
    return contains(e.what(), "'abc' is not a number");
  });
  write_bytes(file, "model,epoch,loss,train_acc,test_acc,seconds\nnn,1.5,0.5,0.9,0.9,1\n");
  BOOST_CHECK_EXCEPTION(read_metrics_csv(file), DataError, [](const DataError& e) {
    return contains(e.what(), "not a whole number");
  });
  BOOST_CHECK_EXCEPTION(
      read_metrics_csv(dir.path / "missing.csv"), DataError,
      [](const DataError& e) { return contains(e.what(), "missing.csv: cannot open"); });
}

// The message read_metrics_csv (or read_batch_losses_csv) gives for a file with these rows
// under its header; "" when the file reads.
std::string metrics_error(const std::string& rows, bool batches = false) {
  TemporaryDirectory dir;
  const fs::path file = dir.path / "metrics.csv";
  write_bytes(file, (batches ? "model,epoch,batch,loss\n"
                             : "model,epoch,loss,train_acc,test_acc,seconds\n") +
                        rows);
  try {
    batches ? (void)read_batch_losses_csv(file) : (void)read_metrics_csv(file);
  } catch (const DataError& error) {
    return error.what();
  }
  return "";
}

BOOST_AUTO_TEST_CASE(implausible_values_are_data_errors_naming_file_and_line) {
  const std::string good = "nn,1,0.5,0.9,0.9,1\n";
  const struct {
    std::string rows;
    std::string message_part;
  } cases[] = {
      {good + "nn,2,0.5,-1e300,0.9,1\n",
       "metrics.csv: line 3: train_acc '-1e300' is not an accuracy from 0 to 1"},
      {"nn,1,0.5,0.9,7,1\n", "line 2: test_acc '7' is not an accuracy"},
      {"nn,1,0.5,nan,0.9,1\n", "line 2: train_acc 'nan' is not an accuracy"},
      {"nn,1,inf,0.9,0.9,1\n", "line 2: loss 'inf' is not a finite number"},
      {"nn,1,0.5,0.9,0.9,-1\n", "line 2: seconds '-1' is negative"},
      {"nn,0,0.5,0.9,0.9,1\n", "line 2: epoch 0 of model nn where epoch 1 was expected"},
      {good + "nn,3,0.5,0.9,0.9,1\n", "line 3: epoch 3 of model nn where epoch 2 was expected"},
      {good + good, "line 3: epoch 1 of model nn where epoch 2"},
      {",1,0.5,0.9,0.9,1\n", "line 2: the model name is empty"},
      {"nn,1,0.5,0.9,0.9,1,\n", "line 2: expected 6 fields, found 7"},
      {"nn,1,0.5,0.9,0.9,\n", "line 2: '' is not a number"},
      {"nn,1,0.5,0.9,0.9,1\r\n", "line 2: a carriage return"},
      {"nn,0x1,0.5,0.9,0.9,1\n", "line 2: '0x1' is not a whole number"},
      {"nn, 1,0.5,0.9,0.9,1\n", "line 2: ' 1' is not a whole number"},
      {"nn,1e0,0.5,0.9,0.9,1\n", "line 2: '1e0' is not a whole number"},
      {"nn,+1,0.5,0.9,0.9,1\n", "line 2: '+1' is not a whole number"},
  };
  for (const auto& bad : cases)
    BOOST_TEST(metrics_error(bad.rows).find(bad.message_part) != std::string::npos,
               bad.rows << " -> " << metrics_error(bad.rows));
  // Models may interleave; each counts its own epochs.
  BOOST_TEST(metrics_error(good + "lr,1,0.5,0.9,0.9,1\nnn,2,0.5,1,0,0\n").empty());
}

BOOST_AUTO_TEST_CASE(batch_losses_count_epochs_and_batches_from_one) {
  BOOST_TEST(metrics_error("nn,1,1,0.5\nnn,1,2,0.5\nnn,2,1,0.5\nlr,1,1,0.5\n", true).empty());
  BOOST_TEST(metrics_error("nn,0,0,0.5\n", true)
                 .find("line 2: epoch 0 batch 0 of model nn where epoch 1 batch 1 was expected") !=
             std::string::npos);
  BOOST_TEST(metrics_error("nn,1,1,0.5\nnn,1,3,0.5\n", true)
                 .find("line 3: epoch 1 batch 3 of model nn where epoch 1 batch 2 or epoch 2 batch "
                       "1 was expected") != std::string::npos);
  BOOST_TEST(metrics_error("nn,1,1,0.5\nnn,1,2,-inf\n", true)
                 .find("line 3: loss '-inf' is not a finite number") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(model_names_csv_cannot_carry_are_refused_when_writing) {
  TemporaryDirectory dir;
  for (const std::string& name : {"a,b"s, "say \"hi\""s, "two\nlines"s, ""s}) {
    BOOST_CHECK_EXCEPTION(
        write_metrics_csv(dir.path / "m.csv", {{name, 1, 0.5, 0.9, 0.9, 1}}), UsageError,
        [&](const UsageError& e) { return contains(e.what(), "the model name '" + name + "'"); });
    BOOST_CHECK_THROW(write_batch_losses_csv(dir.path / "b.csv", {{name, 1, 1, 0.5}}), UsageError);
  }
  BOOST_TEST(!fs::exists(dir.path / "m.csv"));
  BOOST_TEST(!fs::exists(dir.path / "b.csv"));
}

BOOST_AUTO_TEST_CASE(atomic_write_keeps_the_old_file_on_failure) {
  TemporaryDirectory dir;
  const fs::path file = dir.path / "kept.txt";
  write_file_atomically(file, "old");
  BOOST_TEST(read_bytes(file) == "old");
  write_file_atomically(file, "new");
  BOOST_TEST(read_bytes(file) == "new");
  // A target that is a directory cannot be replaced: the error names it, nothing is left behind.
  fs::create_directories(dir.path / "occupied" / "inner");
  BOOST_CHECK_EXCEPTION(write_file_atomically(dir.path / "occupied", "x"), Error,
                        [](const Error& e) { return contains(e.what(), "occupied"); });
  BOOST_CHECK_THROW(write_file_atomically(dir.path / "no" / "such" / "dir.txt", "x"), Error);
  std::size_t entries = 0;
  for (const auto& entry : fs::directory_iterator(dir.path))
    entries += entry.path().filename().string().find(".tmp-") != std::string::npos;
  BOOST_TEST(entries == 0u);
}
