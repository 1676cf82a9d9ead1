#include "common/progress.h"

#include <cstdio>

#include <unistd.h>

namespace apq {

namespace {
std::string format_duration(double seconds) {
  if (seconds < 0) seconds = 0;
  const auto s = static_cast<long long>(seconds + 0.5);
  char buf[32];
  if (s >= 3600) {
    std::snprintf(buf, sizeof buf, "%lldh%02lldm", s / 3600, (s % 3600) / 60);
  } else {
    std::snprintf(buf, sizeof buf, "%lldm%02llds", s / 60, s % 60);
  }
  return buf;
}
}  // namespace

Progress::Progress(std::string label, std::int64_t total, std::string unit)
    : label_(std::move(label)),
      unit_(std::move(unit)),
      total_(total),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_),
      to_terminal_(isatty(fileno(stderr)) == 1) {}

Progress::~Progress() { finish(); }

void Progress::advance(std::int64_t n) {
  done_ += n;
  const auto now = std::chrono::steady_clock::now();
  // A terminal gets a line redrawn in place; a log file gets a plain line now and then.
  const auto interval = to_terminal_ ? std::chrono::milliseconds(250) : std::chrono::milliseconds(10000);
  if (now - last_draw_ > interval || (to_terminal_ && done_ >= total_)) {
    last_draw_ = now;
    draw(false);
  }
}

void Progress::finish() {
  if (finished_) return;
  finished_ = true;
  draw(true);
}

void Progress::draw(bool final_line) {
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double rate = elapsed > 0 ? static_cast<double>(done_) / elapsed : 0.0;
  const double eta = rate > 0 ? static_cast<double>(total_ - done_) / rate : 0.0;
  const double pct = total_ > 0 ? 100.0 * static_cast<double>(done_) / static_cast<double>(total_) : 100.0;
  std::fprintf(stderr, "%s%s: %lld/%lld (%.1f%%) %.1f %s/s elapsed %s ETA %s%s", to_terminal_ ? "\r" : "",
               label_.c_str(),
               static_cast<long long>(done_), static_cast<long long>(total_), pct, rate,
               unit_.c_str(), format_duration(elapsed).c_str(), format_duration(eta).c_str(),
               to_terminal_ ? "\033[K" : "");
  if (final_line || !to_terminal_) std::fputc('\n', stderr);
  std::fflush(stderr);
}

}  // namespace apq
