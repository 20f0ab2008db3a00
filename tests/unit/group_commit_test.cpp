// GroupCommit's hand-over of results: the writer wakes a batch's first caller only, which wakes the
// others; every caller must still get its own result (or the batch's error), whatever the batch
// size. (storage_test.cpp has the basic batching, error and drain cases.)
#include "engine/storage/group_commit.h"

#include <doctest/doctest.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "engine/storage/store.h"

using otos::storage::GroupCommit;
using otos::storage::StoreError;

namespace {

// Runs `n` callers of `submit` at once, after a first caller whose batch holds the writer (its
// commit function spins until `release`) until the n are queued: so they all land in the writer's
// second batch, together. `calls` counts the commit function's calls.
template <typename Fn>
void second_batch_of(GroupCommit<int, std::string>& gc, std::atomic<int>& calls,
                     std::atomic<bool>& release, int n, Fn submit) {
  std::thread first([&] {
    int v = -1;
    try {
      gc.submit(v);
    } catch (const std::exception&) {
    }
  });
  while (calls.load() == 0) std::this_thread::yield();
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) threads.emplace_back([&, i] { submit(i); });
  while (gc.queued() < static_cast<size_t>(n)) std::this_thread::yield();
  release = true;
  for (auto& t : threads) t.join();
  first.join();
}

}  // namespace

TEST_CASE("group commit: every caller of a large batch gets its own result") {
  constexpr int kCallers = 16;
  std::atomic<bool> release{false};
  std::atomic<int> calls{0};
  GroupCommit<int, std::string> gc([&](const std::vector<const int*>& batch) {
    if (calls++ == 0) {
      while (!release.load()) std::this_thread::yield();  // the first batch waits for the rest
    }
    std::vector<std::string> out;
    for (const int* v : batch) out.push_back("r" + std::to_string(*v));
    return out;
  });
  std::vector<std::string> results(kCallers);
  second_batch_of(gc, calls, release, kCallers, [&](int i) {
    int v = i;
    results[static_cast<size_t>(i)] = gc.submit(v);
  });
  for (int i = 0; i < kCallers; ++i)
    CHECK(results[static_cast<size_t>(i)] == "r" + std::to_string(i));
  CHECK(gc.batches() == 2);
  CHECK(gc.items() == kCallers + 1);
}

TEST_CASE("group commit: a failing batch of many callers fails each of them") {
  constexpr int kCallers = 8;
  std::atomic<bool> release{false};
  std::atomic<int> calls{0};
  GroupCommit<int, std::string> gc([&](const std::vector<const int*>& batch) {
    if (calls++ == 0) {
      while (!release.load()) std::this_thread::yield();
      return std::vector<std::string>(batch.size(), "ok");
    }
    throw StoreError("disk full");
  });
  std::atomic<int> failed{0};
  second_batch_of(gc, calls, release, kCallers, [&](int i) {
    int v = i;
    try {
      gc.submit(v);
    } catch (const StoreError& e) {
      if (std::string(e.what()) == "disk full") ++failed;
    }
  });
  CHECK(failed.load() == kCallers);
  CHECK(gc.batches() == 1);  // only the successful first batch counts
}

TEST_CASE("group commit: too few results from the commit function fail the whole batch") {
  GroupCommit<int, std::string> gc(
      [](const std::vector<const int*>&) { return std::vector<std::string>{}; });
  int v = 1;
  CHECK_THROWS_AS(gc.submit(v), std::logic_error);
}
