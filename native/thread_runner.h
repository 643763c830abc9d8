// TaskRunner on std::thread, for the native CLI (`--threads N`).
#ifndef NATIVE_THREAD_RUNNER_H_
#define NATIVE_THREAD_RUNNER_H_

#include <cstddef>
#include <functional>
#include <memory>

#include "core/base/task_runner.h"

namespace exposure {

// threads() - 1 helper threads wait between Run() calls; each Run() wakes
// them to take the tasks' indexes from one counter with the caller's
// thread, and returns once all have checked in. The index order is kept:
// task 0 is handed out first. Starting threads per Run costs tens of
// microseconds and a fresh stack to fault in, per batch of a report. A
// Run() from within a task finds the helpers busy and starts its own
// threads for that call.
class ThreadRunner : public TaskRunner {
 public:
  explicit ThreadRunner(size_t threads);
  ~ThreadRunner() override;
  ThreadRunner(const ThreadRunner&) = delete;
  ThreadRunner& operator=(const ThreadRunner&) = delete;

  size_t threads() const override { return threads_; }
  void Run(size_t n, const std::function<void(size_t)>& task) const override;

  // The machine's hardware threads (1 when it cannot tell).
  static size_t Cores();

 private:
  struct Pool;
  size_t threads_;
  std::unique_ptr<Pool> pool_;  // null with one thread
};

}  // namespace exposure

#endif  // NATIVE_THREAD_RUNNER_H_
