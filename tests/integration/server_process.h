// Test fixture: a real `otos serve` started as a child process (fork/exec) on a free port (--port
// 0) with a scratch database, ready once it printed its `otos: listening on http://HOST:PORT` line
// (no sleeps). Also runs other otos commands and captures their output, and makes scratch
// directories. The destructor kills the server if it still runs. Test support only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace otos::itest {

// The otos binary and the test questionnaires (set by CMake).
std::string otos_binary();
std::string test_surveys_dir();

// A fresh directory under $TMPDIR, removed with everything in it by the destructor.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs `otos ARGS...` to completion.
CommandResult run_otos(const std::vector<std::string>& args);

class ServerProcess {
 public:
  // Starts `otos serve --port 0 --host 127.0.0.1 --db DB --surveys SURVEYS EXTRA...` and waits for
  // the listening line. Throws std::runtime_error (with the server's stderr) when it exits first.
  ServerProcess(const std::string& db, const std::string& surveys,
                const std::vector<std::string>& extra = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  uint16_t port() const { return port_; }
  int pid() const { return pid_; }
  // Sends a signal (SIGTERM, SIGKILL, ...).
  void signal(int sig);
  // Waits for the process to end; its exit code (128 + signal when killed by one).
  int wait();
  // The server's stderr so far (only complete once it has ended).
  std::string stderr_text();

 private:
  ScratchDir logs_;  // holds the server's stderr
  int pid_ = 0;
  int out_fd_ = -1;  // the server's stdout, kept open while it runs
  uint16_t port_ = 0;
  std::string err_file_;
  std::optional<int> exit_code_;
};

}  // namespace otos::itest
