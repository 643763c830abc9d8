// Independent tasks that a host may run at once. The core never starts a
// thread itself: the native CLI hands in a runner with the machine's cores
// (native/thread_runner.h), while the wasm builds (browser, widget, edge)
// run single-threaded and pass none. Whatever runs the tasks, the core's
// output is the same bytes: work is split into tasks whose results are
// joined in a fixed order.
#ifndef CORE_BASE_TASK_RUNNER_H_
#define CORE_BASE_TASK_RUNNER_H_

#include <cstddef>
#include <functional>

namespace exposure {

class TaskRunner {
 public:
  virtual ~TaskRunner() = default;
  // How many tasks may run at once; 1 means one after another.
  virtual size_t threads() const = 0;
  // Calls task(0) ... task(n - 1), each once, in any order and on any of
  // the runner's threads (the caller's among them), and returns when all
  // have returned. Tasks share nothing writable unless they synchronize,
  // and must not throw.
  virtual void Run(size_t n, const std::function<void(size_t)>& task) const = 0;
};

// Runs `n` tasks on `runner`, or one after another on the caller's thread
// when there is none.
inline void RunTasks(const TaskRunner* runner,
                     size_t n,
                     const std::function<void(size_t)>& task) {
  if (runner == nullptr || runner->threads() <= 1 || n <= 1) {
    for (size_t i = 0; i < n; ++i)
      task(i);
    return;
  }
  runner->Run(n, task);
}

}  // namespace exposure

#endif  // CORE_BASE_TASK_RUNNER_H_
