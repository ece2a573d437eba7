// Data, Sampler and Dataloader: every index once per epoch, a new order per epoch when
// shuffling, the last partial batch kept, rows gathered with their targets.
#define BOOST_TEST_MODULE data
#include "kudzu/data.hpp"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <memory>
#include <numeric>
#include <vector>

#include "kudzu/error.hpp"
#include "kudzu/ops.hpp"
#include "kudzu/thread_pool.hpp"

namespace {

using namespace kudzu;

Data rows_numbered(std::size_t rows) {
  // x(i, j) = 10 i + j and y(i) = i, so a gathered row says where it came from.
  Tensor x = Tensor::empty({rows, 3});
  Tensor y = Tensor::empty({rows, 1});
  for (std::size_t i = 0; i < rows; ++i) {
    for (std::size_t j = 0; j < 3; ++j) x(i, j) = float(10 * i + j);
    y(i, 0) = float(i);
  }
  return Data(x, y);
}

std::vector<std::size_t> epoch_order(Sampler& sampler) {
  sampler.start_epoch();
  std::vector<std::size_t> order;
  for (std::size_t b = 0; b < sampler.num_batches(); ++b)
    for (std::size_t index : sampler.batch(b)) order.push_back(index);
  return order;
}

BOOST_AUTO_TEST_CASE(the_original_training_set_makes_240_batches_the_last_of_32) {
  const Data data(Tensor::zeros({11982, 1}), Tensor::zeros({11982, 1}));
  Sampler sampler(data, 50, true, 42);
  BOOST_TEST(sampler.num_batches() == 240u);
  sampler.start_epoch();
  BOOST_TEST(sampler.batch(0).size() == 50u);
  BOOST_TEST(sampler.batch(238).size() == 50u);
  BOOST_TEST(sampler.batch(239).size() == 32u);
  BOOST_CHECK_THROW(sampler.batch(240), UsageError);
}

BOOST_AUTO_TEST_CASE(every_epoch_uses_each_index_once_in_a_new_order) {
  const Data data = rows_numbered(103);
  Sampler sampler(data, 10, true, 42);
  std::vector<std::size_t> identity(103);
  std::iota(identity.begin(), identity.end(), std::size_t{0});
  std::vector<std::vector<std::size_t>> orders;
  for (int epoch = 0; epoch < 3; ++epoch) {
    orders.push_back(epoch_order(sampler));
    std::vector<std::size_t> sorted = orders.back();
    std::sort(sorted.begin(), sorted.end());
    BOOST_TEST(sorted == identity, boost::test_tools::per_element());
  }
  BOOST_TEST(orders[0] != identity);
  BOOST_TEST(orders[0] != orders[1]);
  BOOST_TEST(orders[1] != orders[2]);
}

BOOST_AUTO_TEST_CASE(the_seed_fixes_the_orders_and_no_shuffle_keeps_the_identity) {
  const Data data = rows_numbered(50);
  Sampler a(data, 7, true, 5), b(data, 7, true, 5), c(data, 7, true, 6);
  const std::vector<std::size_t> first = epoch_order(a);
  BOOST_TEST(first == epoch_order(b));
  BOOST_TEST(first != epoch_order(c));
  BOOST_TEST(epoch_order(a) == epoch_order(b));

  Sampler in_order(data, 7, false);
  std::vector<std::size_t> identity(50);
  std::iota(identity.begin(), identity.end(), std::size_t{0});
  BOOST_TEST(epoch_order(in_order) == identity);
  BOOST_TEST(epoch_order(in_order) == identity);
}

BOOST_AUTO_TEST_CASE(the_dataloader_gathers_rows_with_their_targets) {
  const Data data = rows_numbered(23);
  Dataloader loader(data, Sampler(data, 5, true, 1));
  std::vector<std::size_t> seen, batch_sizes;
  for (auto&& [xb, yb] : loader) {
    BOOST_TEST_REQUIRE(xb.shape()[0] == yb.shape()[0]);
    BOOST_TEST(xb.shape()[1] == 3u);
    batch_sizes.push_back(xb.shape()[0]);
    for (std::size_t row = 0; row < xb.shape()[0]; ++row) {
      const auto index = static_cast<std::size_t>(yb(row, 0));
      for (std::size_t j = 0; j < 3; ++j) BOOST_TEST(xb(row, j) == float(10 * index + j));
      seen.push_back(index);
    }
  }
  BOOST_TEST(batch_sizes == (std::vector<std::size_t>{5, 5, 5, 5, 3}),
             boost::test_tools::per_element());
  std::sort(seen.begin(), seen.end());
  BOOST_TEST((std::adjacent_find(seen.begin(), seen.end()) == seen.end()));
  BOOST_TEST(seen.size() == 23u);
}

BOOST_AUTO_TEST_CASE(the_dataloader_reuses_its_buffers) {
  const Data data = rows_numbered(12);
  Dataloader loader(data, Sampler(data, 4, true, 1));
  std::vector<const float*> buffers;
  for (int epoch = 0; epoch < 2; ++epoch)
    for (auto&& [xb, yb] : loader) buffers.push_back(xb.data());
  BOOST_TEST(buffers.size() == 6u);
  BOOST_TEST(
      std::all_of(buffers.begin(), buffers.end(), [&](const float* b) { return b == buffers[0]; }));
}

// Gradients accumulated over a whole epoch with one backward() must equal the gradient of
// the whole data: every batch's values must survive until that backward().
void check_one_backward_over_an_epoch(const Data& data, Dataloader& loader) {
  Tensor w = Tensor::ones({3, 1}).requires_grad(true);
  Tensor loss = Tensor::zeros({});
  for (auto&& [xb, yb] : loader) loss = loss + sum(matmul(xb, w));
  loss.backward();
  for (std::size_t j = 0; j < 3; ++j) {
    float column_sum = 0;
    for (std::size_t i = 0; i < data.size(); ++i) column_sum += data.x(i, j);
    BOOST_TEST(w.grad()(j, 0) == column_sum);
  }
}

BOOST_AUTO_TEST_CASE(batches_a_pending_graph_reads_are_not_overwritten) {
  const Data data = rows_numbered(10);
  Dataloader loader(data, Sampler(data, 4, true, 3));
  check_one_backward_over_an_epoch(data, loader);
  // Once the graph is swept the loader reuses its buffers again.
  std::vector<const float*> buffers;
  for (auto&& [xb, yb] : loader) buffers.push_back(xb.data());
  BOOST_TEST(buffers[0] == buffers[1]);
}

// Every batch of `epochs` epochs, copied, each followed by its row indices (from y).
std::vector<std::vector<float>> batches_of(Dataloader& loader, int epochs) {
  std::vector<std::vector<float>> batches;
  for (int epoch = 0; epoch < epochs; ++epoch)
    for (auto&& [xb, yb] : loader) {
      batches.push_back(xb.to_vector());
      const std::vector<float> rows = yb.to_vector();
      batches.back().insert(batches.back().end(), rows.begin(), rows.end());
    }
  return batches;
}

BOOST_AUTO_TEST_CASE(gathering_ahead_on_a_pool_gives_the_same_batches) {
  const Data data = rows_numbered(23);
  Dataloader alone(data, Sampler(data, 5, true, 7));
  const std::vector<std::vector<float>> expected = batches_of(alone, 3);
  for (std::size_t threads : {1, 2}) {
    ThreadPool pool(threads);
    const ParallelOps parallel(pool);
    Dataloader ahead(data, Sampler(data, 5, true, 7));
    BOOST_TEST((batches_of(ahead, 3) == expected));
    // Two sets of buffers for the full batches, taking turns, and one for the last.
    std::vector<const float*> buffers;
    for (auto&& [xb, yb] : ahead) buffers.push_back(xb.data());
    std::sort(buffers.begin(), buffers.end());
    buffers.erase(std::unique(buffers.begin(), buffers.end()), buffers.end());
    BOOST_TEST(buffers.size() == 3u);
  }
}

BOOST_AUTO_TEST_CASE(an_epoch_left_early_leaves_the_next_one_whole) {
  const Data data = rows_numbered(23);
  Dataloader alone(data, Sampler(data, 5, true, 7));
  const std::vector<std::vector<float>> expected = batches_of(alone, 2);
  ThreadPool pool(1);
  const ParallelOps parallel(pool);
  Dataloader ahead(data, Sampler(data, 5, true, 7));
  // Left at batch 1, while batch 2 is being gathered ahead.
  auto batch = ahead.begin();
  ++batch;
  const std::vector<std::vector<float>> second = batches_of(ahead, 1);
  BOOST_TEST((second == std::vector(expected.begin() + 5, expected.end())));
}

BOOST_AUTO_TEST_CASE(a_loop_left_early_lets_the_pool_go_before_the_loader) {
  const Data data = rows_numbered(23);
  Dataloader alone(data, Sampler(data, 5, true, 7));
  const std::vector<std::vector<float>> expected = batches_of(alone, 2);
  Dataloader loader(data, Sampler(data, 5, true, 7));
  auto pool = std::make_unique<ThreadPool>(1);  // on the heap: a sanitizer sees it freed
  {
    const ParallelOps parallel(*pool);
    for (auto&& [xb, yb] : loader)
      if (xb.defined()) break;  // batch 1 was being gathered on the pool
  }
  pool.reset();  // the loader goes on without it
  BOOST_TEST((batches_of(loader, 1) == std::vector(expected.begin() + 5, expected.end())));
}

BOOST_AUTO_TEST_CASE(a_pending_graph_keeps_its_batches_while_the_next_are_gathered_ahead) {
  const Data data = rows_numbered(10);
  ThreadPool pool(1);
  const ParallelOps parallel(pool);
  Dataloader loader(data, Sampler(data, 4, true, 3));
  check_one_backward_over_an_epoch(data, loader);
}

BOOST_AUTO_TEST_CASE(rows_may_have_more_than_one_axis) {
  Tensor images = Tensor::arange(0.0f, 24.0f).to<float>();
  const Data data(Tensor::from({3, 2, 4}, std::span<const float>(images.data(), 24)),
                  Tensor::from({3}, {0, 1, 2}));
  Dataloader loader(data, Sampler(data, 2));
  auto it = loader.begin();
  ++it;
  const Batch& last = *it;
  BOOST_TEST((last.x.shape() == Shape{1, 2, 4}));
  BOOST_TEST((last.y.shape() == Shape{1}));
  BOOST_TEST(last.x(0, 1, 3) == 23.0f);
  BOOST_TEST(last.y(0) == 2.0f);
}

BOOST_AUTO_TEST_CASE(bad_arguments_are_refused) {
  BOOST_CHECK_THROW(Data(Tensor::zeros({3, 2}), Tensor::zeros({4, 1})), ShapeError);
  const Data data = rows_numbered(4);
  BOOST_CHECK_THROW(Sampler(data, 0), UsageError);
  BOOST_CHECK_THROW(Dataloader(data, Sampler(rows_numbered(5), 2)), UsageError);
}

}  // namespace
