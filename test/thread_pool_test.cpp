// ThreadPool and Task: every job runs, side by side up to the pool's size; the first
// failing job's exception comes back after all ran; a task nobody has started runs on the
// thread that waits for it, so waiting inside a busy pool never deadlocks.
#define BOOST_TEST_MODULE thread_pool
#include "kudzu/thread_pool.hpp"

#include <algorithm>
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

#include "kudzu/error.hpp"
#include "kudzu/tensor.hpp"

namespace {

using namespace kudzu;

BOOST_AUTO_TEST_CASE(a_pool_needs_a_thread) {
  BOOST_CHECK_THROW(ThreadPool(0), UsageError);
  BOOST_TEST(ThreadPool(3).size() == 3u);
}

BOOST_AUTO_TEST_CASE(run_runs_every_job_once_and_two_at_once_on_two_threads) {
  ThreadPool pool(2);
  std::atomic<int> arrived{0}, met{0}, ran{0};
  // Each of the first two jobs waits (up to 20 s) for the other to arrive: they meet only
  // when they run at the same time.
  auto meet = [&] {
    ++arrived;
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (arrived < 2 && std::chrono::steady_clock::now() < give_up) std::this_thread::yield();
    met += arrived >= 2;
    ++ran;
  };
  pool.run({meet, meet, [&] { ++ran; }, [&] { ++ran; }});
  BOOST_TEST(met == 2);
  BOOST_TEST(ran == 4);
}

BOOST_AUTO_TEST_CASE(run_rethrows_the_first_failure_in_job_order_after_all_ran) {
  ThreadPool pool(2);
  std::atomic<int> ran{0};
  try {
    pool.run({[&] { ++ran; },
              [&] {
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
                ++ran;
                throw std::runtime_error("second");
              },
              [&] {
                ++ran;
                throw std::runtime_error("third");
              },
              [&] { ++ran; }});
    BOOST_FAIL("no exception");
  } catch (const std::runtime_error& error) {
    BOOST_TEST(error.what() == std::string("second"));
  }
  BOOST_TEST(ran == 4);
}

BOOST_AUTO_TEST_CASE(a_task_waited_for_inside_a_busy_pool_runs_on_the_waiting_thread) {
  ThreadPool pool(1);
  std::thread::id job_thread, task_thread;
  Task task([&] { task_thread = std::this_thread::get_id(); });
  pool.run({[&] {
    job_thread = std::this_thread::get_id();
    task.submit(pool);  // the pool's only thread is this one, busy here
    task.wait();
  }});
  BOOST_TEST((task_thread == job_thread));
}

BOOST_AUTO_TEST_CASE(a_task_runs_again_when_submitted_again_and_rethrows_its_failure) {
  ThreadPool pool(2);
  int runs = 0;
  Task task([&] {
    if (++runs == 2) throw std::runtime_error("second run");
  });
  task.wait();  // never submitted: returns at once
  task.submit(pool);
  task.wait();
  BOOST_TEST(runs == 1);
  task.submit(pool);
  BOOST_CHECK_THROW(task.wait(), std::runtime_error);
  task.submit(pool);
  task.wait();  // the failure was reported once, and the task is usable again
  BOOST_TEST(runs == 3);
}

// A task that has run no longer needs its pool: waited for after the pool is gone (a
// Dataloader left in the middle of an epoch, its pool's scope ended), it reports the job.
BOOST_AUTO_TEST_CASE(a_task_that_has_run_is_waited_for_after_its_pool_is_gone) {
  Task fails([] { throw std::runtime_error("failed"); });
  Task succeeds([] {});
  {
    auto pool = std::make_unique<ThreadPool>(1);  // on the heap: a sanitizer sees it freed
    fails.submit(*pool);
    succeeds.submit(*pool);
  }  // runs what is queued, then joins
  BOOST_CHECK_THROW(fails.wait(), std::runtime_error);
  succeeds.wait();
  fails.wait();  // reported once
}

// Waiters of a task running on the pool sleep until it is done (the pool notifies only the
// tasks someone waits for): each returns after the job, none before.
BOOST_AUTO_TEST_CASE(every_thread_waiting_for_a_running_task_returns_once_it_is_done) {
  ThreadPool pool(1);
  std::atomic<bool> started{false}, release{false}, done{false};
  Task task([&] {
    started = true;
    while (!release) std::this_thread::yield();
    done = true;
  });
  task.submit(pool);
  while (!started) std::this_thread::yield();  // running: wait() cannot take it over
  std::atomic<int> saw_it_done{0};
  std::vector<std::thread> waiters;
  for (int i = 0; i < 2; ++i)
    waiters.emplace_back([&] {
      task.wait();
      saw_it_done += done ? 1 : 0;
    });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the waiters are asleep
  BOOST_TEST(saw_it_done == 0);
  release = true;
  for (std::thread& waiter : waiters) waiter.join();
  BOOST_TEST(saw_it_done == 2);
}

BOOST_AUTO_TEST_CASE(a_queued_task_cannot_be_submitted_twice) {
  ThreadPool pool(1);
  std::atomic<bool> release{false};
  Task blocker([&] {
    while (!release) std::this_thread::yield();
  });
  Task task([] {});
  blocker.submit(pool);
  task.submit(pool);  // queued behind the blocker
  BOOST_CHECK_THROW(task.submit(pool), UsageError);
  release = true;
  task.wait();
  blocker.wait();
}

// for_each_part: every part once, the caller and the pool's threads sharing them; the first
// exception back to the caller; a second caller while parts run does its own alone.
BOOST_AUTO_TEST_CASE(for_each_part_runs_every_part_once_on_the_caller_and_the_pool) {
  ThreadPool pool(1);
  std::vector<std::atomic<int>> runs(1000);
  std::atomic<int> off_the_caller{0};
  const std::thread::id caller = std::this_thread::get_id();
  pool.for_each_part(runs.size(), [&](std::size_t part) {
    ++runs[part];
    if (std::this_thread::get_id() != caller) ++off_the_caller;
    // Slow enough that the pool's thread, woken at the start, gets some of them.
    std::this_thread::sleep_for(std::chrono::microseconds(50));
  });
  for (std::size_t part = 0; part < runs.size(); ++part) BOOST_TEST(runs[part] == 1);
  BOOST_TEST(off_the_caller > 0);
}

BOOST_AUTO_TEST_CASE(for_each_part_rethrows_the_exception_of_a_part) {
  ThreadPool pool(1);
  std::atomic<int> ran{0};
  BOOST_CHECK_THROW(pool.for_each_part(100,
                                       [&](std::size_t part) {
                                         ++ran;
                                         if (part == 3) throw std::runtime_error("part 3");
                                       }),
                    std::runtime_error);
  BOOST_TEST(ran >= 1);
  // The pool still works afterwards.
  std::atomic<int> again{0};
  pool.for_each_part(10, [&](std::size_t) { ++again; });
  BOOST_TEST(again == 10);
}

BOOST_AUTO_TEST_CASE(for_each_part_from_two_threads_at_once_runs_both_calls_fully) {
  ThreadPool pool(1);
  std::atomic<int> first{0}, second{0};
  std::thread other([&] {
    pool.for_each_part(200, [&](std::size_t) {
      ++second;
      std::this_thread::sleep_for(std::chrono::microseconds(20));
    });
  });
  pool.for_each_part(200, [&](std::size_t) {
    ++first;
    std::this_thread::sleep_for(std::chrono::microseconds(20));
  });
  other.join();
  BOOST_TEST(first == 200);
  BOOST_TEST(second == 200);
}

// Two jobs that read one tensor (two models trained on one data set) copy and drop handles
// to it at the same time: its count of holders must not lose an update, or the tensor is
// freed while held (found by ThreadSanitizer in kudzu-compare; the sanitizer build sees the
// freed values read here).
BOOST_AUTO_TEST_CASE(a_tensor_shared_by_two_jobs_lives_while_either_holds_it) {
  const Tensor shared = Tensor::from({2}, {1.5f, 2.5f});
  std::atomic<int> changed{0};
  const auto copy_and_drop = [&] {
    for (int i = 0; i < 200000; ++i) {
      const Tensor copy = shared;
      if (copy.data()[1] != 2.5f) ++changed;
    }
  };
  ThreadPool pool(2);
  pool.run({copy_and_drop, copy_and_drop});
  BOOST_TEST(changed == 0);
  BOOST_TEST(shared.data()[0] == 1.5f);
  BOOST_TEST(shared.data()[1] == 2.5f);
}

// for_each_half: [0, n) covered once, in two halves of whole cache lines inside a ParallelOps
// scope, in one call outside it or when n is small.
BOOST_AUTO_TEST_CASE(for_each_half_covers_the_range_once_in_halves_of_whole_lines) {
  const auto ranges_of = [](std::size_t n) {
    std::vector<std::pair<std::size_t, std::size_t>> ranges;
    std::mutex mutex;
    for_each_half(n, [&](std::size_t begin, std::size_t end) {
      const std::lock_guard lock(mutex);
      ranges.emplace_back(begin, end);
    });
    std::sort(ranges.begin(), ranges.end());
    return ranges;
  };
  using Ranges = std::vector<std::pair<std::size_t, std::size_t>>;
  BOOST_TEST((ranges_of(78400) == Ranges{{0, 78400}}));  // no scope
  ThreadPool pool(1);
  const ParallelOps parallel(pool);
  BOOST_TEST((ranges_of(78400) == Ranges{{0, 39200}, {39200, 78400}}));
  BOOST_TEST((ranges_of(16390) == Ranges{{0, 8192}, {8192, 16390}}));  // 8,195 -> 8,192
  BOOST_TEST((ranges_of(10000) == Ranges{{0, 10000}}));                // too small to split
}

BOOST_AUTO_TEST_CASE(parallel_ops_scopes_nest_and_end) {
  BOOST_TEST(ParallelOps::pool() == nullptr);
  ThreadPool outer_pool(1), inner_pool(1);
  {
    ParallelOps outer(outer_pool);
    BOOST_TEST(ParallelOps::pool() == &outer_pool);
    {
      ParallelOps inner(inner_pool);
      BOOST_TEST(ParallelOps::pool() == &inner_pool);
    }
    BOOST_TEST(ParallelOps::pool() == &outer_pool);
    std::thread([] { BOOST_TEST(ParallelOps::pool() == nullptr); }).join();  // per thread
  }
  BOOST_TEST(ParallelOps::pool() == nullptr);
}

}  // namespace
