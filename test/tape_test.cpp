// The tape's contract (DESIGN.md, "Tape semantics"): what is recorded and on which thread,
// how backward sweeps and accumulates, what it releases, and the errors for misuse. Then the
// handle semantics of tensors, and the ShapeError messages that name the op and every shape.
#define BOOST_TEST_MODULE tape
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "kudzu/autograd.hpp"
#include "kudzu/error.hpp"
#include "kudzu/ops.hpp"

namespace {

using namespace kudzu;

// Runs `call`, expects an exception of type E whose message is exactly `expected`.
template <class E, class Call>
void expect_message(Call call, const std::string& expected) {
  try {
    call();
    BOOST_ERROR("expected \"" << expected << "\", nothing was thrown");
  } catch (const E& error) {
    BOOST_TEST(std::string(error.what()) == expected);
  }
}

// Runs `call`, expects an exception of type E whose message contains every fragment.
template <class E, class Call>
void expect_fragments(Call call, std::initializer_list<std::string> fragments) {
  try {
    call();
    BOOST_ERROR("expected an exception, nothing was thrown");
  } catch (const E& error) {
    const std::string message = error.what();
    for (const std::string& fragment : fragments)
      BOOST_TEST(message.find(fragment) != std::string::npos,
                 "message \"" << message << "\" lacks \"" << fragment << "\"");
  }
}

// Every test starts from an empty tape, whatever the one before left behind.
struct EmptyTape {
  EmptyTape() { clear_tape(); }
  ~EmptyTape() { clear_tape(); }
};

Tensor leaf(const Shape& shape, float value) {
  return Tensor::full(shape, value).requires_grad(true);
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(tape, EmptyTape)

// ---- Recording.

BOOST_AUTO_TEST_CASE(an_op_is_recorded_only_when_an_input_requires_a_gradient) {
  const Tensor constant = Tensor::ones({2, 2});
  const Tensor not_recorded = constant * 2.0f + constant;
  BOOST_TEST(tape_size() == 0u);
  BOOST_TEST(!not_recorded.requires_grad());

  const Tensor x = leaf({2, 2}, 1.0f);
  const Tensor recorded = x * constant;
  BOOST_TEST(tape_size() == 1u);
  BOOST_TEST(recorded.requires_grad());
}

BOOST_AUTO_TEST_CASE(recording_is_per_thread) {
  const Tensor x = leaf({3}, 1.0f);
  const Tensor y = exp(x);
  BOOST_REQUIRE(tape_size() == 1u);

  std::size_t other_before = 99, other_after = 99;
  bool other_recording = false;
  {
    NoGrad off_here;  // must not turn recording off on the other thread
    std::thread other([&] {
      // Tensors are not shared across threads: this one is the thread's own.
      Tensor z = Tensor::ones({4}).requires_grad(true);
      other_before = tape_size();
      other_recording = is_recording();
      Tensor loss = sum(z * z);
      other_after = tape_size();
      loss.backward();
    });
    other.join();
    BOOST_TEST(!is_recording());
  }
  BOOST_TEST(other_before == 0u);  // this thread's op is not on the other's tape
  BOOST_TEST(other_recording);
  BOOST_TEST(other_after == 2u);
  BOOST_TEST(tape_size() == 1u);  // the other thread's ops did not land here
  BOOST_TEST(is_recording());
}

BOOST_AUTO_TEST_CASE(a_graph_recorded_on_another_thread_is_not_swept_here) {
  // Generations are unique across threads, so the loss from another thread's tape (released
  // when that thread ended) is not mistaken for a node of this one.
  Tensor w = leaf({3}, 2.0f);
  Tensor loss;
  std::thread recorder([&] { loss = sum(w * w); });
  recorder.join();
  const Tensor pending_here = exp(w);  // this thread's own graph must stay intact
  expect_fragments<UsageError>([&] { loss.backward(); }, {"backward", "released"});
  BOOST_TEST(tape_size() == 1u);
  clear_tape();
}

BOOST_AUTO_TEST_CASE(no_grad_records_nothing_restores_and_nests) {
  const Tensor x = leaf({2}, 3.0f);
  BOOST_TEST(is_recording());
  {
    NoGrad outer;
    BOOST_TEST(!is_recording());
    const Tensor y = x * x;
    BOOST_TEST(tape_size() == 0u);
    BOOST_TEST(!y.requires_grad());
    BOOST_TEST(y.to_vector() == (std::vector<float>{9, 9}), boost::test_tools::per_element());
    {
      NoGrad inner;
      BOOST_TEST(!is_recording());
    }
    BOOST_TEST(!is_recording());  // the inner guard restored "off", not "on"
  }
  BOOST_TEST(is_recording());
  const Tensor z = x * x;
  BOOST_TEST(tape_size() == 1u);
}

BOOST_AUTO_TEST_CASE(dump_tape_reads_like_a_program) {
  const Tensor x = Tensor::ones({4, 3});
  const Tensor w = leaf({3, 2}, 0.5f), b = leaf({1, 2}, 0.0f);
  const Tensor y = sigmoid(matmul(x, w) + b);
  const Tensor loss = binary_cross_entropy(y, Tensor::zeros({4, 2}));
  BOOST_TEST(dump_tape() ==
             "%0 = matmul(const{4,3}, leaf{3,2}) -> {4,2}\n"
             "%1 = add(%0, leaf{1,2}) -> {4,2}\n"
             "%2 = sigmoid(%1) -> {4,2}\n"
             "%3 = binary_cross_entropy(%2, const{4,2}) -> {}\n");
  BOOST_TEST(dump_tape<double>().empty());
}

// ---- Backward.

BOOST_AUTO_TEST_CASE(backward_on_a_size_one_tensor_of_any_rank) {
  const Tensor x = leaf({2, 2}, 2.0f);
  Tensor loss = sum(x * x, 1, true);  // {2,1}: not size 1
  loss = reshape(sum(loss), {1, 1});  // {1,1}: size 1, rank 2
  loss.backward();
  BOOST_TEST(x.grad().to_vector() == (std::vector<float>{4, 4, 4, 4}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(backward_with_a_seed_of_any_shape) {
  const Tensor x = Tensor::from({2, 3}, {1, 2, 3, 4, 5, 6}).requires_grad(true);
  Tensor y = x * x;
  y.backward(Tensor::from({2, 3}, {1, 0, 1, 0, 1, 0}));  // d(seed . y)/dx = seed * 2x
  BOOST_TEST(x.grad().to_vector() == (std::vector<float>{2, 0, 6, 0, 10, 0}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(backward_without_a_seed_needs_a_single_value) {
  Tensor y = leaf({2, 3}, 1.0f) * 2.0f;
  expect_message<ShapeError>([&] { y.backward(); },
                             "backward: the tensor {2,3} is not a single value; pass a seed of "
                             "the same shape");
  expect_message<ShapeError>(
      [&] {
        y.backward(Tensor::ones({3, 2}));
      },
      "backward: seed {3,2} does not match the tensor {2,3}");
}

BOOST_AUTO_TEST_CASE(backward_on_a_tensor_that_requires_no_gradient) {
  Tensor constant = sum(Tensor::ones({3}));
  expect_fragments<UsageError>([&] { constant.backward(); },
                               {"backward", "{}", "does not require a gradient"});
  Tensor under_no_grad;
  {
    NoGrad guard;
    under_no_grad = sum(leaf({3}, 1.0f));
  }
  expect_fragments<UsageError>([&] { under_no_grad.backward(); }, {"NoGrad"});
}

BOOST_AUTO_TEST_CASE(fan_out_sums_the_gradients) {
  const Tensor x = leaf({3}, 2.0f);
  Tensor y = sum(x * 3.0f + x * 4.0f);  // one input feeding two branches
  y.backward();
  BOOST_TEST(x.grad().to_vector() == (std::vector<float>{7, 7, 7}),
             boost::test_tools::per_element());

  const Tensor z = leaf({3}, 2.0f);
  Tensor twice = sum(z + z);  // the same tensor in both operands of one op
  twice.backward();
  BOOST_TEST(z.grad().to_vector() == (std::vector<float>{2, 2, 2}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(leaves_accumulate_until_zero_grad) {
  Tensor x = leaf({2}, 3.0f);
  const Tensor before_any = x.grad();
  BOOST_TEST(before_any.to_vector() == (std::vector<float>{0, 0}),
             boost::test_tools::per_element());
  for (int step = 1; step <= 2; ++step) {
    Tensor loss = sum(x * x);
    loss.backward();
    BOOST_TEST(x.grad().to_vector() == (std::vector<float>(2, 6.0f * step)),
               boost::test_tools::per_element());
  }
  x.zero_grad();
  BOOST_TEST(x.grad().to_vector() == (std::vector<float>{0, 0}), boost::test_tools::per_element());
  Tensor loss = sum(x * x);
  loss.backward();
  BOOST_TEST(x.grad().to_vector() == (std::vector<float>{6, 6}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(the_sweep_releases_every_node) {
  const Tensor x = leaf({4}, 1.0f);
  Tensor loss = mean(tanh(x * 2.0f + 1.0f));
  BOOST_TEST(tape_size() == 5u);
  loss.backward();
  BOOST_TEST(tape_size() == 0u);
  BOOST_TEST(dump_tape().empty());
  // The values survive the release; only the graph is gone.
  BOOST_TEST(loss.item() == std::tanh(3.0f));
}

BOOST_AUTO_TEST_CASE(a_second_backward_through_a_released_graph_is_an_error) {
  const Tensor x = leaf({3}, 1.0f);
  Tensor hidden = exp(x);
  Tensor loss = sum(hidden);
  loss.backward();
  expect_fragments<UsageError>([&] { loss.backward(); }, {"backward", "released"});
  expect_fragments<UsageError>([&] { sum(hidden).backward(); }, {"backward", "released"});
  // clear_tape() releases too.
  Tensor again = sum(x * 2.0f);
  clear_tape();
  expect_fragments<UsageError>([&] { again.backward(); }, {"released"});
  BOOST_TEST(x.grad().to_vector() == (std::vector<float>(3, std::exp(1.0f))),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_new_graph_that_reads_a_released_one_is_an_error_not_a_lost_gradient) {
  // w's share through `hidden` would otherwise be dropped without a word.
  Tensor w = leaf({1}, 2.0f);
  const Tensor hidden = w * 3.0f;
  Tensor first = sum(hidden * hidden);
  first.backward();
  BOOST_TEST(w.grad().item() == 36.0f);

  Tensor second = sum(hidden * w);
  BOOST_TEST(dump_tape() == "%0 = mul(released{1}, leaf{1}) -> {1}\n%1 = sum(%0) -> {}\n");
  expect_fragments<UsageError>([&] { second.backward(); }, {"mul", "{1}", "released", "detach()"});
  BOOST_TEST(tape_size() == 0u);

  // detach() makes the old value a constant: then it is fine.
  w.zero_grad();
  Tensor third = sum(hidden.detach() * w);
  third.backward();
  BOOST_TEST(w.grad().item() == 6.0f);
}

BOOST_AUTO_TEST_CASE(a_deep_graph_is_swept_without_recursion) {
  const Tensor x = leaf({1}, 0.0f);
  Tensor y = x;
  for (int i = 0; i < 100000; ++i) y = y + 1.0f;
  BOOST_TEST(tape_size() == 100000u);
  y.backward();
  BOOST_TEST(y.item() == 100000.0f);
  BOOST_TEST(x.grad().item() == 1.0f);
  BOOST_TEST(tape_size() == 0u);
}

BOOST_AUTO_TEST_CASE(only_leaves_have_a_gradient_to_read) {
  const Tensor x = leaf({2}, 1.0f);
  Tensor y = x * 2.0f;
  expect_fragments<UsageError>([&] { y.grad(); }, {"grad", "{2}", "only leaves"});
  expect_fragments<UsageError>([&] { y.requires_grad(false); }, {"requires_grad", "leaves"});
}

BOOST_AUTO_TEST_CASE(a_recorded_tensor_cannot_be_changed_in_place) {
  Tensor x = leaf({2}, 1.0f);
  Tensor y = x * 2.0f;
  expect_fragments<UsageError>([&] { y.copy_(Tensor::zeros({2})); }, {"copy_", "{2}", "recorded"});
  expect_fragments<UsageError>([&] { y.fill_(0.0f); }, {"fill_", "recorded"});
  // Nor can a leaf the pending graph reads, nor a view of either: d y / d x would then be
  // computed from values that did not make y.
  Tensor w = leaf({2}, 3.0f);
  Tensor z = sum(x * w);
  expect_fragments<UsageError>([&] { x.fill_(100.0f); }, {"fill_", "recorded", "backward()"});
  expect_fragments<UsageError>([&] { y.detach().fill_(0.5f); }, {"fill_", "recorded"});
  expect_fragments<UsageError>([&] { reshape(w, {2, 1}).detach().fill_(0.5f); }, {"fill_"});
  // The gradient buffer is not what the graph reads: it may be reset by hand, or through a view.
  w.grad().fill_(7.0f);
  reshape(w.grad(), {1, 2}).fill_(0.0f);
  z.backward();
  BOOST_TEST(w.grad().to_vector() == (std::vector<float>{1, 1}), boost::test_tools::per_element());
  // But a graph that reads the gradient itself protects it, through every view of it.
  Tensor v = leaf({2}, 1.0f);
  Tensor uses_gradient = sum(w.grad() * v);
  expect_fragments<UsageError>([&] { w.grad().fill_(0.0f); }, {"fill_", "recorded"});
  expect_fragments<UsageError>([&] { reshape(w.grad(), {1, 2}).fill_(0.0f); }, {"fill_"});
  expect_fragments<UsageError>([&] { w.zero_grad(); }, {"zero_grad", "gradient", "grad()"});
  w.copy_(Tensor::full({2}, 9.0f));  // the values are not what that graph reads
  uses_gradient.backward();
  BOOST_TEST(v.grad().to_vector() == (std::vector<float>{1, 1}), boost::test_tools::per_element());
  // Once the graph is swept, a leaf can change (that is what optimizers do), with a matching
  // shape.
  x.copy_(Tensor::full({2}, 5.0f));
  BOOST_TEST(x.to_vector() == (std::vector<float>{5, 5}), boost::test_tools::per_element());
  expect_message<ShapeError>([&] { x.copy_(Tensor::zeros({3})); },
                             "copy_: source {3} does not match destination {2}");
}

// ---- Handles, views and copies.

BOOST_AUTO_TEST_CASE(copying_a_handle_shares_storage) {
  Tensor a = Tensor::zeros({2, 2});
  Tensor b = a;
  BOOST_TEST(b.data() == a.data());
  b(1, 0) = 7.0f;
  BOOST_TEST(a(1, 0) == 7.0f);
  Tensor c;
  BOOST_TEST(!c.defined());
  c = a;
  BOOST_TEST(c.data() == a.data());
  const Tensor d = a.detach();
  BOOST_TEST(d.data() == a.data());
  BOOST_TEST(!d.requires_grad());
}

BOOST_AUTO_TEST_CASE(reshape_shares_storage) {
  Tensor x = Tensor::arange(6.0f);
  Tensor r = reshape(x, {2, 3});
  BOOST_TEST(r.data() == x.data());
  BOOST_TEST(r.shape() == (Shape{2, 3}));
  x(4) = 40.0f;
  BOOST_TEST(r(1, 1) == 40.0f);
  // ... and a recorded reshape passes the gradient back element by element.
  const Tensor w = leaf({6}, 1.0f);
  Tensor loss = sum(reshape(w, {3, 2}) * reshape(x, {3, 2}));
  loss.backward();
  BOOST_TEST(w.grad().to_vector() == x.to_vector(), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(clone_copies_and_is_recorded) {
  const Tensor x = Tensor::from({2}, {1, 2}).requires_grad(true);
  Tensor c = x.clone();
  BOOST_TEST(c.data() != x.data());
  BOOST_TEST(c.to_vector() == x.to_vector(), boost::test_tools::per_element());
  BOOST_TEST(tape_size() == 1u);
  BOOST_TEST(dump_tape() == "%0 = clone(leaf{2}) -> {2}\n");
  Tensor loss = sum(c * 3.0f);
  loss.backward();
  BOOST_TEST(x.grad().to_vector() == (std::vector<float>{3, 3}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(float_double_round_trip) {
  Rng rng(1);
  const Tensor x = Tensor::randn({3, 4}, rng).requires_grad(true);
  const TensorD d = x.to<double>();
  BOOST_TEST(!d.requires_grad());
  BOOST_TEST(d.shape() == x.shape());
  BOOST_TEST(tape_size() == 0u);  // a conversion is a new leaf, not a recorded op
  const Tensor back = d.to<float>();
  BOOST_TEST(back.to_vector() == x.to_vector(), boost::test_tools::per_element());
  BOOST_TEST(back.data() != x.data());
  const std::vector<double> values = d.to_vector();
  for (std::size_t i = 0; i < values.size(); ++i) BOOST_TEST(values[i] == double(x.data()[i]));
}

BOOST_AUTO_TEST_CASE(element_access_is_bounds_checked) {
  Tensor x = Tensor::arange(12.0f);
  Tensor m = reshape(x, {3, 4});
  BOOST_TEST(m(2, 3) == 11.0f);
  expect_message<ShapeError>([&] { m(3, 0); },
                             "element access: index 3 on axis 0 is out of range for shape {3,4}");
  expect_message<ShapeError>([&] { m(0, 4); },
                             "element access: index 4 on axis 1 is out of range for shape {3,4}");
  expect_message<ShapeError>([&] { m(1); },
                             "element access: 1 indices for a tensor of shape {3,4}");
  expect_fragments<ShapeError>([&] { m(-1, 0); }, {"element access: index -1 is negative"});
  expect_message<ShapeError>([&] { m.item(); }, "item: the tensor {3,4} has 12 elements, not 1");
}

// ---- Shape errors name the op and every shape.

BOOST_AUTO_TEST_CASE(matmul_shape_errors) {
  expect_message<ShapeError>(
      [] {
        matmul(Tensor::zeros({50, 784}), Tensor::zeros({100, 784}));
      },
      "matmul: {50,784} x {100,784}: inner dimensions 784 and 100 differ");
  expect_message<ShapeError>(
      [] {
        matmul(Tensor::zeros({2, 3, 4}), Tensor::zeros({4, 2}));
      },
      "matmul: {2,3,4} x {4,2}: both operands must be 2-D");
  expect_message<ShapeError>(
      [] {
        transpose(Tensor::zeros({2, 3, 4}));
      },
      "transpose: {2,3,4} is not 2-D");
}

BOOST_AUTO_TEST_CASE(broadcasting_errors) {
  expect_message<ShapeError>(
      [] {
        Tensor::zeros({3, 4}) + Tensor::zeros({3, 5});
      },
      "add: shapes {3,4} and {3,5} do not broadcast (axis 1: 4 vs 5)");
  expect_message<ShapeError>(
      [] {
        mul(Tensor::zeros({2, 3, 4}), Tensor::zeros({5, 1}));
      },
      "mul: shapes {2,3,4} and {5,1} do not broadcast (axis 1: 3 vs 5)");
  expect_message<ShapeError>([] { Tensor::zeros({4}) / Tensor::zeros({3}); },
                             "div: shapes {4} and {3} do not broadcast (axis 0: 4 vs 3)");
  // A failed op records nothing.
  const Tensor x = leaf({3}, 1.0f);
  BOOST_CHECK_THROW(x - Tensor::zeros({2}), ShapeError);
  BOOST_TEST(tape_size() == 0u);
}

BOOST_AUTO_TEST_CASE(zero_sized_axes_broadcast_against_one) {
  // NumPy: 0 against 1 gives 0 (not the larger of the two).
  const Tensor empty_rows = leaf({0, 3}, 0.0f);
  const Tensor sum_of_nothing = empty_rows + Tensor::ones({1, 3});
  BOOST_TEST(sum_of_nothing.shape() == (Shape{0, 3}));
  Tensor total = sum(sum_of_nothing);
  BOOST_TEST(total.item() == 0.0f);
  total.backward();
}

BOOST_AUTO_TEST_CASE(reshape_and_axis_errors) {
  const Tensor x = Tensor::zeros({3, 4});
  expect_message<ShapeError>(
      [&] {
        reshape(x, {5, 2});
      },
      "reshape: {3,4} (12 elements) cannot become {5,2} (10 elements)");
  expect_message<ShapeError>([&] { sum(x, 2); }, "sum: axis 2 is out of range for {3,4}");
  expect_message<ShapeError>([&] { mean(x, -3, true); }, "mean: axis -3 is out of range for {3,4}");
  expect_message<ShapeError>([&] { max(x, 5); }, "max: axis 5 is out of range for {3,4}");
  expect_message<ShapeError>([&] { softmax(x, 2); }, "softmax: axis 2 is out of range for {3,4}");
  expect_message<ShapeError>([&] { log_softmax(x, -3); },
                             "log_softmax: axis -3 is out of range for {3,4}");
  expect_message<ShapeError>([] { sum(Tensor::zeros({}), -1); },
                             "sum: axis -1 is out of range for {}");
  expect_message<ShapeError>([] { max(Tensor::zeros({0})); },
                             "max: cannot take the maximum of an empty axis of {0}");
}

BOOST_AUTO_TEST_CASE(bad_loss_arguments) {
  expect_message<ShapeError>(
      [] {
        binary_cross_entropy(Tensor::zeros({4, 1}), Tensor::zeros({4}));
      },
      "binary_cross_entropy: probabilities {4,1} and targets {4} must have the same shape");
  expect_message<ShapeError>(
      [] {
        binary_cross_entropy_with_logits(Tensor::zeros({4}), Tensor::zeros({1, 4}));
      },
      "binary_cross_entropy_with_logits: logits {4} and targets {1,4} must have the same shape");
  expect_message<ShapeError>(
      [] {
        mse_loss(Tensor::zeros({2, 3}), Tensor::zeros({3, 2}));
      },
      "mse_loss: prediction {2,3} and target {3,2} must have the same shape");
  expect_message<ShapeError>(
      [] {
        cross_entropy(Tensor::zeros({2, 4}), Tensor::zeros({3}));
      },
      "cross_entropy: logits {2,4} and labels {3}: expected logits {N,C} and labels {N}");
  expect_message<ShapeError>(
      [] {
        gather_columns(Tensor::zeros({2, 4}), Tensor::zeros({2, 1}));
      },
      "gather_columns: x {2,4} and columns {2,1}: expected x {N,C} and "
      "columns {N}");
  expect_message<UsageError>(
      [] {
        gather_columns(Tensor::zeros({2, 4}), Tensor::from({2}, {0, 4}));
      },
      "gather_columns: x {2,4} and columns {2}: column 4 of row 1 is not a column index in [0, "
      "4)");
  // A label that is no class index is a bad value, not a bad shape.
  expect_message<UsageError>(
      [] {
        cross_entropy(Tensor::zeros({2, 4}), Tensor::from({2}, {1, 4}));
      },
      "cross_entropy: logits {2,4} and labels {2}: label 4 of row 1 is not a class index in [0, "
      "4)");
  expect_message<UsageError>(
      [] {
        cross_entropy(Tensor::zeros({2, 4}), Tensor::from({2}, {1.5f, 0}));
      },
      "cross_entropy: logits {2,4} and labels {2}: label 1.5 of row 0 is not a class index in [0, "
      "4)");
  expect_fragments<UsageError>(
      [] {
        cross_entropy(Tensor::zeros({2, 4}), Tensor::from({2}, {0, -1}));
      },
      {"label -1 of row 1"});
}

BOOST_AUTO_TEST_CASE(factory_errors) {
  expect_message<UsageError>([] { Tensor::arange(0.0f, 1e30f); },
                             "Tensor::arange: start 0, stop 1e+30, step 1 do not make a finite "
                             "count of at most 2^48 values");
  expect_fragments<UsageError>([] { Tensor::arange(0.0f, std::nanf("")); }, {"stop nan"});
  expect_message<ShapeError>(
      [] {
        Tensor::from({2, 3}, {1, 2, 3, 4, 5});
      },
      "Tensor::from: shape {2,3} holds 6 values but 5 were given");
  expect_message<ShapeError>(
      [] {
        Tensor::zeros({1, 2, 3, 4, 5});
      },
      "Shape: rank 5 is above the maximum of 4");
  expect_message<ShapeError>([] { Tensor::zeros({2, -1}); }, "Shape: dimension 1 is negative (-1)");
  // An element count that would overflow must not wrap around to a small buffer.
  expect_message<ShapeError>(
      [] {
        Tensor::zeros({1LL << 32, 1LL << 32});
      },
      "Shape: {4294967296,4294967296} has more than 2^48 elements");
  expect_message<ShapeError>([] { Tensor::zeros({1LL << 62}); },
                             "Shape: {4611686018427387904} has more than 2^48 elements");
  expect_message<ShapeError>(
      [] {
        matmul(Tensor::zeros({1LL << 25, 0}), Tensor::zeros({0, 1LL << 25}));
      },
      "Shape: {33554432,33554432} has more than 2^48 elements");
  // Nor may reducing away a zero dimension leave too many.
  expect_message<ShapeError>(
      [] {
        sum(Tensor::zeros({0, 1LL << 40, 1LL << 40}), 0);
      },
      "Shape: {1099511627776,1099511627776} has more than 2^48 elements");
  // Empty stays empty, however large the other dimensions.
  BOOST_TEST(Shape({1LL << 40, 1LL << 40, 0}).size() == 0u);
  BOOST_TEST(Shape({1LL << 24, 1LL << 24}).size() == Shape::max_size);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(a_tensor_prints_as_nested_lists) {
  auto printed = [](const Tensor& t) {
    std::ostringstream text;
    text << t;
    return text.str();
  };
  BOOST_TEST(printed(reshape(Tensor::arange(8.0f), {2, 2, 2})) ==
             "Tensor{2,2,2} [[[0, 1], [2, 3]], [[4, 5], [6, 7]]]");
  BOOST_TEST(printed(Tensor::full({}, 5.0f)) == "Tensor{} 5");
  BOOST_TEST(printed(Tensor::arange(10.0f)) == "Tensor{10} [0, 1, 2, 3, 4, 5, 6, 7, ...]");
  BOOST_TEST(printed(Tensor()) == "Tensor(empty)");
}
