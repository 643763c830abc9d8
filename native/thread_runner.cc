#include "native/thread_runner.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace exposure {
namespace {

// Calls task(i) for the indexes `next` hands out below `n`.
void TakeTasks(std::atomic<size_t>* next,
               size_t n,
               const std::function<void(size_t)>& task) {
  for (size_t i = next->fetch_add(1); i < n; i = next->fetch_add(1))
    task(i);
}

// Run() without the pool: threads started for this call and joined.
void RunOnNewThreads(size_t threads,
                     size_t n,
                     const std::function<void(size_t)>& task) {
  std::atomic<size_t> next{0};
  const size_t helpers = std::min(threads, n) - 1;
  std::vector<std::thread> started;
  started.reserve(helpers);
  for (size_t t = 0; t < helpers; ++t)
    started.emplace_back([&] { TakeTasks(&next, n, task); });
  TakeTasks(&next, n, task);
  for (std::thread& t : started)
    t.join();
}

}  // namespace

struct ThreadRunner::Pool {
  std::mutex mu;
  std::condition_variable wake;  // a new job, or stop
  std::condition_variable done;  // the last helper left the job
  // The current job, set under `mu` before `generation` moves on.
  const std::function<void(size_t)>* task = nullptr;
  size_t n = 0;
  std::atomic<size_t> next{0};
  size_t generation = 0;
  size_t working = 0;  // helpers not yet back from the current job
  bool stop = false;
  std::atomic<bool> busy{false};  // a Run() has the helpers
  std::vector<std::thread> helpers;

  void Serve() {
    size_t seen = 0;
    std::unique_lock<std::mutex> lock(mu);
    while (true) {
      wake.wait(lock, [&] { return stop || generation != seen; });
      if (stop)
        return;
      seen = generation;
      const std::function<void(size_t)>* job = task;
      const size_t count = n;
      lock.unlock();
      TakeTasks(&next, count, *job);
      lock.lock();
      if (--working == 0)
        done.notify_one();
    }
  }
};

ThreadRunner::ThreadRunner(size_t threads)
    : threads_(threads < 1 ? 1 : threads) {
  if (threads_ == 1)
    return;
  pool_ = std::make_unique<Pool>();
  pool_->helpers.reserve(threads_ - 1);
  for (size_t t = 0; t + 1 < threads_; ++t)
    pool_->helpers.emplace_back([pool = pool_.get()] { pool->Serve(); });
}

ThreadRunner::~ThreadRunner() {
  if (pool_ == nullptr)
    return;
  {
    std::lock_guard<std::mutex> lock(pool_->mu);
    pool_->stop = true;
  }
  pool_->wake.notify_all();
  for (std::thread& t : pool_->helpers)
    t.join();
}

void ThreadRunner::Run(size_t n,
                       const std::function<void(size_t)>& task) const {
  if (pool_ == nullptr || n <= 1) {
    for (size_t i = 0; i < n; ++i)
      task(i);
    return;
  }
  Pool& pool = *pool_;
  if (pool.busy.exchange(true)) {  // called from within a task
    RunOnNewThreads(threads_, n, task);
    return;
  }
  {
    std::lock_guard<std::mutex> lock(pool.mu);
    pool.task = &task;
    pool.n = n;
    pool.next = 0;
    pool.working = pool.helpers.size();
    ++pool.generation;
  }
  pool.wake.notify_all();
  TakeTasks(&pool.next, n, task);
  {
    std::unique_lock<std::mutex> lock(pool.mu);
    pool.done.wait(lock, [&] { return pool.working == 0; });
  }
  pool.busy = false;
}

size_t ThreadRunner::Cores() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : n;
}

}  // namespace exposure
