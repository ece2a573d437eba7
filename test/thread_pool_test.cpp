// ThreadPool and Task: every job runs, side by side up to the pool's size; the first
// failing job's exception comes back after all ran; a task nobody has started runs on the
// thread that waits for it, so waiting inside a busy pool never deadlocks.
#define BOOST_TEST_MODULE thread_pool
#include "kudzu/thread_pool.hpp"

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "kudzu/error.hpp"

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

}  // namespace
