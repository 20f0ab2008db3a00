// The `otos serve` child-process fixture and command runner (see server_process.h).
#include "server_process.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>

namespace otos::itest {

namespace fs = std::filesystem;

std::string otos_binary() { return OTOS_BIN; }
std::string test_surveys_dir() { return OTOS_ITEST_SURVEYS; }

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::vector<char*> c_args(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  return args;
}

// Runs /bin/sh-free: argv directly, stdout and stderr to files, waits.
int spawn_and_wait(const std::vector<std::string>& argv, const std::string& out_file,
                   const std::string& err_file) {
  std::vector<char*> args = c_args(argv);
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {  // only async-signal-safe calls until exec
    int o = open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int e = open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (o < 0 || e < 0) _exit(127);
    dup2(o, STDOUT_FILENO);
    dup2(e, STDERR_FILENO);
    execv(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

ScratchDir::ScratchDir() {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/otos-itest-XXXXXX";
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

CommandResult run_otos(const std::vector<std::string>& args) {
  ScratchDir dir;
  std::vector<std::string> argv{otos_binary()};
  argv.insert(argv.end(), args.begin(), args.end());
  CommandResult r;
  r.exit_code = spawn_and_wait(argv, dir.file("out"), dir.file("err"));
  r.out = read_file(dir.file("out"));
  r.err = read_file(dir.file("err"));
  return r;
}

ServerProcess::ServerProcess(const std::string& db, const std::string& surveys,
                             const std::vector<std::string>& extra) {
  std::vector<std::string> argv{otos_binary(), "serve", "--port", "0",         "--host",
                                "127.0.0.1",   "--db",  db,       "--surveys", surveys};
  argv.insert(argv.end(), extra.begin(), extra.end());
  err_file_ = logs_.file("serve.stderr");
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  std::vector<char*> args = c_args(argv);
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {  // only async-signal-safe calls until exec
    int e = open(err_file_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (e < 0) _exit(127);
    dup2(fds[1], STDOUT_FILENO);
    dup2(e, STDERR_FILENO);
    execv(args[0], args.data());
    _exit(127);
  }
  pid_ = pid;
  close(fds[1]);
  out_fd_ = fds[0];
  // Reads stdout byte by byte up to the listening line (a few dozen bytes).
  const std::string prefix = "otos: listening on http://";
  std::string line;
  char c = 0;
  while (read(out_fd_, &c, 1) == 1) {
    if (c != '\n') {
      line += c;
      continue;
    }
    if (line.rfind(prefix, 0) == 0) {
      port_ = static_cast<uint16_t>(std::stoi(line.substr(line.rfind(':') + 1)));
      return;
    }
    line.clear();
  }
  int code = wait();
  throw std::runtime_error("otos serve exited (" + std::to_string(code) + ") before listening:\n" +
                           stderr_text());
}

ServerProcess::~ServerProcess() {
  if (!exit_code_) {
    ::kill(pid_, SIGKILL);
    wait();
  }
  if (out_fd_ >= 0) close(out_fd_);
}

void ServerProcess::signal(int sig) { ::kill(pid_, sig); }

int ServerProcess::wait() {
  if (!exit_code_) {
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0) {
      if (errno != EINTR) break;
    }
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  return *exit_code_;
}

std::string ServerProcess::stderr_text() { return read_file(err_file_); }

}  // namespace otos::itest
