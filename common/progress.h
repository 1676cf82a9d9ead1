#pragma once
#include <chrono>
#include <cstdint>
#include <string>

namespace apq {

// A progress line on stderr: done/total, rate and ETA. Redraws at most a few times a second so
// that tight loops stay cheap; stdout is left to results.
class Progress {
 public:
  Progress(std::string label, std::int64_t total, std::string unit = "items");
  ~Progress();
  void advance(std::int64_t n = 1);
  void finish();

 private:
  void draw(bool final_line);

  std::string label_;
  std::string unit_;
  std::int64_t total_;
  std::int64_t done_ = 0;
  bool finished_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
  bool to_terminal_;
};

}  // namespace apq
