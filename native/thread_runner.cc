#include "native/thread_runner.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace exposure {

void ThreadRunner::Run(size_t n,
                       const std::function<void(size_t)>& task) const {
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next.fetch_add(1); i < n; i = next.fetch_add(1))
      task(i);
  };
  const size_t helpers = std::min(threads_, n) - 1;
  std::vector<std::thread> started;
  started.reserve(helpers);
  for (size_t t = 0; t < helpers; ++t)
    started.emplace_back(work);
  work();
  for (std::thread& t : started)
    t.join();
}

size_t ThreadRunner::Cores() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : n;
}

}  // namespace exposure
