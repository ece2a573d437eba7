// Layers, models and losses: initialization, parameter sharing, slicing, and gradient checks
// in double precision of each layer and of whole models with each loss. The double path is
// the same code as the float one (each layer's forward is one template), which the
// float-against-double test confirms.
#define BOOST_TEST_MODULE nn
#include "kudzu/nn.hpp"

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "kudzu/autograd.hpp"
#include "kudzu/error.hpp"
#include "kudzu/gradcheck.hpp"
#include "kudzu/layer_kinds.hpp"
#include "kudzu/loss.hpp"
#include "kudzu/networks.hpp"
#include "kudzu/ops.hpp"
#include "support.hpp"

namespace {

using namespace kudzu;
using kudzu::testing::contains;

// The model's parameters as doubles, for Model::forward and gradcheck.
std::vector<TensorD> parameters_in_double(const Model& model) {
  std::vector<TensorD> values;
  for (const NamedParameter& p : model.parameters()) values.push_back(p.value.to<double>());
  return values;
}

// gradcheck of loss(model(x), target) with respect to x and every parameter of the model.
GradcheckReport check_model_with_loss(const Model& model, const Loss& loss, const TensorD& x,
                                      const TensorD& target) {
  std::vector<TensorD> inputs = {x};
  for (TensorD& p : parameters_in_double(model)) inputs.push_back(p);
  auto function = [&](const std::vector<TensorD>& in) {
    const std::span<const TensorD> parameters(in.data() + 1, in.size() - 1);
    return loss(model.forward(in[0], parameters), target);
  };
  return gradcheck(function, inputs);
}

BOOST_AUTO_TEST_CASE(glorot_normal_in_double_has_the_glorot_spread) {
  Rng rng(2);
  const TensorD w = TensorD::glorot_normal(300, 100, rng);
  BOOST_TEST((w.shape() == Shape{300, 100}));
  BOOST_TEST(!w.requires_grad());
  double sum = 0, sum_of_squares = 0;
  for (double v : w.to_vector()) sum += v, sum_of_squares += v * v;
  const double n = double(w.size()), mean = sum / n;
  BOOST_TEST(std::abs(mean) < 0.003);
  BOOST_TEST(std::sqrt(sum_of_squares / n - mean * mean) == std::sqrt(2.0 / 400.0),
             boost::test_tools::tolerance(0.02));
}

BOOST_AUTO_TEST_CASE(affine_has_glorot_normal_weights_and_zero_biases) {
  Rng rng(1);
  const Affine layer("first", 784, 100, rng);
  const Tensor w = layer.parameter("w"), b = layer.parameter("b");
  BOOST_TEST((w.shape() == Shape{784, 100}));
  BOOST_TEST((b.shape() == Shape{1, 100}));
  BOOST_TEST(w.requires_grad());
  BOOST_TEST(b.requires_grad());
  double sum = 0, sum_of_squares = 0;
  for (float v : w.to_vector()) sum += v, sum_of_squares += double(v) * v;
  const double n = double(w.size()), mean = sum / n;
  const double stddev = std::sqrt(sum_of_squares / n - mean * mean);
  BOOST_TEST(std::abs(mean) < 0.002);
  BOOST_TEST(stddev == std::sqrt(2.0 / 884.0), boost::test_tools::tolerance(0.02));
  for (float v : b.to_vector()) BOOST_TEST(v == 0.0f);
}

BOOST_AUTO_TEST_CASE(affine_draws_from_the_default_generator_that_manual_seed_resets) {
  manual_seed(7);
  const std::vector<float> first = Affine("a", 3, 2).parameter("w").to_vector();
  const std::vector<float> second = Affine("a", 3, 2).parameter("w").to_vector();
  manual_seed(7);
  const std::vector<float> again = Affine("a", 3, 2).parameter("w").to_vector();
  BOOST_TEST(first == again);
  BOOST_TEST(first != second);
}

BOOST_AUTO_TEST_CASE(affine_computes_x_w_plus_b) {
  const Affine layer("a", Tensor::from({2, 2}, {1, 2, 3, 4}), Tensor::from({1, 2}, {10, 20}));
  const Tensor y = layer(Tensor::from({1, 2}, {1, -1}));
  BOOST_TEST(y.to_vector() == (std::vector<float>{1 - 3 + 10, 2 - 4 + 20}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(affine_rejects_inconsistent_shapes_naming_the_layer) {
  BOOST_CHECK_EXCEPTION(Affine("bad", Tensor::zeros({3, 2}), Tensor::zeros({1, 3})), ShapeError,
                        [](const ShapeError& e) { return contains(e.what(), "'bad'"); });
  Rng rng(2);
  const Affine layer("second", 100, 10, rng);
  BOOST_CHECK_EXCEPTION(layer(Tensor::zeros({5, 99})), ShapeError, [](const ShapeError& e) {
    return contains(e.what(), "'second'") && contains(e.what(), "{5,99}");
  });
}

BOOST_AUTO_TEST_CASE(activations_apply_their_op) {
  const Tensor x = Tensor::from({2, 3}, {-1, 0, 2, 3, -4, 0.5f});
  const std::vector<float> values = x.to_vector();
  const std::vector<float> relu_values = Relu()(x).to_vector();
  const std::vector<float> sigmoid_values = Sigmoid()(x).to_vector();
  const std::vector<float> tanh_values = Tanh()(x).to_vector();
  for (std::size_t i = 0; i < values.size(); ++i) {
    BOOST_TEST(relu_values[i] == std::max(values[i], 0.0f));
    BOOST_TEST(sigmoid_values[i] == 1 / (1 + std::exp(-values[i])),
               boost::test_tools::tolerance(1e-6f));
    BOOST_TEST(tanh_values[i] == std::tanh(values[i]), boost::test_tools::tolerance(1e-6f));
  }
  const Tensor p = Softmax()(x);
  for (std::size_t row = 0; row < 2; ++row) {
    const float total = p(row, 0) + p(row, 1) + p(row, 2);
    BOOST_TEST(total == 1.0f, boost::test_tools::tolerance(1e-6f));
  }
  BOOST_TEST(p(0, 2) > p(0, 1));
}

// The kind table is what model files build layers from: each layer class must be in it
// under the kind it reports, and each entry must build a layer of its own kind from
// parameters its shape rule accepts (and refuse the shapes the layer itself refuses).
BOOST_AUTO_TEST_CASE(every_layer_kind_is_in_the_table_and_builds_its_own_kind) {
  Rng rng(4);
  const std::vector<Layer> layers = {Affine("a", 3, 2, rng),
                                     Relu(),
                                     Sigmoid(),
                                     Tanh(),
                                     Softmax(),
                                     Unflatten("u", 2, 3, 4),
                                     Conv2d("c", 2, 3, 3, 2, 1, rng),
                                     MaxPool2d("p", 3, 2),
                                     Flatten()};
  BOOST_TEST(layer_kinds().size() == layers.size());
  for (const Layer& layer : layers) {
    const LayerKind* kind = find_layer_kind(layer.kind());
    BOOST_TEST_REQUIRE(kind != nullptr, "no kind '" << layer.kind() << "' in the table");
    BOOST_TEST(kind->name == layer.kind());
    BOOST_TEST_REQUIRE(kind->parameter_names.size() == layer.parameters().size());
    std::vector<Shape> shapes;
    std::vector<Tensor> values;
    for (std::size_t i = 0; i < layer.parameters().size(); ++i) {
      BOOST_TEST(kind->parameter_names[i] == layer.parameters()[i].name);
      shapes.push_back(layer.parameters()[i].value.shape());
      values.push_back(layer.parameters()[i].value);
    }
    BOOST_TEST_REQUIRE(kind->setting_names.size() == layer.settings().size());
    BOOST_TEST(kind->problem(shapes, layer.settings()).empty());
    const Layer built = kind->make("built", values, layer.settings());
    BOOST_TEST(built.kind() == layer.kind());
    BOOST_TEST(std::vector(built.settings().begin(), built.settings().end()) ==
                   std::vector(layer.settings().begin(), layer.settings().end()),
               boost::test_tools::per_element());
    BOOST_TEST(built.name() == "built");
    for (std::size_t i = 0; i < values.size(); ++i)
      BOOST_TEST(built.parameters()[i].value.data() == values[i].data());  // shared, not copied
  }
  const Shape bad[] = {Shape{3, 2}, Shape{1, 3}};
  BOOST_TEST(find_layer_kind("affine")->problem(std::span<const Shape>(bad), {}) ==
             "w {3,2} and b {1,3}: expected w {nin,nout} and b {1,nout}");
  const Shape filters[] = {Shape{3, 2, 3, 3}, Shape{3}};
  const std::size_t no_stride[] = {0, 1};
  BOOST_TEST(find_layer_kind("conv2d")->problem(std::span<const Shape>(filters),
                                                std::span<const std::size_t>(no_stride)) ==
             "stride 0: expected 1 to 4096");
  const std::size_t huge_window[] = {5000, 2};
  BOOST_TEST(
      find_layer_kind("max_pool2d")->problem({}, std::span<const std::size_t>(huge_window)) ==
      "kernel 5000: expected 1 to 4096");
  BOOST_TEST(find_layer_kind("tanx") == nullptr);
  BOOST_TEST(find_layer_kind("") == nullptr);
}

BOOST_AUTO_TEST_CASE(copies_of_a_layer_share_its_parameters) {
  Rng rng(3);
  const Affine layer("a", 2, 2, rng);
  const Layer copy = layer;
  Tensor w = copy.parameter("w");
  w.fill_(5.0f);
  BOOST_TEST(layer.parameter("w")(1, 1) == 5.0f);
  BOOST_CHECK_THROW(layer.parameter("weights"), UsageError);
}

BOOST_AUTO_TEST_CASE(a_model_names_its_parameters_by_layer) {
  Rng rng(4);
  const Model model = original_network(784, 2, 2, rng);
  std::vector<std::string> names;
  for (const NamedParameter& p : model.parameters()) names.push_back(p.name);
  const std::vector<std::string> expected = {"first.w", "first.b", "second.w", "second.b",
                                             "third.w", "third.b", "output.w", "output.b"};
  BOOST_TEST(names == expected, boost::test_tools::per_element());
  BOOST_TEST_REQUIRE(model.params_and_grads().size() == 8u);
  BOOST_TEST((model.params_and_grads()[6].gradient.shape() == Shape{2, 1}));
  BOOST_TEST(model(Tensor::zeros({3, 784})).shape() == (Shape{3, 1}));
  clear_tape();
}

BOOST_AUTO_TEST_CASE(a_slice_shares_parameters_and_composes_back_to_the_model) {
  Rng rng(5);
  const Model model = original_network(784, 2, 2, rng);
  const Model embed = model.slice(0, 5);
  const Model head = model.slice(-2, 7);
  BOOST_TEST(embed.layers().size() == 5u);
  BOOST_TEST(head.layers().size() == 2u);
  BOOST_TEST(model.slice(0, -2).layers().size() == 5u);
  BOOST_TEST(head.parameters()[0].name == "output.w");

  NoGrad no_grad;
  const Tensor x = Tensor::uniform({4, 784}, rng);
  const Tensor composed = head(embed(x)), whole = model(x);
  BOOST_TEST(composed.to_vector() == whole.to_vector(), boost::test_tools::per_element());

  Tensor w = head.parameters()[0].value;  // shared: changing it changes the whole model
  w.fill_(0.0f);
  for (float p : model(x).to_vector()) BOOST_TEST(p == 0.5f);

  // Out-of-range bounds are clamped, as Python's slices are.
  BOOST_TEST(model.slice(0, 8).layers().size() == 7u);
  BOOST_TEST(model.slice(5, 4).layers().empty());
  BOOST_TEST(model.slice(-8, 2).layers().size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_clone_has_the_same_layers_and_values_in_parameters_of_its_own) {
  Rng rng(6);
  const Model model = original_network(784, 2, 2, rng);
  const Model copy = model.clone();
  BOOST_TEST(copy.layers().size() == model.layers().size());
  BOOST_TEST(copy.layers().back().is_sigmoid());
  for (std::size_t i = 0; i < model.parameters().size(); ++i) {
    BOOST_TEST(copy.parameters()[i].name == model.parameters()[i].name);
    BOOST_TEST(copy.parameters()[i].value.to_vector() == model.parameters()[i].value.to_vector(),
               boost::test_tools::per_element());
  }
  NoGrad no_grad;
  const Tensor x = Tensor::uniform({4, 784}, rng);
  const std::vector<float> before = copy(x).to_vector();
  BOOST_TEST(before == model(x).to_vector(), boost::test_tools::per_element());
  Tensor(model.parameters()[6].value).fill_(0.0f);  // output.w: the model now says 0.5
  BOOST_TEST(copy(x).to_vector() == before, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_model_refuses_affine_layers_whose_widths_do_not_chain) {
  Rng rng(12);
  BOOST_CHECK_EXCEPTION(Model({Affine("first", 4, 3, rng), Relu(), Affine("second", 2, 1, rng)}),
                        ShapeError, [](const ShapeError& e) {
                          return contains(e.what(), "'second' takes 2 inputs but affine layer 'first' gives 3");
                        });
}

BOOST_AUTO_TEST_CASE(a_model_called_under_no_grad_records_nothing) {
  Rng rng(6);
  const Model model = original_network(784, 2, 2, rng);
  clear_tape();
  {
    NoGrad no_grad;
    const Tensor p = model(Tensor::uniform({2, 784}, rng));
    BOOST_TEST(!p.requires_grad());
    BOOST_TEST(tape_size() == 0u);
  }
  const Tensor p = model(Tensor::uniform({2, 784}, rng));
  BOOST_TEST(p.requires_grad());
  BOOST_TEST(tape_size() > 0u);
  clear_tape();
}

BOOST_AUTO_TEST_CASE(the_double_forward_computes_what_the_float_forward_does) {
  Rng rng(7);
  const Model model({Affine("a", 5, 4, rng), Tanh(), Affine("b", 4, 3, rng), Softmax()});
  const Tensor x = Tensor::randn({6, 5}, rng);
  NoGrad no_grad;
  const std::vector<float> in_float = model(x).to_vector();
  const std::vector<double> in_double =
      model.forward(x.to<double>(), parameters_in_double(model)).to_vector();
  for (std::size_t i = 0; i < in_float.size(); ++i)
    BOOST_TEST(double(in_float[i]) == in_double[i], boost::test_tools::tolerance(1e-5));
  BOOST_CHECK_THROW(model.forward(x.to<double>(), {}), UsageError);
}

BOOST_AUTO_TEST_CASE(gradcheck_of_each_layer) {
  Rng rng(8);
  const Affine affine("a", 4, 3, rng);
  const TensorD x = TensorD::randn({5, 4}, rng);
  const std::vector<TensorD> affine_inputs = {x, TensorD::randn({4, 3}, rng),
                                              TensorD::randn({1, 3}, rng)};
  const GradcheckReport affine_report = gradcheck(
      [&](const std::vector<TensorD>& in) {
        return affine.forward(in[0], std::span<const TensorD>(in).subspan(1));
      },
      affine_inputs);
  BOOST_TEST(affine_report.passed, affine_report.summary());

  // Inputs at least 0.1 away from relu's kink at 0, where central differences straddle it.
  TensorD away_from_zero = TensorD::uniform({5, 4}, rng, 0.1, 1.0);
  for (std::size_t i = 0; i < away_from_zero.size(); i += 2) away_from_zero.data()[i] *= -1;
  const std::vector<Layer> activations = {Relu(), Sigmoid(), Tanh(), Softmax()};
  for (const Layer& layer : activations) {
    const GradcheckReport report = gradcheck(
        [&](const std::vector<TensorD>& in) { return layer.forward(in[0], {}); }, {away_from_zero});
    BOOST_TEST(report.passed, std::string(layer.kind()) + ": " + report.summary());
  }
}

BOOST_AUTO_TEST_CASE(gradcheck_of_a_model_with_each_loss) {
  Rng rng(9);
  const BCE bce;
  const MSE mse;
  const CrossEntropy cross_entropy;
  struct Case {
    const char* name;
    Model model;
    const Loss& loss;
    TensorD target;
  };
  const Case cases[] = {
      {"BCE",
       Model({Affine("first", 6, 5, rng), Relu(), Affine("third", 5, 2, rng),
              Affine("output", 2, 1, rng), Sigmoid()}),
       bce, TensorD::from({7, 1}, {1, 0, 0, 1, 1, 0, 1})},
      {"MSE", Model({Affine("first", 6, 4, rng), Tanh(), Affine("output", 4, 2, rng)}), mse,
       TensorD::randn({7, 2}, rng)},
      {"CrossEntropy", Model({Affine("first", 6, 4, rng), Sigmoid(), Affine("output", 4, 3, rng)}),
       cross_entropy, TensorD::from({7, 1}, {0, 2, 1, 2, 0, 1, 1})},
  };
  for (const Case& c : cases) {
    const TensorD x = TensorD::randn({7, 6}, rng);
    const GradcheckReport report = check_model_with_loss(c.model, c.loss, x, c.target);
    BOOST_TEST(report.passed, c.name << ": " << report.summary());
  }
}

BOOST_AUTO_TEST_CASE(bce_of_a_model_ending_in_sigmoid_is_exact_where_it_saturates) {
  // Logits of +-40 round the sigmoid to exactly 1 or 0 in float; wrong labels must still cost
  // 40 each (the logits form), with a gradient of +-1 / N, not an infinity or a clamp at 100.
  const Tensor w = Tensor::from({1, 1}, {40}), b = Tensor::from({1, 1}, {0});
  const Model model({Affine("output", w, b), Sigmoid()});
  const Tensor x = Tensor::from({2, 1}, {1, -1});
  const Tensor y = Tensor::from({2, 1}, {0, 1});
  Tensor loss = BCE().of_model(model, x, y);
  BOOST_TEST(loss.item() == 40.0f, boost::test_tools::tolerance(1e-6f));
  loss.backward();
  // d/dw of mean(40 w x terms) = (1*1 + (-1)*(-1)) / 2 = 1.
  BOOST_TEST(model.params_and_grads()[0].gradient.item() == 1.0f,
             boost::test_tools::tolerance(1e-6f));
  clear_tape();
  // The plain loss of the probabilities depends on their values alone, however they were
  // built: sigmoid(40) rounds to 1, whose wrong label costs the clamp's 100; sigmoid(-40) is
  // about 4e-18 in float, which costs 40. Mean (100 + 40) / 2.
  BOOST_TEST(BCE()(model(x), y).item() == 70.0f, boost::test_tools::tolerance(1e-5f));
  BOOST_TEST(BCE()(model(x).detach(), y).item() == 70.0f, boost::test_tools::tolerance(1e-5f));
}

BOOST_AUTO_TEST_CASE(bce_of_a_model_not_ending_in_sigmoid_is_the_plain_loss) {
  // A Sigmoid that is not last is not skipped: of_model is then loss(model(x), y).
  const Model model(
      {Sigmoid(), Affine("output", Tensor::from({1, 1}, {0.5f}), Tensor::from({1, 1}, {0.25f}))});
  const Tensor x = Tensor::from({2, 1}, {0.0f, 2.0f});
  const Tensor y = Tensor::from({2, 1}, {1, 0});
  BOOST_TEST(BCE().of_model(model, x, y).item() == BCE()(model(x), y).item());
  BOOST_TEST(model.layers().front().is_sigmoid());
  BOOST_TEST(!model.layers().back().is_sigmoid());
}

BOOST_AUTO_TEST_CASE(apply_first_runs_a_prefix_of_the_layers) {
  Rng rng(4);
  const Model model({Affine("first", 3, 2, rng), Relu(), Affine("output", 2, 1, rng), Sigmoid()});
  const Tensor x = Tensor::randn({5, 3}, rng);
  for (std::size_t count : {0u, 1u, 3u, 4u, 9u}) {
    const NoGrad no_grad;
    BOOST_TEST(model.apply_first(count, x).to_vector() ==
                   model.slice(0, std::ptrdiff_t(count))(x).to_vector(),
               boost::test_tools::per_element());
  }
}

BOOST_AUTO_TEST_CASE(losses_compute_their_op) {
  const Tensor p = Tensor::from({2, 1}, {0.8f, 0.3f}), y = Tensor::from({2, 1}, {1, 0});
  const float bce = -(std::log(0.8f) + std::log(0.7f)) / 2;
  BOOST_TEST(BCE()(p, y).item() == bce, boost::test_tools::tolerance(1e-6f));
  BOOST_TEST(MSE()(p, y).item() == (0.04f + 0.09f) / 2, boost::test_tools::tolerance(1e-6f));
  const Tensor logits = Tensor::from({1, 2}, {0, std::log(3.0f)});
  BOOST_TEST(CrossEntropy()(logits, Tensor::from({1}, {1})).item() == -std::log(0.75f),
             boost::test_tools::tolerance(1e-6f));
  BOOST_TEST(CrossEntropy()(logits, Tensor::from({1, 1}, {0})).item() == -std::log(0.25f),
             boost::test_tools::tolerance(1e-6f));
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_layer_used_twice_in_a_model_is_refused) {
  const Affine shared("shared", 3, 3);
  BOOST_CHECK_EXCEPTION(Model({shared, Relu(), shared}), UsageError, [](const UsageError& e) {
    return std::string(e.what()).find("uses parameter shared.w again") != std::string::npos;
  });
}

BOOST_AUTO_TEST_CASE(conv2d_has_glorot_normal_filters_and_computes_the_op) {
  Rng rng(13);
  const Conv2d layer("conv", 16, 32, 5, 2, 1, rng);
  const Tensor w = layer.parameter("w");
  BOOST_TEST((w.shape() == Shape{32, 16, 5, 5}));
  BOOST_TEST((layer.parameter("b").shape() == Shape{32}));
  BOOST_TEST(layer.parameter("b").to_vector() == std::vector<float>(32, 0.0f),
             boost::test_tools::per_element());
  BOOST_TEST(w.requires_grad());
  BOOST_TEST(std::vector(layer.settings().begin(), layer.settings().end()) ==
                 (std::vector<std::size_t>{2, 1}),
             boost::test_tools::per_element());
  double sum_of_squares = 0;
  for (float v : w.to_vector()) sum_of_squares += double(v) * v;
  BOOST_TEST(std::sqrt(sum_of_squares / double(w.size())) == std::sqrt(2.0 / (48 * 25)),
             boost::test_tools::tolerance(0.03));
  NoGrad no_grad;
  const Tensor x = Tensor::randn({2, 16, 9, 7}, rng);
  BOOST_TEST(layer(x).to_vector() == conv2d(x, w, layer.parameter("b"), 2, 1).to_vector(),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(pooling_flatten_and_unflatten_reshape_as_documented) {
  const Tensor rows = Tensor::arange(24.0f);
  const Tensor x = reshape(rows, {2, 12});
  const Tensor images = Unflatten("image", 3, 2, 2)(x);
  BOOST_TEST((images.shape() == Shape{2, 3, 2, 2}));
  BOOST_TEST(images.to_vector() == rows.to_vector(), boost::test_tools::per_element());
  const Tensor flat = Flatten()(images);
  BOOST_TEST((flat.shape() == Shape{2, 12}));
  BOOST_TEST(flat.to_vector() == rows.to_vector(), boost::test_tools::per_element());
  const Tensor pooled = MaxPool2d("pool", 2, 2)(images);
  BOOST_TEST((pooled.shape() == Shape{2, 3, 1, 1}));
  BOOST_TEST(pooled.to_vector() == (std::vector<float>{3, 7, 11, 15, 19, 23}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(image_layers_reject_rows_and_bad_settings_naming_the_layer) {
  Rng rng(14);
  const Tensor rows = Tensor::zeros({3, 784});
  BOOST_CHECK_EXCEPTION(Conv2d("conv1", 1, 6, 5, 1, 2, rng)(rows), ShapeError,
                        [](const ShapeError& e) {
                          return contains(e.what(),
                                          "Conv2d 'conv1': input {3,784} is not "
                                          "{N,C,H,W} images; an Unflatten layer");
                        });
  BOOST_CHECK_EXCEPTION(MaxPool2d("pool", 2, 2)(rows), ShapeError, [](const ShapeError& e) {
    return contains(e.what(), "MaxPool2d 'pool': input {3,784}");
  });
  BOOST_CHECK_EXCEPTION(Unflatten("image", 1, 28, 27)(rows), ShapeError, [](const ShapeError& e) {
    return contains(e.what(), "Unflatten 'image': input {3,784} is not {N,756}");
  });
  BOOST_CHECK_EXCEPTION(Conv2d("c", 1, 6, 5, 0, 0, rng), UsageError, [](const UsageError& e) {
    return contains(e.what(), "Conv2d 'c': stride 0: expected 1 to 4096");
  });
  BOOST_CHECK_EXCEPTION(Conv2d("c", 0, 6, 5), UsageError, [](const UsageError& e) {
    return contains(e.what(), "Conv2d 'c': in_channels 0");
  });
  BOOST_CHECK_THROW(MaxPool2d("p", 0, 2), UsageError);
  BOOST_CHECK_THROW(Unflatten("u", 1, 0, 28), UsageError);
  BOOST_CHECK_EXCEPTION(
      Conv2d("c", Tensor::zeros({6, 1, 5, 4}), Tensor::zeros({6}), 1, 0), ShapeError,
      [](const ShapeError& e) { return contains(e.what(), "Conv2d 'c': w {6,1,5,4} and b {6}"); });
}

// A LeNet in miniature: the Affine after Flatten takes what the images give, not what the
// Affine before Unflatten gave, so the model must not compare those two widths.
Model small_lenet(Rng& rng) {
  return Model({Affine("in", 5, 36, rng), Unflatten("image", 1, 6, 6),
                Conv2d("conv", 1, 2, 3, 1, 1, rng), Relu(), MaxPool2d("pool", 2, 2), Flatten(),
                Affine("out", 18, 3, rng)});
}

BOOST_AUTO_TEST_CASE(a_model_of_image_layers_chains_through_shape_changes) {
  Rng rng(15);
  const Model model = small_lenet(rng);
  BOOST_TEST(model.parameters().size() == 6u);
  BOOST_TEST(model.parameters()[2].name == "conv.w");
  NoGrad no_grad;
  const Tensor x = Tensor::randn({4, 5}, rng);
  BOOST_TEST((model(x).shape() == Shape{4, 3}));
  BOOST_TEST((model.apply_first(6, x).shape() == Shape{4, 18}));
  BOOST_TEST((model.slice(1, 5)(Tensor::randn({4, 36}, rng)).shape() == Shape{4, 2, 3, 3}));
}

BOOST_AUTO_TEST_CASE(gradcheck_of_a_model_of_image_layers) {
  Rng rng(16);
  const Model model = small_lenet(rng);
  const TensorD x = TensorD::randn({3, 5}, rng);
  const GradcheckReport report =
      check_model_with_loss(model, CrossEntropy(), x, TensorD::from({3, 1}, {0, 2, 1}));
  BOOST_TEST(report.passed, report.summary());
}
