#include "kudzu/thread_pool.hpp"

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
  if (!pool_) return;
  ThreadPool& pool = *pool_;
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
  pool.finished_.wait(lock, [&] { return state_ == State::idle; });
  pool_ = nullptr;
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
  finished_.notify_all();
}

void ThreadPool::work() {
  std::unique_lock lock(mutex_);
  for (;;) {
    queued_.wait(lock, [&] { return head_ || stopping_; });
    if (!head_) return;  // stopping, and nothing left to run
    Task& task = *head_;
    head_ = task.next_;
    if (!head_) tail_ = nullptr;
    task.next_ = nullptr;
    execute(task, lock);
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

}  // namespace kudzu
