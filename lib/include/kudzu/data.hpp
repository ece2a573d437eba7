// The data pipeline of the original: a Data set, a Sampler that deals its indices out in
// batches, and a Dataloader that gathers those rows into batch tensors.
//
//   Data train_data(X_train, y_train);                      // {N,784} and {N,1}
//   Sampler sampler(train_data, 50, /*shuffle=*/true, /*seed=*/42);
//   Dataloader train_dl(train_data, sampler);
//   for (auto&& [xb, yb] : train_dl) { ... }                // one epoch: {50,784}, {50,1}
//
// Row i of x goes with row i of y; a row may be a vector ({N,784}) or more ({N,28,28}).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "kudzu/rng.hpp"
#include "kudzu/tensor.hpp"

namespace kudzu {

// Examples and their targets, as the original kept them: public x and y.
struct Data {
  // ShapeError unless x and y have at least one axis and the same number of rows.
  Data(Tensor x, Tensor y);
  std::size_t size() const { return x.shape()[0]; }  // the number of examples

  Tensor x, y;
};

// Deals the indices 0..size-1 out in batches of batch_size, the last one partial if the
// size is not a multiple (11,982 at 50: 239 batches of 50, then one of 32). Every epoch
// uses each index exactly once; when shuffling, each epoch has a new order, drawn from a
// generator seeded with `seed` (stream 1, see Rng), so a run is reproducible.
class Sampler {
 public:
  // UsageError if batch_size is 0.
  Sampler(const Data& data, std::size_t batch_size, bool shuffle = false, std::uint64_t seed = 42);

  std::size_t size() const { return order_.size(); }
  std::size_t batch_size() const { return batch_size_; }
  std::size_t num_batches() const { return (size() + batch_size_ - 1) / batch_size_; }

  // Begins an epoch: a new order when shuffling, 0..size-1 otherwise. Allocates nothing.
  void start_epoch();
  // The indices of batch `batch` (0-based) of the current epoch.
  std::span<const std::size_t> batch(std::size_t batch) const;

 private:
  std::size_t batch_size_;
  bool shuffle_;
  Rng rng_;
  std::vector<std::size_t> order_;
};

// A batch: structured bindings give `auto&& [xb, yb]`.
struct Batch {
  Tensor x, y;
};

// Iterating a Dataloader runs one epoch of its sampler (start_epoch() is called by begin())
// and yields each batch gathered into buffers made once, at construction. The buffers are
// reused: a batch's tensors hold their values only until the next batch is gathered, which is
// what a training step needs (clone() a batch to keep it). Buffers a recorded graph still
// reads are left alone, so losses of several batches can be summed before one backward().
// Inside a ParallelOps scope, the next batch is gathered on the pool while the current one
// trains, into a second set of buffers: the same batches, and the current batch's values
// still hold until the iterator advances. A Dataloader can be moved, not copied.
class Dataloader {
 public:
  Dataloader(Data data, Sampler sampler);
  ~Dataloader();
  Dataloader(Dataloader&&) noexcept;

  class iterator {
   public:
    using value_type = Batch;
    using difference_type = std::ptrdiff_t;
    const Batch& operator*() const { return loader_->current_; }
    iterator& operator++();
    void operator++(int) { ++*this; }
    bool operator==(const iterator& other) const { return batch_ == other.batch_; }

   private:
    friend class Dataloader;
    iterator(Dataloader* loader, std::size_t batch) : loader_(loader), batch_(batch) {}
    Dataloader* loader_;
    std::size_t batch_;
  };

  iterator begin();
  iterator end() { return iterator(this, num_batches()); }

  const Data& data() const { return data_; }
  const Sampler& sampler() const { return sampler_; }
  std::size_t num_batches() const { return sampler_.num_batches(); }

 private:
  struct Prefetch;
  void gather(std::size_t batch);
  Batch& unread(Batch& buffers, std::size_t rows);

  Data data_;
  Sampler sampler_;
  // Buffers: batch_size rows (two sets, for gathering one batch while another trains), and
  // the rows of a partial last batch.
  Batch full_, spare_, last_;
  Batch current_;
  std::unique_ptr<Prefetch> prefetch_;  // the pool's gather of the next batch
};

}  // namespace kudzu
