#pragma once
#include <optional>
#include <string>

#include "common/process_group.h"
#include "common/shard.h"
#include "sweep/sweep_config.h"

namespace apq::sweep {

struct SweepRequest {
  SweepConfig config;
  std::string out_dir;
  std::string apq;      // the apq executable that builds each LUT and runs each search
  bool resume = false;  // reuse the variants a killed sweep finished
  int jobs = 0;         // LUT workers per rank (0: the cores shared by the ranks)
  // One task of a job array: only the variants i with i % N == k - 1, no summary (a later run
  // with resume writes it). Allowed in a folder holding the same sweep; not under mpirun.
  std::optional<Shard> shard;
};

struct SweepOutcome {
  int variants = 0;
  int ran = 0;              // variants with a LUT and searches
  int skipped = 0;          // named and skipped (no table row, over the area budget, buffers too small)
  std::string summary_csv;  // rank 0 only; empty for a shard
};

// The variants split over the group's ranks (variant i on rank i mod size), each variant's
// accelerator generated, its LUT built and searched at every bound with spot-verification; the
// results gathered on rank 0, which writes summary.json, summary.csv and the figures. Every rank
// returns the same counts. Throws apq::UsageError for a folder holding another sweep (without
// resume) or a shard under mpirun, and apq::InputError, on rank 0, when no variant could be run.
SweepOutcome run_sweep(ProcessGroup& group, const SweepRequest& request);

}  // namespace apq::sweep
