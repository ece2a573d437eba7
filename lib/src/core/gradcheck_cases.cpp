#include "kudzu/gradcheck_cases.hpp"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <utility>

#include "kudzu/ops.hpp"

namespace kudzu::gradcheck_cases {
namespace {

using Inputs = std::vector<TensorD>;
using Function = GradcheckFunction;

// ---- Inputs. Each generator draws one tensor; the kinds keep the checks meaningful: a
// central difference across a kink (relu at 0, clamp at its bounds, a tie in max) measures
// the average of two slopes, not the derivative.

TensorD normal(const Shape& shape, Rng& rng) { return TensorD::randn(shape, rng); }

// For log, sqrt and fractional powers.
TensorD positive(const Shape& shape, Rng& rng) { return TensorD::uniform(shape, rng, 0.5, 2.0); }

// |x| in [0.3, 2] with either sign: for abs, relu, division and negative powers.
TensorD away_from_zero(const Shape& shape, Rng& rng) {
  TensorD t = TensorD::uniform(shape, rng, 0.3, 2.0);
  for (double& v : std::span<double>(t.data(), t.size()))
    if (rng.uniform() < 0.5) v = -v;
  return t;
}

// Uniform in [-1.5, 1.5] but at least 0.1 from the clamp bounds ±0.5.
TensorD away_from_clamp_bounds(const Shape& shape, Rng& rng) {
  TensorD t = TensorD::uniform(shape, rng, -1.5, 1.5);
  for (double& v : std::span<double>(t.data(), t.size()))
    while (std::abs(std::abs(v) - 0.5) < 0.1) v = -1.5 + 3.0 * rng.uniform();
  return t;
}

// Values 0.3 apart in a random order: every slice has a single maximum, well clear of the
// runner-up.
TensorD distinct(const Shape& shape, Rng& rng) {
  TensorD t = TensorD::empty(shape);
  const std::size_t n = t.size();
  for (std::size_t i = 0; i < n; ++i) t.data()[i] = 0.3 * (double(i) - double(n) / 2);
  for (std::size_t i = n; i > 1; --i) std::swap(t.data()[i - 1], t.data()[rng.below(i)]);
  return t;
}

TensorD probability(const Shape& shape, Rng& rng) { return TensorD::uniform(shape, rng, 0.1, 0.9); }

TensorD binary(const Shape& shape, Rng& rng) {
  TensorD t = TensorD::empty(shape);
  for (double& v : std::span<double>(t.data(), t.size())) v = rng.uniform() < 0.5 ? 0.0 : 1.0;
  return t;
}

using Generator = TensorD (*)(const Shape&, Rng&);

// Inputs drawn by `generator` for each shape in turn.
std::function<Inputs(Rng&)> draw(Generator generator, std::vector<Shape> shapes) {
  return [generator, shapes](Rng& rng) {
    Inputs inputs;
    for (const Shape& shape : shapes) inputs.push_back(generator(shape, rng));
    return inputs;
  };
}

// One input per (generator, shape) pair.
std::function<Inputs(Rng&)> draw_each(std::vector<std::pair<Generator, Shape>> specs) {
  return [specs](Rng& rng) {
    Inputs inputs;
    for (const auto& [generator, shape] : specs) inputs.push_back(generator(shape, rng));
    return inputs;
  };
}

// ---- The catalogue.

class Builder {
 public:
  void add(std::string op, std::string variant, std::function<Inputs(Rng&)> make, Function fn,
           GradcheckOptions options = {}) {
    cases_.push_back(
        Case{std::move(op), std::move(variant), std::move(make), std::move(fn), options});
  }
  std::vector<Case> take() { return std::move(cases_); }

 private:
  std::vector<Case> cases_;
};

void elementwise_cases(Builder& b) {
  // Every broadcasting pattern, with each side as the one that stretches. (Local, not a
  // namespace-scope table: the test suite builds the catalogue during static initialization.)
  struct BroadcastPattern {
    const char* variant;
    Shape a, b;
  };
  const BroadcastPattern broadcast_patterns[] = {
      {"same-shape", {3, 4}, {3, 4}},
      {"row-vector", {3, 4}, {1, 4}},
      {"row-vector-first", {1, 4}, {3, 4}},
      {"column-vector", {3, 4}, {3, 1}},
      {"column-vector-first", {3, 1}, {3, 4}},
      {"rank0-scalar", {3, 4}, {}},
      {"rank0-scalar-first", {}, {3, 4}},
      {"lower-rank", {3, 4}, {4}},
      {"lower-rank-first", {4}, {3, 4}},
      {"column-and-row", {3, 1}, {1, 4}},
      {"both-rank0", {}, {}},
      {"rank3", {2, 3, 4}, {3, 1}},
      {"rank4", {2, 3, 1, 4}, {1, 3, 2, 1}},
  };
  struct BinaryOp {
    const char* op;
    Function fn;
    Generator divisor;  // how the second operand is drawn
  };
  const BinaryOp ops[] = {
      {"add", [](const Inputs& in) { return add(in[0], in[1]); }, normal},
      {"sub", [](const Inputs& in) { return sub(in[0], in[1]); }, normal},
      {"mul", [](const Inputs& in) { return mul(in[0], in[1]); }, normal},
      {"div", [](const Inputs& in) { return div(in[0], in[1]); }, away_from_zero},
  };
  for (const BinaryOp& op : ops)
    for (const BroadcastPattern& p : broadcast_patterns)
      b.add(op.op, p.variant, draw_each({{normal, p.a}, {op.divisor, p.b}}), op.fn);

  b.add("neg", "matrix", draw(normal, {{3, 4}}), [](const Inputs& in) { return neg(in[0]); });
  b.add("add", "tensor,number", draw(normal, {{3, 4}}),
        [](const Inputs& in) { return add(in[0], 0.75); });
  b.add("mul", "tensor,number", draw(normal, {{3, 4}}),
        [](const Inputs& in) { return mul(in[0], -1.5); });
}

void operator_cases(Builder& b) {
  const auto tensors = draw_each({{normal, {3, 4}}, {away_from_zero, {1, 4}}});
  const auto tensor = draw(away_from_zero, {{3, 4}});
  b.add("operator+", "tensor,tensor", tensors, [](const Inputs& in) { return in[0] + in[1]; });
  b.add("operator+", "tensor,number", tensor, [](const Inputs& in) { return in[0] + 2.5; });
  b.add("operator+", "number,tensor", tensor, [](const Inputs& in) { return 2.5 + in[0]; });
  b.add("operator-", "tensor,tensor", tensors, [](const Inputs& in) { return in[0] - in[1]; });
  b.add("operator-", "tensor,number", tensor, [](const Inputs& in) { return in[0] - 2.5; });
  b.add("operator-", "number,tensor", tensor, [](const Inputs& in) { return 2.5 - in[0]; });
  b.add("operator-", "unary", tensor, [](const Inputs& in) { return -in[0]; });
  b.add("operator*", "tensor,tensor", tensors, [](const Inputs& in) { return in[0] * in[1]; });
  b.add("operator*", "tensor,number", tensor, [](const Inputs& in) { return in[0] * 2.5; });
  b.add("operator*", "number,tensor", tensor, [](const Inputs& in) { return 2.5 * in[0]; });
  b.add("operator/", "tensor,tensor", tensors, [](const Inputs& in) { return in[0] / in[1]; });
  b.add("operator/", "tensor,number", tensor, [](const Inputs& in) { return in[0] / 2.5; });
  b.add("operator/", "number,tensor", tensor, [](const Inputs& in) { return 2.5 / in[0]; });
}

void layout_cases(Builder& b) {
  const Function mm = [](const Inputs& in) { return matmul(in[0], in[1]); };
  b.add("matmul", "matrix,matrix", draw(normal, {{3, 4}, {4, 5}}), mm);
  b.add("matmul", "matrix,column", draw(normal, {{3, 4}, {4, 1}}), mm);
  b.add("matmul", "row,matrix", draw(normal, {{1, 4}, {4, 5}}), mm);
  b.add("matmul", "inner-dimension-1", draw(normal, {{3, 1}, {1, 5}}), mm);
  b.add("transpose", "matrix", draw(normal, {{3, 4}}),
        [](const Inputs& in) { return transpose(in[0]); });
  b.add("transpose", "then-matmul", draw(normal, {{4, 3}, {4, 5}}),
        [](const Inputs& in) { return matmul(transpose(in[0]), in[1]); });
  // Column indices are not differentiable: they are part of the function. Row 3 picks the
  // same column as row 1, and column 2 is never picked (its gradient stays 0).
  const TensorD columns = TensorD::from({4}, {1, 3, 0, 3});
  b.add("gather_columns", "4x4", draw(normal, {{4, 4}}),
        [columns](const Inputs& in) { return gather_columns(in[0], columns); });
  b.add("reshape", "{3,4}->{2,6}", draw(normal, {{3, 4}}), [](const Inputs& in) {
    return reshape(in[0], {2, 6});
  });
  b.add("reshape", "{3,4}->{12}", draw(normal, {{3, 4}}),
        [](const Inputs& in) { return reshape(in[0], {12}); });
  b.add("reshape", "{2,3,4}->{6,4}", draw(normal, {{2, 3, 4}}), [](const Inputs& in) {
    return reshape(in[0], {6, 4});
  });
  b.add("reshape", "{}->{1,1}", draw(normal, {{}}), [](const Inputs& in) {
    return reshape(in[0], {1, 1});
  });
  // The view and its source both feed the result: their gradients must add up.
  b.add("reshape", "view-and-source", draw(normal, {{3, 4}}), [](const Inputs& in) {
    return reshape(in[0], {4, 3}) * reshape(in[0] * 2.0, {4, 3}) + reshape(in[0], {4, 3});
  });
  b.add("slice_rows", "middle-rows", draw(normal, {{5, 3}}),
        [](const Inputs& in) { return slice_rows(in[0], 1, 3); });
  b.add("slice_rows", "{4,2,3}-last-row", draw(normal, {{4, 2, 3}}),
        [](const Inputs& in) { return slice_rows(in[0], 3, 1); });
  // Overlapping slices and the source itself: the gradients of shared rows add up.
  b.add("slice_rows", "overlapping", draw(normal, {{4, 3}}), [](const Inputs& in) {
    return slice_rows(in[0], 0, 3) * slice_rows(in[0], 1, 3) + slice_rows(in[0], 1, 3);
  });
  b.add("clone", "matrix", draw(normal, {{3, 4}}),
        [](const Inputs& in) { return in[0].clone() * in[0]; });
}

void reduction_cases(Builder& b) {
  struct Reduction {
    const char* op;
    TensorD (*all)(const TensorD&);
    TensorD (*along)(const TensorD&, int, bool);
    Generator generator;
  };
  const Reduction reductions[] = {
      {"sum", [](const TensorD& x) { return sum(x); },
       [](const TensorD& x, int axis, bool keep) { return sum(x, axis, keep); }, normal},
      {"mean", [](const TensorD& x) { return mean(x); },
       [](const TensorD& x, int axis, bool keep) { return mean(x, axis, keep); }, normal},
      {"max", [](const TensorD& x) { return max(x); },
       [](const TensorD& x, int axis, bool keep) { return max(x, axis, keep); }, distinct},
  };
  struct Along {
    const char* variant;
    Shape shape;
    int axis;
    bool keepdims;
  };
  const Along alongs[] = {
      {"axis=0", {3, 4}, 0, false},
      {"axis=1", {3, 4}, 1, false},
      {"axis=-1", {3, 4}, -1, false},
      {"axis=-2", {3, 4}, -2, false},
      {"axis=0,keepdims", {3, 4}, 0, true},
      {"axis=-1,keepdims", {3, 4}, -1, true},
      {"rank1,axis=0", {5}, 0, false},
      {"rank3,axis=1", {2, 3, 4}, 1, false},
      {"rank4,axis=2,keepdims", {2, 2, 3, 2}, 2, true},
  };
  for (const Reduction& r : reductions) {
    const auto all = r.all;
    b.add(r.op, "all", draw(r.generator, {{3, 4}}), [all](const Inputs& in) { return all(in[0]); });
    b.add(r.op, "all,rank3", draw(r.generator, {{2, 3, 4}}),
          [all](const Inputs& in) { return all(in[0]); });
    if (r.generator != distinct)  // max of one element is the element: nothing to test
      b.add(r.op, "all,rank0", draw(r.generator, {{}}),
            [all](const Inputs& in) { return all(in[0]); });
    for (const Along& a : alongs) {
      const auto along = r.along;
      const int axis = a.axis;
      const bool keepdims = a.keepdims;
      b.add(r.op, a.variant, draw(r.generator, {a.shape}),
            [along, axis, keepdims](const Inputs& in) { return along(in[0], axis, keepdims); });
    }
  }
}

void unary_cases(Builder& b) {
  const std::vector<Shape> matrix = {{3, 4}};
  b.add("exp", "matrix", draw(normal, matrix), [](const Inputs& in) { return exp(in[0]); });
  b.add("log", "positive", draw(positive, matrix), [](const Inputs& in) { return log(in[0]); });
  b.add("sqrt", "positive", draw(positive, matrix), [](const Inputs& in) { return sqrt(in[0]); });
  b.add("pow", "p=3", draw(normal, matrix), [](const Inputs& in) { return pow(in[0], 3.0); });
  b.add("pow", "p=2.5,positive", draw(positive, matrix),
        [](const Inputs& in) { return pow(in[0], 2.5); });
  b.add("pow", "p=0.5,positive", draw(positive, matrix),
        [](const Inputs& in) { return pow(in[0], 0.5); });
  b.add("pow", "p=-1", draw(away_from_zero, matrix),
        [](const Inputs& in) { return pow(in[0], -1.0); });
  b.add("pow", "p=-1.5,positive", draw(positive, matrix),
        [](const Inputs& in) { return pow(in[0], -1.5); });
  b.add("abs", "away-from-0", draw(away_from_zero, matrix),
        [](const Inputs& in) { return abs(in[0]); });
  b.add("clamp", "[-0.5,0.5],away-from-bounds", draw(away_from_clamp_bounds, {{4, 5}}),
        [](const Inputs& in) { return clamp(in[0], -0.5, 0.5); });
  b.add("relu", "away-from-0", draw(away_from_zero, matrix),
        [](const Inputs& in) { return relu(in[0]); });
  b.add("sigmoid", "matrix", draw(normal, matrix),
        [](const Inputs& in) { return sigmoid(in[0] * 3.0); });
  b.add("tanh", "matrix", draw(normal, matrix), [](const Inputs& in) { return tanh(in[0]); });

  struct Softmax {
    const char* op;
    TensorD (*fn)(const TensorD&, int);
  };
  const Softmax softmaxes[] = {
      {"softmax", [](const TensorD& x, int axis) { return softmax(x, axis); }},
      {"log_softmax", [](const TensorD& x, int axis) { return log_softmax(x, axis); }},
  };
  struct Along {
    const char* variant;
    Shape shape;
    int axis;
  };
  const Along alongs[] = {
      {"axis=-1", {3, 5}, -1}, {"axis=0", {3, 5}, 0},          {"axis=1", {3, 5}, 1},
      {"rank1", {6}, 0},       {"rank3,axis=1", {2, 3, 4}, 1}, {"rank3,axis=-1", {2, 3, 4}, -1},
  };
  for (const Softmax& s : softmaxes)
    for (const Along& a : alongs) {
      const auto fn = s.fn;
      const int axis = a.axis;
      b.add(s.op, a.variant, draw(normal, {a.shape}),
            [fn, axis](const Inputs& in) { return fn(in[0], axis); });
    }
}

void loss_cases(Builder& b) {
  const Shape batch{4, 3};
  b.add("binary_cross_entropy", "probabilities", draw_each({{probability, batch}, {binary, batch}}),
        [](const Inputs& in) { return binary_cross_entropy(in[0], in[1]); });
  b.add("binary_cross_entropy", "soft-targets",
        draw_each({{probability, batch}, {probability, batch}}),
        [](const Inputs& in) { return binary_cross_entropy(in[0], in[1]); });
  // The chain rule through sigmoid into the clamped logs, as a plain loss of a model's
  // probabilities computes it.
  b.add("binary_cross_entropy", "sigmoid-output", draw_each({{normal, batch}, {binary, batch}}),
        [](const Inputs& in) { return binary_cross_entropy(sigmoid(in[0] * 2.0), in[1]); });
  b.add("binary_cross_entropy_with_logits", "logits", draw_each({{normal, batch}, {binary, batch}}),
        [](const Inputs& in) { return binary_cross_entropy_with_logits(in[0] * 3.0, in[1]); });
  b.add("mse_loss", "matrix", draw(normal, {batch, batch}),
        [](const Inputs& in) { return mse_loss(in[0], in[1]); });
  b.add("mse_loss", "rank1", draw(normal, {{5}, {5}}),
        [](const Inputs& in) { return mse_loss(in[0], in[1]); });
  // Labels are class indices, not differentiable: they are part of the function.
  const TensorD labels = TensorD::from({5}, {0, 3, 1, 2, 3});
  b.add("cross_entropy", "5x4", draw(normal, {{5, 4}}),
        [labels](const Inputs& in) { return cross_entropy(in[0], labels); });
}

void convolution_cases(Builder& b) {
  // Images x {N,C,H,W}, filters w {F,C,K,K}, bias b {F}. conv2d is linear in each input, so
  // any values do; the pooled inputs are distinct, so every window has one clear maximum.
  struct Convolution {
    const char* variant;
    Shape x, w;
    int stride, padding;
  };
  const Convolution convolutions[] = {
      {"stride=1,padding=0", {1, 1, 5, 5}, {1, 1, 3, 3}, 1, 0},
      {"N=2,C=2,F=3,non-square", {2, 2, 5, 4}, {3, 2, 3, 3}, 1, 0},
      {"stride=1,padding=1", {1, 2, 4, 5}, {2, 2, 3, 3}, 1, 1},
      {"stride=2,padding=1", {2, 2, 6, 5}, {2, 2, 3, 3}, 2, 1},
      {"stride=2,padding=0,even", {1, 1, 6, 6}, {2, 1, 2, 2}, 2, 0},
      {"stride=3,padding=2", {1, 2, 7, 6}, {2, 2, 3, 3}, 3, 2},
      {"kernel=5,padding=2", {1, 1, 5, 6}, {2, 1, 5, 5}, 1, 2},
      {"1x1-kernel", {2, 3, 4, 3}, {2, 3, 1, 1}, 1, 0},
      {"kernel-fills-padded-image", {1, 2, 3, 3}, {2, 2, 5, 5}, 1, 1},
      {"padding-wider-than-image", {1, 1, 2, 1}, {1, 1, 7, 7}, 1, 3},
  };
  for (const Convolution& c : convolutions) {
    const int stride = c.stride, padding = c.padding;
    b.add("conv2d", c.variant, draw(normal, {c.x, c.w, {c.w[0]}}),
          [stride, padding](const Inputs& in) {
            return conv2d(in[0], in[1], in[2], stride, padding);
          });
  }

  struct Pooling {
    const char* variant;
    Shape x;
    int kernel, stride;
  };
  const Pooling poolings[] = {
      {"2/2", {2, 2, 4, 6}, 2, 2},
      {"2/2,odd-sides", {1, 2, 5, 7}, 2, 2},
      {"3/2", {1, 2, 7, 5}, 3, 2},
      {"2/1,overlapping", {1, 1, 4, 4}, 2, 1},
  };
  for (const Pooling& p : poolings) {
    const int kernel = p.kernel, stride = p.stride;
    b.add("max_pool2d", p.variant, draw(distinct, {p.x}),
          [kernel, stride](const Inputs& in) { return max_pool2d(in[0], kernel, stride); });
  }

  // The front of a LeNet in miniature: conv -> relu -> pool -> flatten -> matmul.
  b.add("conv-chain", "conv,relu,pool,matmul",
        draw(normal, {{2, 1, 6, 6}, {2, 1, 3, 3}, {2}, {8, 3}}),
        [](const Inputs& in) { return conv_chain(in[0], in[1], in[2], in[3]); });
}

void graph_cases(Builder& b) {
  const std::vector<Shape> matrix = {{3, 4}};
  b.add("fan-out", "x*x", draw(normal, matrix), [](const Inputs& in) { return in[0] * in[0]; });
  b.add("fan-out", "x+x", draw(normal, matrix), [](const Inputs& in) { return in[0] + in[0]; });
  b.add("fan-out", "x@x^T", draw(normal, matrix),
        [](const Inputs& in) { return matmul(in[0], transpose(in[0])); });
  b.add("fan-out", "two-branches", draw(normal, {{3, 4}, {4, 5}}), [](const Inputs& in) {
    const TensorD h = matmul(in[0], in[1]);  // h feeds both branches
    return sum(tanh(h), 1) + mean(exp(h * 0.5), 1);
  });
  b.add("fan-out", "three-uses", draw_each({{normal, {3, 4}}, {away_from_zero, {3, 4}}}),
        [](const Inputs& in) { return in[0] * in[1] + in[0] / in[1] - exp(in[0]); });

  // A rotation-like residual chain keeps values and gradients of order one however long
  // it is; 34 steps of 6 ops plus the final product make 205 recorded ops.
  b.add("chain", "205-ops", draw(normal, {{2, 3}, {2, 3}}), [](const Inputs& in) {
    TensorD x = in[0], y = in[1];
    for (int step = 0; step < 34; ++step) {
      x = x + tanh(y) * 0.3;
      y = y - tanh(x) * 0.3;
    }
    return x * y;
  });

  // The network of the original write-up (original_network_loss) on a batch of 8 images.
  // The weight matrices are sampled (40 elements each) so the check takes a fraction of a
  // second.
  Rng data_rng(3);
  const TensorD images = TensorD::uniform({8, 784}, data_rng);
  const TensorD targets = binary({8, 1}, data_rng);
  GradcheckOptions sampled;
  sampled.max_elements_per_input = 40;
  const auto glorot = [](const Shape& shape, Rng& rng) {
    return TensorD::glorot_normal(shape[0], shape[1], rng);
  };
  const auto small_bias = [](const Shape& shape, Rng& rng) {
    return TensorD::randn(shape, rng, 0, 0.1);
  };
  b.add(
      "network", "784-100-100-2-1,bce",
      [glorot, small_bias](Rng& rng) {
        Inputs p;
        for (const auto& [nin, nout] : {std::pair{784, 100}, {100, 100}, {100, 2}, {2, 1}}) {
          p.push_back(glorot({nin, nout}, rng));
          p.push_back(small_bias({1, nout}, rng));
        }
        return p;
      },
      [images, targets](const Inputs& p) { return original_network_loss(p, images, targets); },
      sampled);
  b.add(
      "network", "logistic-784-1,bce",
      [glorot, small_bias](Rng& rng) {
        return Inputs{glorot({784, 1}, rng), small_bias({1, 1}, rng)};
      },
      [images, targets](const Inputs& p) {
        return binary_cross_entropy(sigmoid(matmul(images, p[0]) + p[1]), targets);
      },
      sampled);
}

std::vector<Case> build() {
  Builder b;
  elementwise_cases(b);
  operator_cases(b);
  layout_cases(b);
  reduction_cases(b);
  unary_cases(b);
  loss_cases(b);
  convolution_cases(b);
  graph_cases(b);
  return b.take();
}

// FNV-1a: a stable seed from a case's name.
std::uint64_t seed_of(const std::string& text) {
  std::uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : text) hash = (hash ^ c) * 1099511628211ull;
  return hash;
}

}  // namespace

std::string Case::name() const { return op + "[" + variant + "]"; }

const std::vector<Case>& catalogue() {
  static const std::vector<Case> cases = build();
  return cases;
}

std::vector<TensorD> inputs_of(const Case& c) {
  Rng rng(seed_of(c.name()));
  return c.make_inputs(rng);
}

Result run(const Case& c) {
  const std::vector<TensorD> inputs = inputs_of(c);
  Result result;
  for (const TensorD& input : inputs) result.shapes.push_back(input.shape());
  result.report = gradcheck(c.function, inputs, c.options);
  for (const InputGradcheck& input : result.report.inputs) {
    result.max_abs_error = std::max(result.max_abs_error, input.max_abs_error);
    result.max_rel_error = std::max(result.max_rel_error, input.max_rel_error);
  }
  return result;
}

std::string shapes_text(const std::vector<Shape>& shapes) {
  std::string text;
  for (const Shape& shape : shapes) {
    if (!text.empty()) text += ' ';
    text += shape.str();
  }
  return text;
}

}  // namespace kudzu::gradcheck_cases
