// Group commit: many threads submit items and block; one writer thread takes everything queued
// (up to max_batch), hands the batch to a commit function that stores it in ONE transaction, and
// only after that function returns (the COMMIT is durable) wakes the batch's callers with their
// results. If the commit function throws, every caller of that batch gets the exception and nothing
// of the batch may have been stored (the function rolls back). The destructor drains the queue
// first. Generic over the item and result types; knows nothing about SQL.
//
// Who wakes whom: the writer is the bottleneck of durable ingest (each batch waits for the disk),
// and waking a sleeping thread is a system call that often interrupts the other CPU, so after a
// commit the writer wakes only the batch's first caller and starts on the next batch at once;
// that caller wakes the others before it returns. (Measured on 2 cores with 8 clients: +16 %
// accepted responses/s over the writer waking each caller itself; docs/performance.md.)
#pragma once

#include <pthread.h>

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

namespace otos::storage {

template <typename Item, typename Result>
class GroupCommit {
 public:
  // Must return one result per item, in order. Called on the writer thread only.
  using CommitFn = std::function<std::vector<Result>(const std::vector<const Item*>&)>;

  explicit GroupCommit(CommitFn commit, size_t max_batch = 1000)
      : commit_(std::move(commit)),
        max_batch_(std::max<size_t>(max_batch, 1)),
        writer_([this] { run(); }) {}

  ~GroupCommit() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    writer_.join();
  }

  GroupCommit(const GroupCommit&) = delete;
  GroupCommit& operator=(const GroupCommit&) = delete;

  // Blocks until the batch holding `item` has committed; rethrows the commit function's error.
  // `item` must stay valid until then (it is not copied).
  Result submit(const Item& item) {
    std::promise<Outcome> done;
    std::future<Outcome> told = done.get_future();
    {
      std::lock_guard lock(mu_);
      queue_.push_back(Pending{&item, std::move(done)});
    }
    cv_.notify_one();
    Outcome outcome = told.get();  // rethrows the commit function's error
    Batch& batch = *outcome.batch;
    if (outcome.index == 0) {  // the writer woke only us: we wake the others
      for (size_t i = 1; i < batch.pending.size(); ++i)
        batch.pending[i].done.set_value(Outcome{outcome.batch, i});
    }
    return std::move(batch.results[outcome.index]);
  }

  // Items waiting for the next batch (not counting the one being committed).
  size_t queued() const {
    std::lock_guard lock(mu_);
    return queue_.size();
  }

  // Batches committed so far and items in them (for tests and benchmarks).
  uint64_t batches() const {
    std::lock_guard lock(mu_);
    return batches_;
  }
  uint64_t items() const {
    std::lock_guard lock(mu_);
    return items_;
  }
  // Both at one moment (Store::commit_stats).
  std::pair<uint64_t, uint64_t> counts() const {
    std::lock_guard lock(mu_);
    return {batches_, items_};
  }

 private:
  struct Batch;
  // What a caller is woken with: its batch (kept alive by every caller's copy) and its place in it.
  struct Outcome {
    std::shared_ptr<Batch> batch;
    size_t index;
  };
  struct Pending {
    const Item* item;
    std::promise<Outcome> done;
  };
  struct Batch {
    std::vector<Pending> pending;
    std::vector<Result> results;  // one per pending, same order; each caller moves out its own
  };

  void run() {
    pthread_setname_np(pthread_self(), "otos-commit");  // what ps and perf show
    std::vector<const Item*> items;
    // The last batch stays referenced until the next one is taken, so that its callers, not the
    // writer, usually drop it (and with it a shared exception) last.
    std::shared_ptr<Batch> batch;
    for (;;) {
      std::vector<Pending> pending;
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping and drained
        const size_t n = std::min(queue_.size(), max_batch_);
        pending.reserve(n);
        for (size_t i = 0; i < n; ++i) {
          pending.push_back(std::move(queue_.front()));
          queue_.pop_front();
        }
      }
      batch = std::make_shared<Batch>();
      batch->pending = std::move(pending);
      items.clear();
      for (const auto& p : batch->pending) items.push_back(p.item);
      try {
        batch->results = commit_(items);
        // Too few results is a bug of the commit function: the batch may be stored, but no
        // caller can be told its result.
        if (batch->results.size() < items.size())
          throw std::logic_error("group commit: the commit function returned too few results");
      } catch (...) {  // handed to every caller of the batch, which rethrows it
        std::exception_ptr error = std::current_exception();
        for (auto& p : batch->pending) p.done.set_exception(error);
        continue;
      }
      {
        std::lock_guard lock(mu_);
        ++batches_;
        items_ += items.size();
      }
      batch->pending.front().done.set_value(Outcome{batch, 0});  // it wakes the rest
    }
  }

  CommitFn commit_;
  size_t max_batch_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Pending> queue_;
  bool stopping_ = false;
  uint64_t batches_ = 0;
  uint64_t items_ = 0;
  std::thread writer_;  // last: starts after every other member is ready
};

}  // namespace otos::storage
