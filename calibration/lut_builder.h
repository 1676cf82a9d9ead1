#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "calibration/build_plan.h"
#include "common/process_group.h"

namespace apq::calibration {

// One `apq lut build`: every LUT row of the space (or of one shard of it) measured with the
// SystemC model in worker processes, journaled to OUT.journal as each finishes, written
// atomically with keys sorted.
struct LutBuildRequest {
  std::string space_path;
  std::string accel_path;
  std::string out_path;
  LutFormat format = LutFormat::Context;
  int jobs = 1;        // worker processes, one SystemC kernel each
  Shard shard;         // 1/1: the whole table
  bool resume = false; // continue from the journal of an interrupted build of the same inputs
  // Called after each entry is journaled with the count so far (the crash tests kill the build
  // from here).
  std::function<void(std::int64_t journaled)> after_entry;
};

struct LutBuildReport {
  std::string format;          // "context" or "apq"
  std::string space;
  std::string accel;
  std::string shard;           // "k/N"
  std::size_t entries = 0;     // rows written
  std::size_t resumed = 0;     // taken from the journal
  std::size_t simulated = 0;   // measured by this run
  double wall_seconds = 0.0;   // of the simulation
};

// Throws apq::InputError for unreadable inputs and for a journal made for another build (naming
// what differs); the output is written only when every entry is measured.
LutBuildReport build_lut(const LutBuildRequest& request);

// The same build split over the ranks of `group` (mpirun): rank k builds shard k+1/N of the
// request into OUT.rank-<k+1>-of-<N> (with its own journal, so --resume works per rank), then rank
// 0 merges the parts into OUT, byte for byte what build_lut writes, and removes them. Counts in
// the report are summed over the ranks. A request with its own --shard is refused (UsageError):
// mpirun and --shard split the build two ways. If any rank fails, every rank throws (the failing
// one its own error) and OUT is not written.
LutBuildReport build_lut_on(ProcessGroup& group, const LutBuildRequest& request);

}  // namespace apq::calibration
