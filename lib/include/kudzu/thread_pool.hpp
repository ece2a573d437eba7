// A fixed number of threads for independent work: models trained side by side, each on a
// thread of its own (each thread has its own tape and buffer pool), an epoch's evaluation
// on a copy of the weights while the next epoch trains (AccCallback::set_pool), and the
// parts of one op (ParallelOps, below).
//
//   set_blas_threads(1);             // one BLAS thread per caller: see below
//   ThreadPool pool(2);
//   pool.run({[&] { learner_a.train_loop(dl_a); }, [&] { learner_b.train_loop(dl_b); }});
//
// OpenBLAS's thread count is global, and calls made from two threads at once at more than
// one BLAS thread queue for its workers: give concurrent jobs single-threaded BLAS. Jobs
// must share nothing they write (two jobs may read the same Data). Nothing here allocates
// once the threads are up, so a training step stays free of heap allocations.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

namespace kudzu {

class ThreadPool;

// One piece of work handed to a pool again and again (an epoch's evaluation, say): made
// once, submitted, waited for, submitted again. A pool must outlive its queued and running
// tasks; a task that has run no longer needs it (wait then only reports how the job ended).
class Task {
 public:
  explicit Task(std::function<void()> job) : job_(std::move(job)) {}
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;
  // Waits for a submitted task, so that no thread runs it once it is gone.
  ~Task();

  // Queues the job on `pool`. UsageError while it is queued or running.
  void submit(ThreadPool& pool);
  // Returns once the job has run since it was last submitted (at once if it never was),
  // rethrowing what it threw. A job no thread has started yet runs here, on the caller's
  // thread: waiting never deadlocks, even when every thread of the pool waits.
  void wait();
  // Whether wait() would return at once: the job has run since it was last submitted, or it
  // never was.
  bool ready() const { return pool_.load(std::memory_order_acquire) == nullptr; }

 private:
  friend class ThreadPool;
  void wait(bool run_if_queued);
  enum class State { idle, queued, running };
  std::function<void()> job_;
  // The pool while the task is queued or running (the job has not finished), else nullptr.
  std::atomic<ThreadPool*> pool_{nullptr};
  State state_ = State::idle;
  int waiters_ = 0;       // threads inside wait() for it (under the pool's mutex, as state_)
  Task* next_ = nullptr;  // in the pool's queue
  std::exception_ptr error_;
};

class ThreadPool {
 public:
  // `threads` worker threads, at least 1 (UsageError for 0), started now.
  explicit ThreadPool(std::size_t threads);
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;
  // Runs what is queued, then joins the threads.
  ~ThreadPool();

  std::size_t size() const { return threads_.size(); }

  // Runs every job on the pool, up to size() at once, in the order given, and returns when
  // all are done; then rethrows the exception of the first job (in that order) that threw.
  // For the pool's owner: the caller only waits, so a job that called it could wait for ever.
  void run(std::span<const std::function<void()>> jobs);
  void run(std::initializer_list<std::function<void()>> jobs) {
    run(std::span<const std::function<void()>>(jobs.begin(), jobs.size()));
  }

  // Calls job(part) for every part in [0, parts), on the calling thread and on those of the
  // pool's threads that are idle or become so, in no fixed order, and returns when all are
  // done; then rethrows the first exception a part threw (the parts not yet begun are then
  // skipped). Allocates nothing, so an op may call it in every training step. Callable from
  // any thread, a pool thread's job included; while another caller's parts are running, the
  // caller runs all of its own.
  template <class Job>
  void for_each_part(std::size_t parts, const Job& job) {
    run_parts(
        parts, [](const void* job, std::size_t part) { (*static_cast<const Job*>(job))(part); },
        &job);
  }

 private:
  friend class Task;
  // One for_each_part call, on its caller's stack.
  struct Parts {
    void (*call)(const void* job, std::size_t part);
    const void* job;
    std::size_t count;
    std::atomic<std::size_t> next{0};     // the first part no thread has claimed
    std::atomic<std::size_t> helpers{0};  // pool threads that joined in (see parts_)
    std::exception_ptr error{};           // the first part's that threw, under mutex_
  };
  void run_parts(std::size_t count, void (*call)(const void*, std::size_t), const void* job);
  void run_claimed(Parts& parts);          // claims parts and runs them until none is left
  void help_with_parts();                  // runs parts of the published call, if there is one
  bool watch_for_parts(std::size_t seen);  // a short wait, awake, for a call after `seen`
  void work();
  void enqueue(Task& task);  // with mutex_ held
  void execute(Task& task, std::unique_lock<std::mutex>& lock);

  std::mutex mutex_;
  std::condition_variable queued_, finished_;
  Task* head_ = nullptr;  // a FIFO through Task::next_
  Task* tail_ = nullptr;
  // The for_each_part call the pool's threads may help with, published and taken back
  // without the mutex. A pool thread reads it between raising and lowering visitors_, and
  // joins in (Parts::helpers) before it lowers it; the caller, having taken it back, waits
  // until no thread is reading, then until its helpers are done. So no thread touches a
  // call that has returned.
  std::atomic<Parts*> parts_{nullptr};
  std::atomic<std::size_t> parts_published_{0};  // how many calls have set parts_
  std::atomic<std::size_t> visitors_{0};
  std::atomic<std::size_t> sleeping_{0};  // threads waiting on queued_ (changed under mutex_)
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

// While it lives, the ops called on this thread that have independent parts split them
// over `pool` (conv2d and max_pool2d over the images of a batch, matmul's large products in
// two blocks of rows, the elementwise functions such as relu and sigmoid over a large
// tensor's elements, each in its value and its backward): this thread runs parts too, so a
// pool of one thread puts two cores to work.
// The results are the same bits with or without it, for any size of pool: an op cuts its
// work into parts that do not depend on the number of threads, and sums partial results in
// a fixed order. Outside the ops, copy_, zero_grad and the optimizers' updates of a large
// tensor go in halves over the pool too (for_each_half, below), and a Dataloader gathers its
// next batch on the pool while the current one trains. Scopes nest; the innermost applies.
// The pool must outlive the scope.
//
//   set_blas_threads(1);  // the parts call BLAS side by side
//   ThreadPool pool(1);
//   ParallelOps parallel(pool);
//   learner.train_loop(dl);
class ParallelOps {
 public:
  explicit ParallelOps(ThreadPool& pool);
  ParallelOps(const ParallelOps&) = delete;
  ParallelOps& operator=(const ParallelOps&) = delete;
  ~ParallelOps();

  // The pool of this thread's innermost scope, or nullptr outside any.
  static ThreadPool* pool();

 private:
  ThreadPool* previous_;
};

// Calls f(begin, end) on the two halves of [0, n) over the pool of this thread's ParallelOps
// scope, or f(0, n) here outside any scope or for n below 16,384 (too little to hand out).
// For a pass over memory whose results do not depend on where it is cut: a copy, a fill, an
// elementwise update of parameters. Halves of whole cache lines, so no line is written from
// two cores. The caller takes the upper half, as it takes the lower rows of a product cut in
// two: an update then mostly reads the gradient rows its own core wrote. Allocates nothing.
template <class F>
void for_each_half(std::size_t n, const F& f) {
  constexpr std::size_t worth_splitting = std::size_t(1) << 14, line = 16;
  ThreadPool* pool = ParallelOps::pool();
  if (!pool || n < worth_splitting) return f(std::size_t(0), n);
  const std::size_t cut = n / 2 / line * line;
  pool->for_each_part(2, [&](std::size_t half) { half ? f(std::size_t(0), cut) : f(cut, n); });
}

}  // namespace kudzu
