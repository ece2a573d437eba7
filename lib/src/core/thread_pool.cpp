#include "kudzu/thread_pool.hpp"

#include <chrono>
#include <memory>
#include <utility>

#include "kudzu/error.hpp"

namespace kudzu {

Task::~Task() {
  // A destructor must not throw: the job's error, if any, is dropped with the task.
  if (pool_) try {
      wait();
    } catch (...) {
    }
}

void Task::submit(ThreadPool& pool) {
  std::unique_lock lock(pool.mutex_);
  if (state_ != State::idle) throw UsageError("Task::submit: the task is queued or running");
  pool_ = &pool;
  error_ = nullptr;
  pool.enqueue(*this);
}

void Task::wait() { wait(/*run_if_queued=*/true); }

void Task::wait(bool run_if_queued) {
  // Without a pool the job has finished (execute let go of the pool, releasing its writes)
  // or was never submitted: the pool may be gone.
  ThreadPool* const running_on = pool_.load(std::memory_order_acquire);
  if (!running_on) {
    if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
    return;
  }
  ThreadPool& pool = *running_on;
  std::unique_lock lock(pool.mutex_);
  if (state_ == State::queued && run_if_queued) {
    // Out of the queue, and run here.
    Task** link = &pool.head_;
    Task* previous = nullptr;
    while (*link != this) {
      previous = *link;
      link = &(*link)->next_;
    }
    *link = next_;
    if (pool.tail_ == this) pool.tail_ = previous;
    next_ = nullptr;
    pool.execute(*this, lock);
  }
  ++waiters_;
  pool.finished_.wait(lock, [&] { return state_ == State::idle; });
  --waiters_;
  if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
}

ThreadPool::ThreadPool(std::size_t threads) {
  if (threads == 0) throw UsageError("ThreadPool: it needs at least 1 thread");
  threads_.reserve(threads);
  for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { work(); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  queued_.notify_all();
  for (std::thread& thread : threads_) thread.join();
}

void ThreadPool::enqueue(Task& task) {
  task.state_ = Task::State::queued;
  task.next_ = nullptr;
  (tail_ ? tail_->next_ : head_) = &task;
  tail_ = &task;
  queued_.notify_one();
}

void ThreadPool::execute(Task& task, std::unique_lock<std::mutex>& lock) {
  task.state_ = Task::State::running;
  lock.unlock();
  std::exception_ptr error;
  try {
    task.job_();
  } catch (...) {
    error = std::current_exception();
  }
  lock.lock();
  task.error_ = error;
  task.state_ = Task::State::idle;
  // Most tasks finish before anyone waits for them (a Dataloader's next batch, an epoch's
  // evaluation): a notification then would only wake the threads waiting for other tasks,
  // such as run()'s caller, some thousands of times an epoch, each on a core that the
  // pool's threads are using (measured: 20,000 context switches in 20 epochs of the
  // comparison, 5% of its time). Read before the task may go: see Task::ready.
  const bool waited_for = task.waiters_ > 0;
  task.pool_.store(nullptr, std::memory_order_release);
  if (waited_for) finished_.notify_all();
}

namespace {

// One spin of a busy wait: a hint to the core that this thread is waiting.
void pause() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#else
  std::this_thread::yield();
#endif
}

}  // namespace

bool ThreadPool::watch_for_parts(std::size_t seen) {
  // An op's parts come in quick succession (a training step has eight or so, each a fraction
  // of a millisecond): a thread that went to sleep between them would be woken too late to
  // take a share of the next, so it first watches for a while.
  const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(500);
  while (parts_published_ == seen && std::chrono::steady_clock::now() < until)
    for (int spin = 0; spin < 64; ++spin) pause();
  return parts_published_ != seen;
}

void ThreadPool::help_with_parts() {
  ++visitors_;  // before parts_ is read: see run_parts
  Parts* parts = parts_.load();
  if (parts) ++parts->helpers;
  --visitors_;
  if (!parts) return;
  run_claimed(*parts);
  --parts->helpers;  // the caller may return from here on
}

void ThreadPool::work() {
  for (;;) {
    // An op's parts first, without the lock: its caller is waiting for them (taking mutex_
    // for each op's parts made the caller and this thread queue for it in the kernel, some
    // 40 futex calls a LeNet step).
    const std::size_t seen = parts_published_;
    help_with_parts();
    std::unique_lock lock(mutex_);
    if (head_) {
      Task& task = *head_;
      head_ = task.next_;
      if (!head_) tail_ = nullptr;
      task.next_ = nullptr;
      execute(task, lock);
      continue;
    }
    if (stopping_) return;  // and nothing left to run
    lock.unlock();
    if (watch_for_parts(seen)) continue;
    lock.lock();
    ++sleeping_;  // before the test for new parts: see run_parts
    queued_.wait(lock, [&] { return head_ || stopping_ || parts_published_ != seen; });
    --sleeping_;
  }
}

void ThreadPool::run(std::span<const std::function<void()>> jobs) {
  std::vector<std::unique_ptr<Task>> tasks;
  tasks.reserve(jobs.size());
  for (const std::function<void()>& job : jobs) {
    tasks.push_back(std::make_unique<Task>(job));
    tasks.back()->submit(*this);
  }
  std::exception_ptr first_error;
  // The caller only waits: the jobs run on the pool's threads, size() at a time.
  for (const auto& task : tasks) try {
      task->wait(/*run_if_queued=*/false);
    } catch (...) {
      if (!first_error) first_error = std::current_exception();
    }
  if (first_error) std::rethrow_exception(first_error);
}

void ThreadPool::run_parts(std::size_t count, void (*call)(const void*, std::size_t),
                           const void* job) {
  Parts parts{call, job, count};
  Parts* none = nullptr;
  // Another caller's parts may be running: then this caller runs all of its own.
  const bool shared = count > 1 && parts_.compare_exchange_strong(none, &parts);
  if (shared) {
    ++parts_published_;
    // A thread that found no parts raised sleeping_ before it looked, so it is seen here and
    // woken; those watching see the new count without a call into the kernel. The lock makes
    // the notification wait until such a thread is inside queued_.wait.
    if (sleeping_ > 0) {
      { std::lock_guard lock(mutex_); }
      queued_.notify_all();
    }
  }
  run_claimed(parts);
  if (shared) {
    // Every part is claimed: taken back, then waited for, awake, while a pool thread may
    // still run one. A thread that read parts_ before it was cleared raised visitors_ first,
    // and lowers it only once it counts among the helpers.
    parts_ = nullptr;
    while (visitors_ > 0) pause();
    while (parts.helpers > 0) pause();
  }
  if (parts.error) std::rethrow_exception(parts.error);
}

void ThreadPool::run_claimed(Parts& parts) {
  for (std::size_t part; (part = parts.next.fetch_add(1)) < parts.count;) try {
      parts.call(parts.job, part);
    } catch (...) {
      parts.next = parts.count;  // skip the parts not yet begun
      std::lock_guard lock(mutex_);
      if (!parts.error) parts.error = std::current_exception();
    }
}

namespace {
thread_local ThreadPool* parallel_ops_pool = nullptr;
}

ParallelOps::ParallelOps(ThreadPool& pool) : previous_(std::exchange(parallel_ops_pool, &pool)) {}

ParallelOps::~ParallelOps() { parallel_ops_pool = previous_; }

ThreadPool* ParallelOps::pool() { return parallel_ops_pool; }

}  // namespace kudzu
