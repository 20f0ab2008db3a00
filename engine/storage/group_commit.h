// Group commit: many threads submit items; one writer thread takes everything queued (up to
// max_batch), hands the batch to a commit function that stores it in ONE transaction, and only
// after that function returns (the COMMIT is durable) tells the batch's callers their results.
// If the commit function throws, every caller of that batch gets the exception and nothing of the
// batch may have been stored (the function rolls back). The destructor drains the queue first.
// Generic over the item and result types; knows nothing about SQL.
//
// Two ways to submit. submit() blocks its thread until the batch has committed. submit_async()
// returns at once and a callback gets the result later, on the finisher thread: a server thread
// then does not sleep and wake once more per request only to pass the result on.
//
// Who wakes whom: the writer is the bottleneck of durable ingest (each batch waits for the disk),
// and waking a sleeping thread is a system call that often interrupts the other CPU, so after a
// commit the writer wakes one thread only and starts on the next batch at once: the batch's first
// blocked caller, which wakes the others before it returns (measured on 2 cores with 8 clients:
// +16 % accepted responses/s over the writer waking each caller itself; docs/performance.md), or,
// when the batch has callbacks, the finisher, which runs them and wakes the blocked callers.
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
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

namespace otos::storage {

template <typename Item, typename Result>
class GroupCommit {
 public:
  // Must return one result per item, in order. Called on the writer thread only.
  using CommitFn = std::function<std::vector<Result>(const std::vector<const Item*>&)>;
  // What submit_async() calls: the item's result, or null and the batch's error. Runs on the
  // finisher thread; must not throw, and should not block (the next batches wait for it).
  using Callback = std::function<void(Result*, std::exception_ptr)>;

  explicit GroupCommit(CommitFn commit, size_t max_batch = 1000)
      : commit_(std::move(commit)),
        max_batch_(std::max<size_t>(max_batch, 1)),
        finisher_([this] { run_finisher(); }),
        writer_([this] { run(); }) {}

  ~GroupCommit() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    writer_.join();  // every queued item committed (or failed); callbacks handed on
    {
      std::lock_guard lock(finish_mu_);
      finish_stopping_ = true;
    }
    finish_cv_.notify_all();
    finisher_.join();
  }

  GroupCommit(const GroupCommit&) = delete;
  GroupCommit& operator=(const GroupCommit&) = delete;

  // Blocks until the batch holding `item` has committed; rethrows the commit function's error.
  // `item` must stay valid until then (it is not copied).
  Result submit(const Item& item) {
    Pending pending;
    pending.item = &item;
    std::future<Outcome> told = pending.done.emplace().get_future();
    {
      std::lock_guard lock(mu_);
      queue_.push_back(std::move(pending));
    }
    cv_.notify_one();
    Outcome outcome = told.get();  // rethrows the commit function's error
    Batch& batch = *outcome.batch;
    if (outcome.wake_rest) {  // the writer woke only us: we wake the others
      for (size_t i = 1; i < batch.pending.size(); ++i)
        batch.pending[i].done->set_value(Outcome{outcome.batch, i, false});
    }
    return std::move(batch.results[outcome.index]);
  }

  // Queues `item` (kept until its callback has run) and returns at once; `done` is called once,
  // on the finisher thread, after the batch holding the item has committed or failed.
  void submit_async(Item item, Callback done) {
    Pending pending;
    pending.owned = std::make_unique<Item>(std::move(item));
    pending.item = pending.owned.get();
    pending.callback = std::move(done);
    {
      std::lock_guard lock(mu_);
      queue_.push_back(std::move(pending));
    }
    cv_.notify_one();
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

 private:
  struct Batch;
  // What a caller is woken with: its batch (kept alive by every caller's copy) and its place in it.
  struct Outcome {
    std::shared_ptr<Batch> batch;
    size_t index;
    bool wake_rest;  // this caller wakes the batch's other callers (all blocked ones)
  };
  // One caller: blocked on `done` (submit) or waiting for `callback` (submit_async).
  struct Pending {
    const Item* item = nullptr;
    std::optional<std::promise<Outcome>> done;
    std::unique_ptr<Item> owned;  // submit_async's item
    Callback callback;
  };
  struct Batch {
    std::vector<Pending> pending;
    std::vector<Result> results;  // one per pending, same order; each caller moves out its own
    std::exception_ptr error;     // the commit function's, when it failed
    bool has_callbacks = false;
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
      for (const auto& p : batch->pending) {
        items.push_back(p.item);
        if (p.callback) batch->has_callbacks = true;
      }
      try {
        batch->results = commit_(items);
        // Too few results is a bug of the commit function: the batch may be stored, but no
        // caller can be told its result.
        if (batch->results.size() < items.size())
          throw std::logic_error("group commit: the commit function returned too few results");
        std::lock_guard lock(mu_);
        ++batches_;
        items_ += items.size();
      } catch (...) {  // handed to every caller of the batch, which rethrows it
        batch->error = std::current_exception();
      }
      if (batch->has_callbacks) {
        {
          std::lock_guard lock(finish_mu_);
          to_finish_.push_back(batch);
        }
        finish_cv_.notify_one();
      } else if (batch->error) {
        for (auto& p : batch->pending) p.done->set_exception(batch->error);
      } else {
        batch->pending.front().done->set_value(Outcome{batch, 0, true});  // it wakes the rest
      }
    }
  }

  // Runs the callbacks of batches that have them, and wakes their blocked callers, in order.
  void run_finisher() {
    pthread_setname_np(pthread_self(), "otos-finish");
    std::deque<std::shared_ptr<Batch>> batches;
    for (;;) {
      {
        std::unique_lock lock(finish_mu_);
        finish_cv_.wait(lock, [this] { return finish_stopping_ || !to_finish_.empty(); });
        if (to_finish_.empty()) return;  // stopping and drained
        batches.swap(to_finish_);
      }
      for (auto& b : batches) {
        for (size_t i = 0; i < b->pending.size(); ++i) {
          Pending& p = b->pending[i];
          if (p.callback) {
            p.callback(b->error ? nullptr : &b->results[i], b->error);
          } else if (b->error) {
            p.done->set_exception(b->error);
          } else {
            p.done->set_value(Outcome{b, i, false});
          }
        }
      }
      batches.clear();
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
  std::mutex finish_mu_;  // guards the finisher's queue
  std::condition_variable finish_cv_;
  std::deque<std::shared_ptr<Batch>> to_finish_;
  bool finish_stopping_ = false;
  std::thread finisher_;
  std::thread writer_;  // last: starts after every other member is ready
};

}  // namespace otos::storage
