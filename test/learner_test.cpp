// The Learner and its callbacks: training to 100% on separable data, the order of the hooks,
// early stopping, the NaN guard, AccCallback's records and line (also evaluated on a
// ThreadPool), the accuracy helper, and bit-identical repeated runs.
#define BOOST_TEST_MODULE learner
#include "kudzu/learner.hpp"

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "kudzu/autograd.hpp"

namespace {

using namespace kudzu;

// Points in the plane labelled by the side of the line x0 + 2 x1 = 0 they lie on, none
// closer to it than 0.2: separable by a logistic regression.
Data separable_points(std::size_t count, Rng& rng) {
  Tensor x = Tensor::empty({count, 2}), y = Tensor::empty({count, 1});
  for (std::size_t i = 0; i < count;) {
    const float a = float(rng.uniform() * 4 - 2), b = float(rng.uniform() * 4 - 2);
    const float side = a + 2 * b;
    if (std::abs(side) < 0.2f * std::sqrt(5.0f)) continue;
    x(i, 0) = a, x(i, 1) = b, y(i, 0) = side > 0 ? 1.0f : 0.0f;
    ++i;
  }
  return Data(x, y);
}

BOOST_AUTO_TEST_CASE(the_learner_separates_separable_data_completely) {
  Rng rng(1);
  const Data train = separable_points(200, rng), test = separable_points(100, rng);
  // Starts from the worst weights there are: every point on the wrong side.
  Model model({Affine("output", Tensor::from({2, 1}, {-1, -2}), Tensor::zeros({1, 1})), Sigmoid()});
  BCE loss;
  GD opt(0.05f);
  Dataloader dl(train, Sampler(train, 20, true, 1));
  Learner learner(loss, model, opt, 60);
  AccCallback acc(learner, 64, test);
  acc.set_output(nullptr);
  learner.set_callbacks({&acc});
  BOOST_TEST(learner.train_loop(dl) == 60u);
  BOOST_TEST(acc.accuracies.front() < 0.9);
  BOOST_TEST(acc.accuracies.back() == 1.0);
  BOOST_TEST(acc.test_accuracies.back() == 1.0);
  BOOST_TEST(acc.losses.back() < 0.25 * acc.losses.front());
  BOOST_TEST(tape_size() == 0u);
}

// Writes every hook call as a word, and returns false from the hook named `stop_at`, at
// epoch/batch `stop_epoch`/`stop_batch`.
struct Recorder : Callback {
  std::vector<std::string>& log;
  std::string stop_at;
  std::size_t stop_epoch = 0, stop_batch = 0;
  std::size_t epoch = 0, batch = 0;

  explicit Recorder(std::vector<std::string>& shared_log, std::string stop = "")
      : log(shared_log), stop_at(std::move(stop)) {}
  bool record(const std::string& hook) {
    log.push_back(hook);
    return !(hook == stop_at && epoch == stop_epoch && batch == stop_batch);
  }
  bool fit_start() override { return record("fit_start"); }
  bool epoch_start(std::size_t e) override {
    epoch = e;
    return record("epoch_start " + std::to_string(e));
  }
  bool batch_start(std::size_t b) override {
    batch = b;
    return record("batch_start " + std::to_string(b));
  }
  bool after_loss(float) override { return record("after_loss"); }
  bool batch_end() override { return record("batch_end"); }
  bool epoch_end() override { return record("epoch_end"); }
  bool fit_end() override { return record("fit_end"); }
};

struct TinyTraining {
  Rng rng{2};
  Data data = separable_points(6, rng);
  Model model{{Affine("output", 2, 1, rng), Sigmoid()}};
  BCE loss;
  GD opt{0.1f};
  Dataloader dl{data, Sampler(data, 3)};  // two batches per epoch
};

BOOST_AUTO_TEST_CASE(hooks_are_called_in_order_on_every_callback) {
  TinyTraining t;
  std::vector<std::string> log;
  Recorder first(log), second(log);
  Learner learner(t.loss, t.model, t.opt, 2);
  learner.set_callbacks({&first, &second});
  learner.train_loop(t.dl);
  std::vector<std::string> expected;
  auto both = [&](const std::string& hook) { expected.insert(expected.end(), {hook, hook}); };
  both("fit_start");
  for (int epoch = 0; epoch < 2; ++epoch) {
    both("epoch_start " + std::to_string(epoch));
    for (int batch = 0; batch < 2; ++batch) {
      both("batch_start " + std::to_string(batch));
      both("after_loss");
      both("batch_end");
    }
    both("epoch_end");
  }
  both("fit_end");
  BOOST_TEST(log == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_hook_returning_false_stops_after_the_current_step) {
  TinyTraining t;
  std::vector<std::string> log;
  Recorder stopper(log, "after_loss"), witness(log);
  stopper.stop_epoch = 1;  // second epoch, first batch
  Learner learner(t.loss, t.model, t.opt, 5);
  learner.set_callbacks({&stopper, &witness});
  const std::vector<float> before = t.model.parameters()[0].value.to_vector();
  BOOST_TEST(learner.train_loop(t.dl) == 2u);
  const std::vector<std::string> tail(log.end() - 8, log.end());
  const std::vector<std::string> expected = {"after_loss", "after_loss", "batch_end", "batch_end",
                                             "epoch_end",  "epoch_end",  "fit_end",   "fit_end"};
  BOOST_TEST(tail == expected, boost::test_tools::per_element());
  BOOST_TEST(witness.batch == 0u);  // the second batch of that epoch never started
  BOOST_TEST(t.model.parameters()[0].value.to_vector() != before);
}

BOOST_AUTO_TEST_CASE(a_non_finite_loss_stops_training_and_keeps_the_last_good_parameters) {
  Rng rng(3);
  Data data = separable_points(12, rng);
  data.x(7, 1) = std::nanf("");  // row 7: in batch 3 (index 2) of every epoch, unshuffled
  Model model({Affine("output", 2, 1, rng), Sigmoid()});
  BCE loss;
  GD opt(0.1f);
  Dataloader dl(data, Sampler(data, 3));

  // The parameters as they were when the loss of batch index 1 was computed (finite).
  struct Snapshot : Callback {
    Learner* learner = nullptr;
    std::vector<float> w;
    bool after_loss(float) override {
      if (learner->batch() == 1) w = learner->model().parameters()[0].value.to_vector();
      return true;
    }
  } snapshot;
  Learner learner(loss, model, opt, 3);
  snapshot.learner = &learner;
  learner.set_callbacks({&snapshot});
  BOOST_CHECK_EXCEPTION(
      learner.train_loop(dl), NonFiniteLossError, [](const NonFiniteLossError& e) {
        return e.epoch == 0 && e.batch == 2 &&
               std::string(e.what()).find("epoch 1/3, batch 3/4") != std::string::npos;
      });
  BOOST_TEST(model.parameters()[0].value.to_vector() == snapshot.w,
             boost::test_tools::per_element());
  BOOST_TEST(tape_size() == 0u);
  BOOST_CHECK_THROW(learner.dataloader(), UsageError);
}

BOOST_AUTO_TEST_CASE(acc_callback_records_every_epoch_and_prints_one_line_each) {
  TinyTraining t;
  Learner learner(t.loss, t.model, t.opt, 3);
  AccCallback acc(learner, 4, t.data);
  std::ostringstream out;
  acc.set_output(&out);
  learner.set_callbacks({&acc});
  learner.train_loop(t.dl);
  BOOST_TEST(acc.losses.size() == 3u);
  BOOST_TEST(acc.batch_losses.size() == 6u);
  BOOST_TEST(acc.accuracies.size() == 3u);
  BOOST_TEST(acc.test_accuracies.size() == 3u);
  BOOST_TEST(acc.epoch_seconds.size() == 3u);
  BOOST_TEST(acc.losses[1] == (acc.batch_losses[2] + acc.batch_losses[3]) / 2);
  std::istringstream lines(out.str());
  std::string line;
  for (int epoch = 1; epoch <= 3; ++epoch) {
    std::getline(lines, line);
    char expected[64];
    std::snprintf(expected, sizeof expected, "epoch %d/3  loss %.4f  train ", epoch,
                  acc.losses[epoch - 1]);
    BOOST_TEST(line.rfind(expected, 0) == 0u, line);
    BOOST_TEST(line.find("  test ") != std::string::npos);
    BOOST_TEST(line.substr(line.size() - 2) == " s");
  }
  BOOST_TEST(!std::getline(lines, line));

  learner.train_loop(t.dl);  // a second fit starts the records afresh
  BOOST_TEST(acc.losses.size() == 3u);
}

BOOST_AUTO_TEST_CASE(accuracy_thresholds_one_output_and_takes_the_arg_max_of_several) {
  // One output: the identity model on probabilities.
  const Model identity({Relu()});
  const Data probabilities(Tensor::from({4, 1}, {0.9f, 0.2f, 0.5f, 0.4f}),
                           Tensor::from({4, 1}, {1, 0, 0, 0}));
  BOOST_TEST(accuracy(identity, probabilities, 3) == 0.75);
  // Several outputs: class indices ({N,1} and {N}) and one-hot rows.
  const Tensor scores =
      Tensor::from({3, 3}, {0.1f, 0.7f, 0.2f, 0.5f, 0.1f, 0.4f, 0.0f, 0.0f, 1.0f});
  BOOST_TEST(accuracy(identity, Data(scores, Tensor::from({3, 1}, {1, 2, 2})), 1) == 2.0 / 3);
  BOOST_TEST(accuracy(identity, Data(scores, Tensor::from({3}, {1, 0, 2})), 100) == 1.0);
  const Tensor one_hot = Tensor::from({3, 3}, {0, 1, 0, 0, 0, 1, 1, 0, 0});
  BOOST_TEST(accuracy(identity, Data(scores, one_hot), 2) == 1.0 / 3);
  BOOST_CHECK_THROW(accuracy(identity, probabilities, 0), UsageError);
  BOOST_TEST(tape_size() == 0u);
}

struct RunRecord {
  std::vector<double> losses, batch_losses, accuracies, test_accuracies;
};

RunRecord seeded_run(ThreadPool* pool = nullptr, std::ostream* out = nullptr) {
  manual_seed(11);
  Rng data_rng(5);
  const Data train = separable_points(90, data_rng), test = separable_points(30, data_rng);
  Model model({Affine("hidden", 2, 8), Tanh(), Affine("output", 8, 1), Sigmoid()});
  BCE loss;
  Adam opt(0.01f);
  Dataloader dl(train, Sampler(train, 16, true, 42));
  Learner learner(loss, model, opt, 4);
  AccCallback acc(learner, 50, test);
  acc.set_output(out);
  acc.set_pool(pool);
  learner.set_callbacks({&acc});
  learner.train_loop(dl);
  return {acc.losses, acc.batch_losses, acc.accuracies, acc.test_accuracies};
}

BOOST_AUTO_TEST_CASE(a_seeded_run_repeats_bit_for_bit) {
  const RunRecord first = seeded_run(), second = seeded_run();
  BOOST_TEST(first.batch_losses.size() == 24u);
  BOOST_TEST(first.losses == second.losses, boost::test_tools::per_element());
  BOOST_TEST(first.batch_losses == second.batch_losses, boost::test_tools::per_element());
  BOOST_TEST(first.accuracies == second.accuracies, boost::test_tools::per_element());
  BOOST_TEST(first.test_accuracies == second.test_accuracies, boost::test_tools::per_element());
}

// The lines without their last field, the seconds, which differ from run to run.
std::string without_seconds(const std::string& lines) {
  std::istringstream in(lines);
  std::string line, kept;
  while (std::getline(in, line)) kept += line.substr(0, line.rfind("  ")) + "\n";
  return kept;
}

BOOST_AUTO_TEST_CASE(evaluating_on_a_pool_gives_the_same_records_and_lines_in_order) {
  std::ostringstream inline_lines;
  const RunRecord alone = seeded_run(nullptr, &inline_lines);
  for (const std::size_t threads : {1u, 2u}) {
    ThreadPool pool(threads);
    std::ostringstream pool_lines;
    const RunRecord pooled = seeded_run(&pool, &pool_lines);
    BOOST_TEST(pooled.losses == alone.losses, boost::test_tools::per_element());
    BOOST_TEST(pooled.batch_losses == alone.batch_losses, boost::test_tools::per_element());
    BOOST_TEST(pooled.accuracies == alone.accuracies, boost::test_tools::per_element());
    BOOST_TEST(pooled.test_accuracies == alone.test_accuracies, boost::test_tools::per_element());
    BOOST_TEST(without_seconds(pool_lines.str()) == without_seconds(inline_lines.str()));
  }
  BOOST_TEST(alone.accuracies.size() == 4u);
}

// A pool whose one thread is busy for the whole run: the evaluations queue (three at most,
// then the training thread runs the oldest) and still arrive in order, with the same figures.
BOOST_AUTO_TEST_CASE(evaluations_wait_for_a_busy_pool_and_arrive_in_order) {
  std::ostringstream inline_lines;
  const RunRecord alone = seeded_run(nullptr, &inline_lines);
  ThreadPool pool(1);
  std::atomic<bool> release{false};
  Task busy([&] {
    while (!release) std::this_thread::yield();
  });
  busy.submit(pool);
  std::ostringstream pool_lines;
  const RunRecord pooled = seeded_run(&pool, &pool_lines);
  release = true;
  busy.wait();
  BOOST_TEST(pooled.accuracies == alone.accuracies, boost::test_tools::per_element());
  BOOST_TEST(pooled.test_accuracies == alone.test_accuracies, boost::test_tools::per_element());
  BOOST_TEST(without_seconds(pool_lines.str()) == without_seconds(inline_lines.str()));
  BOOST_TEST(pooled.accuracies.size() == 4u);
}

BOOST_AUTO_TEST_CASE(a_pooled_evaluation_reads_a_snapshot_not_the_weights_in_training) {
  // The evaluation of epoch k runs while epoch k+1 changes the weights: were it to read
  // them, its accuracy would be that of a later model. Four epochs, large steps: each
  // epoch's model differs, and the pooled figures still equal the inline ones.
  ThreadPool pool(2);
  const RunRecord pooled = seeded_run(&pool), alone = seeded_run();
  BOOST_TEST(pooled.losses.front() != pooled.losses.back());
  BOOST_TEST(pooled.test_accuracies == alone.test_accuracies, boost::test_tools::per_element());
}

}  // namespace

// Records the learning rate each epoch trained at.
struct RateRecorder : Callback {
  Learner& learner;
  std::vector<float> rates;
  explicit RateRecorder(Learner& l) : learner(l) {}
  bool epoch_start(std::size_t) override {
    rates.push_back(learner.optimizer().learning_rate());
    return true;
  }
};

BOOST_AUTO_TEST_CASE(learning_rate_decay_multiplies_the_rate_after_each_epoch) {
  Rng rng(3);
  const Data train = separable_points(40, rng);
  Model model({Affine("output", 2, 1, rng), Sigmoid()});
  BCE loss;
  GD opt(0.5f);
  Dataloader dl(train, Sampler(train, 20, true, 1));
  Learner learner(loss, model, opt, 3);
  RateRecorder recorder(learner);
  LearningRateDecay decay(learner, 0.5f);
  learner.set_callbacks({&recorder, &decay});
  learner.train_loop(dl);
  BOOST_TEST(recorder.rates == (std::vector<float>{0.5f, 0.25f, 0.125f}),
             boost::test_tools::per_element());
  BOOST_TEST(opt.learning_rate() == 0.0625f);
  BOOST_CHECK_THROW(LearningRateDecay(learner, 0.0f), UsageError);
  BOOST_CHECK_THROW(LearningRateDecay(learner, 1.5f), UsageError);
}
