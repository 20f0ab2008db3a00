// Answers sent later (see deferred_reply.h). Must not block the thread that sends the answer:
// it is the store's finisher, which every later commit waits for.
#include "web/deferred_reply.h"

#include <Poco/Net/NetException.h>
#include <Poco/Timestamp.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <sstream>

namespace otos::web {

DeferredReply::DeferredReply(const Poco::Net::StreamSocket& socket,
                             const Poco::Net::HTTPResponse& head, int wake_fd)
    : socket_(socket), head_(head), wake_fd_(wake_fd) {}

void DeferredReply::send_json(int status, std::string_view body, bool close_after) {
  Poco::Net::HTTPResponse response(head_);
  response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
  response.setDate(Poco::Timestamp());
  if (close_after) response.setKeepAlive(false);
  response.setContentType("application/json; charset=utf-8");
  response.setContentLength64(static_cast<Poco::Int64>(body.size()));
  std::ostringstream out;
  response.write(out);
  std::string bytes = out.str();
  bytes.append(body);

  size_t sent = 0;
  bool failed = false;
  const int fd = socket_.impl()->sockfd();
  while (sent < bytes.size()) {
    ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      failed = !(n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK));
      break;
    }
  }
  bool wake = false;
  {
    std::lock_guard lock(mu_);
    answered_ = true;
    keep_open_ = !close_after && !failed;
    if (!failed) rest_ = bytes.substr(sent);
    wake = !keep_open_ || !rest_.empty();
  }
  answered_cv_.notify_all();
  if (wake) {
    const uint64_t one = 1;
    // A full counter (never, at one write per request) only means the thread is already woken.
    [[maybe_unused]] ssize_t w = ::write(wake_fd_, &one, sizeof one);
  }
}

bool DeferredReply::finish() {
  std::string rest;
  {
    std::unique_lock lock(mu_);
    answered_cv_.wait(lock, [this] { return answered_; });
    rest.swap(rest_);
  }
  size_t sent = 0;
  try {
    while (sent < rest.size()) {
      int n = socket_.sendBytes(rest.data() + sent, static_cast<int>(rest.size() - sent));
      if (n <= 0) return false;
      sent += static_cast<size_t>(n);
    }
  } catch (const Poco::Exception&) {
    return false;  // a timeout or a reset: the client is gone or stuck
  }
  std::lock_guard lock(mu_);
  return keep_open_;
}

DeferrableResponse::DeferrableResponse(Poco::Net::HTTPServerSession& session,
                                       const Poco::Net::StreamSocket& socket, int& wake_fd)
    : HTTPServerResponseImpl(session), socket_(socket), wake_fd_(wake_fd) {}

std::shared_ptr<DeferredReply> DeferrableResponse::defer() {
  if (reply_) return reply_;
  if (sent() || !getKeepAlive()) return nullptr;
  if (wake_fd_ < 0) {
    wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (wake_fd_ < 0) return nullptr;  // out of descriptors: answer the slow way
  }
  reply_ = std::make_shared<DeferredReply>(socket_, *this, wake_fd_);
  return reply_;
}

std::shared_ptr<DeferredReply> defer_reply(Poco::Net::HTTPServerResponse& response) {
  auto* deferrable = dynamic_cast<DeferrableResponse*>(&response);
  return deferrable ? deferrable->defer() : nullptr;
}

}  // namespace otos::web
