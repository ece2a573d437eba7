#include "kudzu/learner.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <string>

#include "kudzu/autograd.hpp"
#include "kudzu/ops.hpp"

namespace kudzu {
namespace {

std::string non_finite_loss_message(float loss, std::size_t epoch, std::size_t batch,
                                    std::size_t epochs, std::size_t batches) {
  return "training stopped: the loss is " + std::to_string(loss) + " at epoch " +
         std::to_string(epoch + 1) + "/" + std::to_string(epochs) + ", batch " +
         std::to_string(batch + 1) + "/" + std::to_string(batches) +
         "; the model keeps the parameters of the last step with a finite loss (try a smaller "
         "learning rate)";
}

void copy_values(const std::vector<NamedParameter>& from, std::vector<Tensor>& to) {
  for (std::size_t i = 0; i < from.size(); ++i) to[i].copy_(from[i].value);
}

void restore_values(const std::vector<Tensor>& from, const std::vector<NamedParameter>& to) {
  for (std::size_t i = 0; i < to.size(); ++i) Tensor(to[i].value).copy_(from[i]);
}

// The data row by row in chunks of `rows`, each a view of those rows (no copy).
template <class Visit>
void for_each_chunk(const Tensor& values, std::size_t rows, Visit visit) {
  const std::size_t total = values.shape()[0];
  for (std::size_t first = 0; first < total; first += rows)
    visit(first, slice_rows(values, first, std::min(rows, total - first)));
}

// The index of the largest of `count` values (the first, on ties).
std::size_t arg_max(const float* values, std::size_t count) {
  return static_cast<std::size_t>(std::max_element(values, values + count) - values);
}

// Whether prediction row `row` (of `outputs` values) matches the target row.
bool is_correct(const float* prediction, std::size_t outputs, const Tensor& targets,
                std::size_t row) {
  const std::size_t target_width = targets.size() / targets.shape()[0];
  const float* target = targets.data() + row * target_width;
  if (outputs == 1) return (prediction[0] >= 0.5f) == (target[0] >= 0.5f);
  const std::size_t predicted = arg_max(prediction, outputs);
  if (target_width == 1) return float(predicted) == target[0];
  return predicted == arg_max(target, target_width);
}

}  // namespace

NonFiniteLossError::NonFiniteLossError(float loss, std::size_t epoch, std::size_t batch,
                                       std::size_t epochs, std::size_t batches)
    : Error(non_finite_loss_message(loss, epoch, batch, epochs, batches)),
      epoch(epoch),
      batch(batch) {}

Learner::Learner(const Loss& loss, Model& model, Optimizer& opt, std::size_t epochs)
    : loss_(loss), model_(model), opt_(opt), epochs_(epochs) {}

const Dataloader& Learner::dataloader() const {
  if (!dataloader_) throw UsageError("Learner::dataloader: only while train_loop runs");
  return *dataloader_;
}

template <class Hook>
bool Learner::notify(Hook hook) {
  bool go_on = true;
  for (Callback* callback : callbacks_) go_on = hook(*callback) && go_on;  // every one is called
  return go_on;
}

std::size_t Learner::train_loop(Dataloader& dl) {
  // Cleared however train_loop ends, so dataloader() never names a loader that is gone.
  struct Session {
    Learner& learner;
    ~Session() { learner.dataloader_ = nullptr; }
  } session{*this};
  dataloader_ = &dl;

  // Parameters from the last step with a finite loss, for the NaN guard: buffers made once.
  std::vector<Tensor> last_good;
  {
    NoGrad plain_copies;
    for (const NamedParameter& p : model_.parameters()) last_good.push_back(p.value.clone());
  }
  model_.zero_grad();

  bool stop = !notify([](Callback& c) { return c.fit_start(); });
  std::size_t epochs_begun = 0;
  for (epoch_ = 0; epoch_ < epochs_ && !stop; ++epoch_) {
    ++epochs_begun;
    stop = !notify([&](Callback& c) { return c.epoch_start(epoch_); });
    if (!stop) run_epoch(dl, last_good, stop);
    stop = !notify([](Callback& c) { return c.epoch_end(); }) || stop;
  }
  notify([](Callback& c) { return c.fit_end(); });
  return epochs_begun;
}

void Learner::run_epoch(Dataloader& dl, std::vector<Tensor>& last_good, bool& stop) {
  char label[48];
  std::snprintf(label, sizeof label, "epoch %zu/%zu", epoch_ + 1, epochs_);
  progress_.start(label, dl.num_batches());
  struct EraseBar {
    ProgressBar& bar;
    ~EraseBar() { bar.finish(); }
  } erase_bar{progress_};

  batch_ = 0;
  for (auto&& [xb, yb] : dl) {
    stop = !notify([&](Callback& c) { return c.batch_start(batch_); }) || stop;
    Tensor loss = loss_.of_model(model_, xb, yb);
    const float value = loss.item();
    if (!std::isfinite(value)) {
      clear_tape();
      restore_values(last_good, model_.parameters());
      throw NonFiniteLossError(value, epoch_, batch_, epochs_, dl.num_batches());
    }
    copy_values(model_.parameters(), last_good);
    stop = !notify([&](Callback& c) { return c.after_loss(value); }) || stop;
    loss.backward();
    opt_.step(model_);
    opt_.zero_grad(model_);
    stop = !notify([](Callback& c) { return c.batch_end(); }) || stop;
    progress_.advance();
    ++batch_;
    if (stop) break;
  }
}

double accuracy(const Model& model, const Data& data, std::size_t batch_size) {
  if (data.size() == 0 || batch_size == 0)
    throw UsageError("accuracy: " + std::to_string(data.size()) + " rows in batches of " +
                     std::to_string(batch_size) + ": both must be at least 1");
  NoGrad no_grad;
  std::size_t correct = 0;
  for_each_chunk(data.x, batch_size, [&](std::size_t first, const Tensor& chunk) {
    const Tensor predictions = model(chunk);
    const std::size_t outputs = predictions.size() / chunk.shape()[0];
    for (std::size_t row = 0; row < chunk.shape()[0]; ++row)
      correct += is_correct(predictions.data() + row * outputs, outputs, data.y, first + row);
  });
  return double(correct) / double(data.size());
}

AccCallback::AccCallback(Learner& learner, std::size_t batch_size, Data test_data)
    : learner_(learner),
      batch_size_(batch_size),
      test_data_(std::move(test_data)),
      out_(&std::cout) {}

LearningRateDecay::LearningRateDecay(Learner& learner, float factor)
    : learner_(learner), factor_(factor) {
  if (!(factor > 0 && factor <= 1))
    throw UsageError("LearningRateDecay: the factor must be above 0 and at most 1, not " +
                     std::to_string(factor));
}

bool LearningRateDecay::epoch_end() {
  Optimizer& optimizer = learner_.optimizer();
  optimizer.set_learning_rate(optimizer.learning_rate() * factor_);
  return true;
}

// One epoch's evaluation on the pool: a snapshot of the weights and the figures it fills.
struct AccCallback::Evaluation {
  Evaluation(AccCallback& acc, const Model& model)
      : snapshot(model.clone()), task([this, &acc] { acc.evaluate(snapshot, figures); }) {}
  Model snapshot;
  EpochFigures figures;
  Task task;  // last: waited for before the snapshot goes
};

AccCallback::~AccCallback() = default;

bool AccCallback::fit_start() {
  // Left by a train_loop that ended in an exception: dropped.
  for (; pending_ > 0; --pending_, oldest_ = (oldest_ + 1) % evaluations_.size()) try {
      evaluations_[oldest_]->task.wait();
    } catch (const std::exception&) {
    }
  for (auto* series : {&losses, &batch_losses, &accuracies, &test_accuracies, &epoch_seconds})
    series->clear();
  return true;
}

bool AccCallback::epoch_start(std::size_t) {
  epoch_started_ = std::chrono::steady_clock::now();
  epoch_batches_ = 0;
  epoch_loss_sum_ = 0;
  return true;
}

bool AccCallback::after_loss(float loss) {
  batch_losses.push_back(loss);
  epoch_loss_sum_ += loss;
  ++epoch_batches_;
  return true;
}

bool AccCallback::epoch_end() {
  if (epoch_batches_ == 0) return true;  // stopped before the epoch's first batch
  EpochFigures figures{learner_.epoch(),
                       epoch_loss_sum_ / double(epoch_batches_),
                       0,
                       0,
                       epoch_started_,
                       {},
                       &learner_.dataloader().data()};
  if (!pool_) {
    evaluate(learner_.model(), figures);
    deliver(figures);
    return true;
  }
  constexpr std::size_t most_pending = 3;
  if (evaluations_.empty())
    for (std::size_t i = 0; i < most_pending; ++i)
      evaluations_.push_back(std::make_unique<Evaluation>(*this, learner_.model()));
  while (pending_ > 0 && evaluations_[oldest_]->task.ready()) deliver_oldest();
  if (pending_ == most_pending) deliver_oldest();
  Evaluation& next = *evaluations_[(oldest_ + pending_) % most_pending];
  {
    NoGrad plain_copies;
    const std::vector<NamedParameter>& from = learner_.model().parameters();
    for (std::size_t i = 0; i < from.size(); ++i)
      Tensor(next.snapshot.parameters()[i].value).copy_(from[i].value);
  }
  next.figures = figures;
  ++pending_;
  next.task.submit(*pool_);
  return true;
}

bool AccCallback::fit_end() {
  while (pending_ > 0) deliver_oldest();
  return true;
}

void AccCallback::evaluate(const Model& model, EpochFigures& figures) const {
  figures.accuracy = accuracy(model, *figures.train_data, batch_size_);
  figures.test_accuracy = accuracy(model, test_data_, batch_size_);
  figures.evaluated = Clock::now();
}

void AccCallback::deliver_oldest() {
  Evaluation& oldest = *evaluations_[oldest_];
  oldest_ = (oldest_ + 1) % evaluations_.size();
  --pending_;
  oldest.task.wait();
  deliver(oldest.figures);
}

void AccCallback::deliver(const EpochFigures& figures) {
  losses.push_back(figures.loss);
  accuracies.push_back(figures.accuracy);
  test_accuracies.push_back(figures.test_accuracy);
  epoch_seconds.push_back(
      std::chrono::duration<double>(figures.evaluated - figures.started).count());
  if (out_) {
    char line[160];
    std::snprintf(line, sizeof line, "epoch %zu/%zu  loss %.4f  train %.4f  test %.4f  %.2f s\n",
                  figures.epoch + 1, learner_.epochs(), losses.back(), accuracies.back(),
                  test_accuracies.back(), epoch_seconds.back());
    *out_ << line << std::flush;
  }
}

}  // namespace kudzu
