#include "calibration/workers.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "common/errors.h"

namespace apq::calibration {

namespace {

struct Worker {
  pid_t pid = -1;
  int fd = -1;
  std::string pending;        // bytes after the last newline
  std::size_t assigned = 0;   // indices it must deliver
  std::size_t delivered = 0;
  std::string error;          // what the worker reported before stopping
  bool error_is_input = false;
  bool open = true;
};

void write_all(int fd, const std::string& text) {
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::_exit(4);  // the parent is gone
    }
    written += static_cast<std::size_t>(n);
  }
}

// A worker's whole life; never returns. Lines: "<index> <text>", or "!input <message>" /
// "!error <message>" before it stops.
[[noreturn]] void worker_main(int fd, int w, int jobs, std::size_t count, pid_t parent,
                              const std::function<std::string(std::size_t)>& evaluate) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(5);  // the parent died before prctl took effect
  ::signal(SIGPIPE, SIG_DFL);
  int code = 0;
  try {
    for (std::size_t i = static_cast<std::size_t>(w); i < count; i += static_cast<std::size_t>(jobs)) {
      std::string line = evaluate(i);
      for (char& c : line)
        if (c == '\n') c = ' ';
      write_all(fd, std::to_string(i) + " " + line + "\n");
    }
  } catch (const InputError& e) {
    write_all(fd, std::string("!input ") + e.what() + "\n");
    code = 3;
  } catch (const std::exception& e) {
    write_all(fd, std::string("!error ") + e.what() + "\n");
    code = 3;
  }
  ::close(fd);
  ::_exit(code);  // no atexit handlers or static destructors of the parent's state
}

std::string how_it_ended(int status) {
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    return std::string("killed by signal ") + std::to_string(sig) + " (" + ::strsignal(sig) + ")";
  }
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  return "ended with wait status " + std::to_string(status);
}

void stop_all(std::vector<Worker>& workers) {
  for (Worker& w : workers) {
    if (w.pid > 0) ::kill(w.pid, SIGKILL);
  }
  for (Worker& w : workers) {
    if (w.pid > 0) {
      int status = 0;
      while (::waitpid(w.pid, &status, 0) < 0 && errno == EINTR) {
      }
      w.pid = -1;
    }
    if (w.fd >= 0) {
      ::close(w.fd);
      w.fd = -1;
    }
  }
}

// Parses complete lines of worker `w`; returns false once the worker reported an error.
bool take_lines(Worker& worker, const std::function<void(std::size_t, const std::string&)>& on_result) {
  std::size_t start = 0;
  for (;;) {
    const std::size_t newline = worker.pending.find('\n', start);
    if (newline == std::string::npos) break;
    const std::string line = worker.pending.substr(start, newline - start);
    start = newline + 1;
    if (!line.empty() && line[0] == '!') {
      worker.error_is_input = line.rfind("!input ", 0) == 0;
      const std::size_t space = line.find(' ');
      worker.error = space == std::string::npos ? line : line.substr(space + 1);
      return false;
    }
    const std::size_t space = line.find(' ');
    if (space == std::string::npos) throw std::runtime_error("malformed line from a LUT worker: " + line);
    const std::size_t index = std::stoul(line.substr(0, space));
    ++worker.delivered;
    on_result(index, line.substr(space + 1));
  }
  worker.pending.erase(0, start);
  return true;
}

}  // namespace

void run_workers(std::size_t count, int jobs, const std::function<std::string(std::size_t)>& evaluate,
                 const std::function<void(std::size_t, const std::string&)>& on_result) {
  if (count == 0) return;
  if (jobs < 1) throw std::invalid_argument("run_workers: jobs must be at least 1");
  if (static_cast<std::size_t>(jobs) > count) jobs = static_cast<int>(count);
  std::vector<Worker> workers(static_cast<std::size_t>(jobs));
  // Output of the parent's stdio must not be duplicated into the children's buffers.
  std::fflush(nullptr);
  const pid_t parent = ::getpid();
  for (int w = 0; w < jobs; ++w) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
      stop_all(workers);
      throw std::runtime_error(std::string("cannot create a pipe for a LUT worker: ") + std::strerror(errno));
    }
    const pid_t pid = ::fork();
    if (pid < 0) {
      ::close(fds[0]);
      ::close(fds[1]);
      stop_all(workers);
      throw std::runtime_error(std::string("cannot start a LUT worker: ") + std::strerror(errno));
    }
    if (pid == 0) {
      ::close(fds[0]);
      for (int earlier = 0; earlier < w; ++earlier) ::close(workers[static_cast<std::size_t>(earlier)].fd);
      worker_main(fds[1], w, jobs, count, parent, evaluate);
    }
    ::close(fds[1]);
    Worker& worker = workers[static_cast<std::size_t>(w)];
    worker.pid = pid;
    worker.fd = fds[0];
    worker.assigned = (count - static_cast<std::size_t>(w) + static_cast<std::size_t>(jobs) - 1) /
                      static_cast<std::size_t>(jobs);
  }

  try {
    std::size_t open = workers.size();
    std::vector<pollfd> polls;
    char buffer[65536];
    while (open > 0) {
      polls.clear();
      std::vector<std::size_t> which;
      for (std::size_t w = 0; w < workers.size(); ++w)
        if (workers[w].open) {
          polls.push_back({workers[w].fd, POLLIN, 0});
          which.push_back(w);
        }
      if (::poll(polls.data(), polls.size(), -1) < 0) {
        if (errno == EINTR) continue;
        throw std::runtime_error(std::string("poll on LUT workers failed: ") + std::strerror(errno));
      }
      for (std::size_t p = 0; p < polls.size(); ++p) {
        if (polls[p].revents == 0) continue;
        Worker& worker = workers[which[p]];
        const ssize_t n = ::read(worker.fd, buffer, sizeof buffer);
        if (n < 0) {
          if (errno == EINTR) continue;
          throw std::runtime_error(std::string("reading a LUT worker failed: ") + std::strerror(errno));
        }
        if (n > 0) {
          worker.pending.append(buffer, static_cast<std::size_t>(n));
          if (take_lines(worker, on_result)) continue;
        }
        // End of stream, or the worker reported an error: it is finished either way.
        worker.open = false;
        --open;
        ::close(worker.fd);
        worker.fd = -1;
        int status = 0;
        while (::waitpid(worker.pid, &status, 0) < 0 && errno == EINTR) {
        }
        worker.pid = -1;
        const std::string who = "LUT worker " + std::to_string(which[p] + 1) + " of " +
                                std::to_string(workers.size());
        if (!worker.error.empty()) {
          const std::string message = who + " failed after " + std::to_string(worker.delivered) + " of " +
                                      std::to_string(worker.assigned) + " entries: " + worker.error;
          if (worker.error_is_input) throw InputError(message);
          throw std::runtime_error(message);
        }
        if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0) || worker.delivered != worker.assigned)
          throw std::runtime_error(who + " died: " + how_it_ended(status) + " after " +
                                   std::to_string(worker.delivered) + " of " +
                                   std::to_string(worker.assigned) + " entries");
      }
    }
  } catch (...) {
    stop_all(workers);
    throw;
  }
}

}  // namespace apq::calibration
