// Group commit: many threads submit items and block; one writer thread takes everything queued
// (up to max_batch), hands the batch to a commit function that stores it in ONE transaction, and
// only after that function returns (the COMMIT is durable) wakes each caller with its result.
// If the commit function throws, every caller of that batch gets the exception and nothing of the
// batch may have been stored (the function rolls back). The destructor drains the queue first.
// Generic over the item and result types; knows nothing about SQL.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

namespace otos::storage {

template <typename Item, typename Result>
class GroupCommit {
 public:
  // Must return one result per item, in order. Called on the writer thread only.
  using CommitFn = std::function<std::vector<Result>(const std::vector<const Item*>&)>;

  explicit GroupCommit(CommitFn commit, size_t max_batch = 1000)
      : commit_(std::move(commit)), max_batch_(max_batch), writer_([this] { run(); }) {}

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
    std::promise<Result> done;
    std::future<Result> result = done.get_future();
    {
      std::lock_guard lock(mu_);
      queue_.push_back(Pending{&item, std::move(done)});
    }
    cv_.notify_one();
    return result.get();
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
  struct Pending {
    const Item* item;
    std::promise<Result> done;
  };

  void run() {
    std::vector<Pending> batch;
    std::vector<const Item*> items;
    for (;;) {
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping and drained
        size_t n = std::min(queue_.size(), max_batch_);
        batch.clear();
        for (size_t i = 0; i < n; ++i) {
          batch.push_back(std::move(queue_.front()));
          queue_.pop_front();
        }
      }
      items.clear();
      for (auto& p : batch) items.push_back(p.item);
      try {
        std::vector<Result> results = commit_(items);
        {
          std::lock_guard lock(mu_);
          ++batches_;
          items_ += batch.size();
        }
        for (size_t i = 0; i < batch.size(); ++i) {
          if (i < results.size()) {
            batch[i].done.set_value(std::move(results[i]));
          } else {
            batch[i].done.set_exception(std::make_exception_ptr(
                std::logic_error("group commit: the commit function returned too few results")));
          }
        }
      } catch (...) {  // handed to every caller of the batch, which rethrows it
        std::exception_ptr error = std::current_exception();
        for (auto& p : batch) p.done.set_exception(error);
      }
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
