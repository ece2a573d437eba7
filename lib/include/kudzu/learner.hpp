// Training, as the original Kudzu's Learner did it, with callbacks for everything around it.
//
//   Learner learner(loss, model, opt, /*epochs=*/200);
//   AccCallback acc(learner, /*batch_size=*/2000, test_data);
//   learner.set_callbacks({&acc});
//   learner.train_loop(train_dl);     // prints "epoch 1/200  loss 0.6931  train ..." per epoch
//   plot(acc.losses, acc.accuracies, acc.test_accuracies);
//
// One step is: batch_start, forward, loss, after_loss, backward, opt.step(model),
// zero_grad, batch_end. Epochs and batches are counted from 0 in the hooks and from 1 in
// anything printed.
#pragma once

#include <chrono>
#include <cstddef>
#include <iosfwd>
#include <memory>
#include <vector>

#include "kudzu/data.hpp"
#include "kudzu/error.hpp"
#include "kudzu/loss.hpp"
#include "kudzu/nn.hpp"
#include "kudzu/optim.hpp"
#include "kudzu/progress.hpp"
#include "kudzu/thread_pool.hpp"

namespace kudzu {

// Hooks the Learner calls, each in this order and on every callback in the order given to
// set_callbacks. A hook returns whether training should go on: false from any of them stops
// training cleanly once the current step is complete (its backward and update done); the
// current epoch's epoch_end and then fit_end are still called.
class Callback {
 public:
  virtual ~Callback() = default;
  virtual bool fit_start() { return true; }
  virtual bool epoch_start(std::size_t /*epoch*/) { return true; }
  virtual bool batch_start(std::size_t /*batch*/) { return true; }
  virtual bool after_loss(float /*loss*/) { return true; }
  virtual bool batch_end() { return true; }
  virtual bool epoch_end() { return true; }
  virtual bool fit_end() { return true; }
};

// Thrown when a batch's loss is NaN or infinite; the model then holds the parameters of the
// last step whose loss was finite (those from before the update that led to this one).
struct NonFiniteLossError : Error {
  NonFiniteLossError(float loss, std::size_t epoch, std::size_t batch, std::size_t epochs,
                     std::size_t batches);
  std::size_t epoch, batch;  // from 0
};

class Learner {
 public:
  // Keeps references: loss, model and opt must outlive the Learner.
  Learner(const Loss& loss, Model& model, Optimizer& opt, std::size_t epochs);

  // The callbacks (not owned) to call from now on, replacing any given before.
  void set_callbacks(std::vector<Callback*> callbacks) { callbacks_ = std::move(callbacks); }
  // The progress bar on stderr: on by default, but drawn only when stderr is a terminal.
  void set_progress(bool on) { progress_.set_enabled(on && stderr_is_terminal()); }

  // Trains for the given number of epochs or until a hook says stop; returns how many
  // epochs began. Throws NonFiniteLossError as described above.
  std::size_t train_loop(Dataloader& dl);

  const Loss& loss() const { return loss_; }
  Model& model() const { return model_; }
  Optimizer& optimizer() const { return opt_; }
  std::size_t epochs() const { return epochs_; }
  // While train_loop runs: the data it trains on, and the current epoch and batch (from 0).
  const Dataloader& dataloader() const;
  std::size_t epoch() const { return epoch_; }
  std::size_t batch() const { return batch_; }

 private:
  template <class Hook>
  bool notify(Hook hook);
  void run_epoch(Dataloader& dl, std::vector<Tensor>& last_good, bool& stop);

  const Loss& loss_;
  Model& model_;
  Optimizer& opt_;
  std::size_t epochs_;
  std::vector<Callback*> callbacks_;
  ProgressBar progress_;
  const Dataloader* dataloader_ = nullptr;
  std::size_t epoch_ = 0, batch_ = 0;
};

// The fraction of rows of `data` the model gets right, computed under NoGrad in chunks of
// `batch_size` rows. One output: a probability, right when (p >= 0.5) == (y >= 0.5). Several
// outputs: the arg-max, right when it is the class index y ({N} or {N,1}) or, for one-hot
// targets {N,C}, the arg-max of y. UsageError for empty data or a batch size of 0.
double accuracy(const Model& model, const Data& data, std::size_t batch_size);

// The original's extended AccCallback: per epoch, the mean loss of its batches and the
// accuracy of the current parameters on the whole training set (the Learner's data) and on
// the test set, each appended to a vector and printed as one line:
//   epoch 12/200  loss 0.1735  train 0.9415  test 0.9271  0.05 s
// The vectors are cleared at fit_start.
class AccCallback : public Callback {
 public:
  // batch_size: rows per forward pass of the evaluation (which runs under NoGrad). The
  // original passed its training batch size; a larger one (e.g. 2000) evaluates faster, and
  // the accuracies do not depend on it.
  AccCallback(Learner& learner, std::size_t batch_size, Data test_data);
  ~AccCallback() override;  // waits for the evaluations on the pool

  // Where the per-epoch line goes (std::cout by default); nullptr prints nothing.
  void set_output(std::ostream* out) { out_ = out; }
  // Evaluates on `pool` (nullptr, the default: on the training thread, within epoch_end):
  // epoch_end copies the parameters into a snapshot of the model (clones made once) and
  // queues its evaluation, so that it runs on another thread while training goes on. Up to
  // three wait for a busy pool (its threads training other models); with a fourth, the
  // training thread runs the oldest itself, if no thread has begun it. The figures are the
  // same; each epoch's are appended and printed at a later epoch_end, once evaluated, or at
  // fit_end, in epoch order, so a callback that reads them during training sees them an
  // epoch or more later. An epoch's seconds then run from its start to the end of its
  // evaluation. The pool and the data must outlive the callback.
  void set_pool(ThreadPool* pool) { pool_ = pool; }

  std::vector<double> losses;           // per epoch: the mean of its batch losses
  std::vector<double> batch_losses;     // per batch, all epochs in order
  std::vector<double> accuracies;       // per epoch, on the training set
  std::vector<double> test_accuracies;  // per epoch, on the test set
  std::vector<double> epoch_seconds;    // per epoch: training plus this evaluation, wall time

  bool fit_start() override;
  bool epoch_start(std::size_t epoch) override;
  bool after_loss(float loss) override;
  bool epoch_end() override;
  bool fit_end() override;

 private:
  using Clock = std::chrono::steady_clock;
  // One epoch's figures, from its end to their delivery.
  struct EpochFigures {
    std::size_t epoch = 0;
    double loss = 0, accuracy = 0, test_accuracy = 0;
    Clock::time_point started, evaluated;
    const Data* train_data = nullptr;
  };
  void evaluate(const Model& model, EpochFigures& figures) const;
  void deliver(const EpochFigures& figures);  // appends and prints

  Learner& learner_;
  std::size_t batch_size_;
  Data test_data_;
  std::ostream* out_;
  std::size_t epoch_batches_ = 0;
  double epoch_loss_sum_ = 0;
  Clock::time_point epoch_started_;
  ThreadPool* pool_ = nullptr;
  // Evaluations handed to the pool, a ring made at the first epoch_end with a pool: the
  // oldest first, pending_ of them from oldest_ on. Last: waited for before the rest goes.
  struct Evaluation;
  void deliver_oldest();  // waits for the oldest pending evaluation first
  std::size_t oldest_ = 0, pending_ = 0;
  std::vector<std::unique_ptr<Evaluation>> evaluations_;
};

// An exponential learning-rate schedule, as PyTorch's ExponentialLR: at the end of each
// epoch the optimizer's learning rate is multiplied by `factor`, so epoch e (from 0) trains
// at lr * factor^e. Give it after the callbacks that should see the epoch's own rate.
//   LearningRateDecay decay(learner, 0.75f);
//   learner.set_callbacks({&acc, &decay});
class LearningRateDecay : public Callback {
 public:
  // UsageError unless factor is above 0 and at most 1.
  LearningRateDecay(Learner& learner, float factor);
  bool epoch_end() override;

 private:
  Learner& learner_;
  float factor_;
};

}  // namespace kudzu
