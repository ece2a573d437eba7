// A fixed number of threads for independent work: models trained side by side, each on a
// thread of its own (each thread has its own tape and buffer pool), and an epoch's
// evaluation on a copy of the weights while the next epoch trains (AccCallback::set_pool).
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
// once, submitted, waited for, submitted again. A pool must outlive the tasks submitted to it.
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

 private:
  friend class ThreadPool;
  void wait(bool run_if_queued);
  enum class State { idle, queued, running };
  std::function<void()> job_;
  ThreadPool* pool_ = nullptr;
  State state_ = State::idle;
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

 private:
  friend class Task;
  void work();
  void enqueue(Task& task);  // with mutex_ held
  void execute(Task& task, std::unique_lock<std::mutex>& lock);

  std::mutex mutex_;
  std::condition_variable queued_, finished_;
  Task* head_ = nullptr;  // a FIFO through Task::next_
  Task* tail_ = nullptr;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace kudzu
