// kudzu-compare's K-class path on made-up data: the models for three classes, learning a
// small synthetic three-class problem, and the decisions and confusion matrices drawn from
// them.
#define BOOST_TEST_MODULE compare_experiment
#include <boost/test/unit_test.hpp>
#include <numeric>
#include <vector>

#include "decisions.hpp"
#include "experiment.hpp"
#include "kudzu/error.hpp"
#include "kudzu/networks.hpp"

using namespace kudzu;
using namespace kudzu::compare;

namespace {

constexpr std::size_t features = 6, per_class = 60;

// Three clouds of points in 6-D, class k around a centre of its own (3 at coordinate k,
// 0 elsewhere) with noise of standard deviation 0.6: apart, but not trivially.
void add_clouds(Tensor& x, Tensor& y, std::vector<std::uint8_t>& digits, Rng& rng,
                const std::vector<int>& names) {
  x = Tensor::empty({3 * per_class, features});
  y = Tensor::empty({3 * per_class, 1});
  digits.clear();
  for (std::size_t i = 0; i < 3 * per_class; ++i) {
    const std::size_t k = i % 3;
    for (std::size_t f = 0; f < features; ++f)
      x.data()[i * features + f] = static_cast<float>((f == k ? 3.0 : 0.0) + 0.6 * rng.normal());
    y.data()[i] = static_cast<float>(k);
    digits.push_back(static_cast<std::uint8_t>(names[k]));
  }
}

DigitPair three_clouds(const std::vector<int>& names) {
  Rng rng(5);
  DigitPair data;
  add_clouds(data.x_train, data.y_train, data.digits_train, rng, names);
  add_clouds(data.x_test, data.y_test, data.digits_test, rng, names);
  return data;
}

Options quick_options() {
  Options options;
  options.digits = {4, 7, 9};
  options.epochs = 15;
  options.optimizer = "adam";
  options.learning_rate = 0.01f;
  options.batch_size = 20;
  options.quiet = true;
  options.progress = false;
  return options;
}

}  // namespace

BOOST_AUTO_TEST_CASE(three_classes_get_softmax_models_with_three_outputs) {
  Rng rng(1);
  const Model network = original_network(784, 3, 2, rng);
  BOOST_TEST(describe_architecture(network) ==
             "784-100-100-2-3 (affine, relu, affine, relu, affine, affine, softmax)");
  BOOST_TEST(describe_architecture(original_network(784, 10, 10, rng)) ==
             "784-100-100-10-10 (affine, relu, affine, relu, affine, affine, softmax)");
  BOOST_TEST(describe_architecture(linear_classifier(784, 3, rng)) == "784-3 (affine, softmax)");
  // Two classes keep the original sigmoid models.
  BOOST_TEST(describe_architecture(original_network(784, 2, 2, rng)) ==
             "784-100-100-2-1 (affine, relu, affine, relu, affine, affine, sigmoid)");
  BOOST_TEST(describe_architecture(linear_classifier(784, 2, rng)) == "784-1 (affine, sigmoid)");
  BOOST_TEST(regression_title(3) == "softmax regression");
  BOOST_TEST(regression_title(2) == "logistic regression");
}

BOOST_AUTO_TEST_CASE(both_models_learn_a_three_class_problem) {
  const DigitPair data = three_clouds({4, 7, 9});
  const Options options = quick_options();
  for (const bool network : {true, false}) {
    Rng rng(options.seed);
    Model model =
        network ? original_network(features, 3, 2, rng) : linear_classifier(features, 3, rng);
    const ModelRun run = train_model(network ? "nn" : "lr", "model", model, data, options, {});
    BOOST_TEST(run.epochs.size() == 15u);
    BOOST_TEST(run.test_accuracy > 0.95, (network ? "network" : "regression"));
    BOOST_TEST(run.train_accuracy > 0.95, (network ? "network" : "regression"));
    // Its outputs are probabilities over the three classes.
    const Tensor p = run.model(data.x_test);
    BOOST_TEST(p.shape() == Shape(3 * per_class, 3));
    BOOST_TEST(p(0, 0) + p(0, 1) + p(0, 2) == 1.0f, boost::test_tools::tolerance(1e-5f));
    // The confusion matrix of its decisions agrees with the accuracy the Learner measured.
    const Confusion confusion = confusion_matrix(classes_of(data.digits_test, options.digits),
                                                 decide(run.model, data.x_test).classes, 3);
    BOOST_TEST(confusion.accuracy() == run.test_accuracy, boost::test_tools::tolerance(1e-12));
    for (std::size_t k = 0; k < 3; ++k) {
      std::size_t row = 0;
      for (std::size_t d = 0; d < 3; ++d) row += confusion.at(k, d);
      BOOST_TEST(row == per_class);  // every image of class k, once
      BOOST_TEST(confusion.class_accuracy(k) > 0.9);
    }
  }
}

BOOST_AUTO_TEST_CASE(a_sigmoid_decides_on_the_first_class_from_one_half) {
  // 784-1 with zero weights and a bias b: p = sigmoid(b) for every image.
  Tensor w = Tensor::zeros({4, 1});
  for (const auto& [bias, decided, probability] :
       {std::tuple{2.0f, 0, 0.8807970779778823}, std::tuple{-2.0f, 1, 0.8807970779778823}}) {
    const Model model({Affine("linear", w, Tensor::from({1, 1}, {bias})), Sigmoid("sigmoid")});
    const Decisions decisions = decide(model, Tensor::zeros({3, 4}));
    BOOST_TEST(decisions.classes == std::vector<int>(3, decided), boost::test_tools::per_element());
    BOOST_TEST(decisions.probabilities[0] == probability, boost::test_tools::tolerance(1e-6));
  }
}

BOOST_AUTO_TEST_CASE(confusion_counts_rows_by_truth_and_columns_by_decision) {
  BOOST_TEST(classes_of({9, 4, 7, 9}, {4, 7, 9}) == std::vector<int>({2, 0, 1, 2}),
             boost::test_tools::per_element());
  BOOST_CHECK_THROW(classes_of({5}, {4, 7, 9}), UsageError);
  const Confusion confusion = confusion_matrix({0, 0, 1, 2, 2, 2}, {0, 1, 1, 2, 0, 2}, 3);
  BOOST_TEST(confusion.counts == std::vector<std::size_t>({1, 1, 0, 0, 1, 0, 1, 0, 2}),
             boost::test_tools::per_element());
  BOOST_TEST(confusion.class_accuracy(0) == 0.5);
  BOOST_TEST(confusion.class_accuracy(2) == 2.0 / 3);
  BOOST_TEST(confusion.accuracy() == 4.0 / 6);
  BOOST_CHECK_THROW(confusion_matrix({0, 1}, {0}, 3), UsageError);
  BOOST_CHECK_THROW(confusion_matrix({0, 3}, {0, 1}, 3), UsageError);
}
