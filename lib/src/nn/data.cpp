#include "kudzu/data.hpp"

#include <algorithm>
#include <array>
#include <numeric>
#include <string>

#include "kudzu/error.hpp"
#include "kudzu/thread_pool.hpp"

namespace kudzu {
namespace {

// `full` with its first axis (the rows) set to `rows`.
Shape with_rows(const Shape& full, std::size_t rows) {
  std::array<std::size_t, Shape::max_rank> dims{};
  std::copy(full.begin(), full.end(), dims.begin());
  dims[0] = rows;
  return Shape(std::span<const std::size_t>(dims.data(), full.rank()));
}

// Copies rows `indices` of `source` into consecutive rows of `destination`.
void gather_rows(const Tensor& source, std::span<const std::size_t> indices, Tensor& destination) {
  const std::size_t row_size = source.shape()[0] ? source.size() / source.shape()[0] : 0;
  const float* from = source.data();
  float* to = destination.data();
  for (std::size_t index : indices) {
    std::copy_n(from + index * row_size, row_size, to);
    to += row_size;
  }
}

Batch make_batch_buffers(const Data& data, std::size_t rows) {
  return {Tensor::empty(with_rows(data.x.shape(), rows)),
          Tensor::empty(with_rows(data.y.shape(), rows))};
}

// The Rng stream of data orders: a seed that also initialized a model's weights (stream 0)
// then shuffles with other random bits than the weights were drawn from.
constexpr std::uint64_t data_order_stream = 1;

}  // namespace

Data::Data(Tensor x_values, Tensor y_values) : x(std::move(x_values)), y(std::move(y_values)) {
  if (x.rank() < 1 || y.rank() < 1 || x.shape()[0] != y.shape()[0])
    throw ShapeError("Data: x " + x.shape().str() + " and y " + y.shape().str() +
                     " must have the same number of rows (the first axis)");
}

Sampler::Sampler(const Data& data, std::size_t batch_size, bool shuffle, std::uint64_t seed)
    : batch_size_(batch_size),
      shuffle_(shuffle),
      rng_(seed, data_order_stream),
      order_(data.size()) {
  if (batch_size == 0) throw UsageError("Sampler: the batch size must be at least 1");
  std::iota(order_.begin(), order_.end(), std::size_t{0});
}

void Sampler::start_epoch() {
  if (!shuffle_) return;  // the order made by the constructor, never changed
  // Fisher-Yates on the previous order: uniform whatever order it starts from.
  for (std::size_t i = order_.size(); i > 1; --i) std::swap(order_[i - 1], order_[rng_.below(i)]);
}

std::span<const std::size_t> Sampler::batch(std::size_t batch) const {
  if (batch >= num_batches())
    throw UsageError("Sampler::batch: batch " + std::to_string(batch) + " of " +
                     std::to_string(num_batches()));
  const std::size_t first = batch * batch_size_;
  return std::span<const std::size_t>(order_).subspan(first, std::min(batch_size_, size() - first));
}

// A gather handed to a pool: made once, submitted for each batch but the first of an epoch.
struct Dataloader::Prefetch {
  Dataloader* loader = nullptr;
  std::size_t batch = 0;  // the batch being gathered, while `pending`
  Batch into;
  bool pending = false;
  Task task{[this] {
    const std::span<const std::size_t> indices = loader->sampler_.batch(batch);
    gather_rows(loader->data_.x, indices, into.x);
    gather_rows(loader->data_.y, indices, into.y);
  }};
};

Dataloader::Dataloader(Data data, Sampler sampler)
    : data_(std::move(data)), sampler_(std::move(sampler)) {
  if (sampler_.size() != data_.size())
    throw UsageError("Dataloader: the sampler deals " + std::to_string(sampler_.size()) +
                     " indices but the data has " + std::to_string(data_.size()) + " rows");
  const std::size_t full_rows = std::min(sampler_.batch_size(), data_.size());
  full_ = make_batch_buffers(data_, full_rows);
  if (const std::size_t remainder = data_.size() % sampler_.batch_size();
      remainder != 0 && remainder != full_rows)
    last_ = make_batch_buffers(data_, remainder);
  prefetch_ = std::make_unique<Prefetch>();
  prefetch_->loader = this;
}

Dataloader::~Dataloader() {
  if (prefetch_) prefetch_->task.wait();  // before the buffers it writes are gone
}

Dataloader::Dataloader(Dataloader&& other) noexcept
    : data_(std::move(other.data_)),
      sampler_(std::move(other.sampler_)),
      full_(std::move(other.full_)),
      spare_(std::move(other.spare_)),
      last_(std::move(other.last_)),
      current_(std::move(other.current_)),
      prefetch_(std::move(other.prefetch_)) {
  if (prefetch_) {
    prefetch_->task.wait();
    prefetch_->pending = false;
    prefetch_->loader = this;
  }
}

Dataloader::iterator Dataloader::begin() {
  // A loop left early may have a gather under way, reading this epoch's order.
  prefetch_->task.wait();
  prefetch_->pending = false;
  sampler_.start_epoch();
  if (num_batches() > 0) gather(0);
  return iterator(this, 0);
}

Dataloader::iterator& Dataloader::iterator::operator++() {
  if (++batch_ < loader_->num_batches()) loader_->gather(batch_);
  return *this;
}

// `buffers`, or new ones for `rows` if a recorded graph still reads them (a graph that sums
// the losses of several batches keeps those values).
Batch& Dataloader::unread(Batch& buffers, std::size_t rows) {
  if (!buffers.x.defined() || buffers.x.read_by_pending_graph() ||
      buffers.y.read_by_pending_graph())
    buffers = make_batch_buffers(data_, rows);
  return buffers;
}

void Dataloader::gather(std::size_t batch) {
  Prefetch& next = *prefetch_;
  if (next.pending && next.batch == batch) {
    next.task.wait();
    next.pending = false;
    current_ = next.into;
  } else {
    const std::span<const std::size_t> indices = sampler_.batch(batch);
    const bool full = indices.size() == full_.x.shape()[0];
    current_ = unread(full ? full_ : last_, indices.size());
    gather_rows(data_.x, indices, current_.x);
    gather_rows(data_.y, indices, current_.y);
  }
  ThreadPool* pool = ParallelOps::pool();
  if (!pool || batch + 1 == num_batches()) return;
  // The next batch goes into the set the current one is not in.
  const std::size_t rows = sampler_.batch(batch + 1).size();
  const bool in_full = current_.x.data() == full_.x.data();
  Batch& other = rows != full_.x.shape()[0] ? last_ : in_full ? spare_ : full_;
  next.into = unread(other, rows);
  next.batch = batch + 1;
  next.pending = true;
  next.task.submit(*pool);
}

}  // namespace kudzu
