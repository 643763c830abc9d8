// TaskRunner on std::thread, for the native CLI (`--threads N`).
#ifndef NATIVE_THREAD_RUNNER_H_
#define NATIVE_THREAD_RUNNER_H_

#include <cstddef>
#include <functional>

#include "core/base/task_runner.h"

namespace exposure {

// Each Run() starts threads() - 1 threads that, with the caller's, take
// the tasks' indexes from one counter, and joins them before it returns.
// Starting threads per Run costs tens of microseconds, small beside the
// work of a batch (about a megabyte of report), and leaves nothing running
// between batches.
class ThreadRunner : public TaskRunner {
 public:
  explicit ThreadRunner(size_t threads) : threads_(threads < 1 ? 1 : threads) {}
  size_t threads() const override { return threads_; }
  void Run(size_t n, const std::function<void(size_t)>& task) const override;

  // The machine's hardware threads (1 when it cannot tell).
  static size_t Cores();

 private:
  size_t threads_;
};

}  // namespace exposure

#endif  // NATIVE_THREAD_RUNNER_H_
