#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "calibration/build_plan.h"

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

}  // namespace apq::calibration
