// Answers sent later, from another thread. A route whose answer waits for something slow (the
// POST of a response waits for the group commit's fsync) can hand the answer over instead of
// blocking the connection's thread: that thread would otherwise sleep and be woken once more per
// request only to pass a result on, which on two cores costs as much as the request's own work.
// The connection serves every request with a DeferrableResponse; a route asks it for a
// DeferredReply, returns, and whoever holds the reply sends the answer from any thread. The
// connection reads its next request, or closes, only after that answer went out, so answers
// never overtake each other. Knows nothing about routes or storage.
#pragma once

#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPServerResponseImpl.h>
#include <Poco/Net/StreamSocket.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace otos::web {

class DeferredReply {
 public:
  // `head`: the response as the connection prepared it (version, date, keep-alive).
  // `wake_fd`: an eventfd the connection's thread polls (see finish()).
  DeferredReply(const Poco::Net::StreamSocket& socket, const Poco::Net::HTTPResponse& head,
                int wake_fd);

  // Any thread, once: sends the answer with the connection's headers. Never blocks: what the
  // socket does not take at once is left to the connection's thread, which is woken for it (as
  // it is when the answer closes the connection).
  void send_json(int status, std::string_view body, bool close_after = false);

  // The connection's thread: waits until send_json() ran, then sends what it left (blocking,
  // within the socket's send timeout). False when the connection must close: the answer said so,
  // or the client is gone.
  bool finish();

 private:
  Poco::Net::StreamSocket socket_;
  Poco::Net::HTTPResponse head_;
  int wake_fd_;
  std::mutex mu_;
  std::condition_variable answered_cv_;
  bool answered_ = false;
  bool keep_open_ = true;
  std::string rest_;  // bytes the socket did not take in send_json()
};

// The response object the connection hands to its handlers: a Poco response that can also be
// deferred. The eventfd is the connection's, made on the first deferral.
class DeferrableResponse : public Poco::Net::HTTPServerResponseImpl {
 public:
  DeferrableResponse(Poco::Net::HTTPServerSession& session, const Poco::Net::StreamSocket& socket,
                     int& wake_fd);

  // The reply the route answers through later; null when this answer cannot wait (it closes the
  // connection, or was already begun).
  std::shared_ptr<DeferredReply> defer();
  const std::shared_ptr<DeferredReply>& deferred() const { return reply_; }

 private:
  Poco::Net::StreamSocket socket_;
  int& wake_fd_;
  std::shared_ptr<DeferredReply> reply_;
};

// The route's side: `response` deferred, or null when it cannot be (not the connection's response,
// or an answer that closes the connection): the route then answers at once.
std::shared_ptr<DeferredReply> defer_reply(Poco::Net::HTTPServerResponse& response);

}  // namespace otos::web
