// apq lut build: parses for calibration::build_lut / build_lut_on (calibration/lut_builder.h; under
// mpirun the ranks split the rows) and prints the report.
#include <signal.h>

#include <cstdio>
#include <memory>

#include "calibration/lut_builder.h"
#include "cli/options.h"
#include "distributed/mpi_process_group.h"

namespace apq::cli {

int run_lut_build(const std::vector<std::string>& args) {
  po::options_description desc("options");
  desc.add_options()
      ("space", po::value<std::string>()->required(), "search space (configs/spaces/*.json)")
      ("accel", po::value<std::string>()->required(), "accelerator (configs/accel/*.json)")
      ("out", po::value<std::string>()->required(), "LUT file to write (atomically, keys sorted)")
      ("format", po::value<std::string>()->default_value("context"),
       "context: a row per layer and context, measured inside a network (where its input and "
       "output live, its first weights prefetched); apq: APQ's table, a row per layer run alone")
      ("jobs", po::value<std::int64_t>()->default_value(1), "worker processes (one SystemC kernel each)")
      ("shard", po::value<std::string>()->default_value("1/1"),
       "build slice k/N only (entries i with i % N == k-1); join the slices with apq lut merge")
      ("resume", "continue from OUT.journal, the journal of an interrupted build of the same "
                 "space, accelerator and shard (without it, a build starts a new journal)");
  // The crash tests kill a build mid-journal; users have no use for it.
  po::options_description hidden;
  hidden.add_options()("stop-after", po::value<std::int64_t>(),
                       "die by SIGKILL after journaling this many new entries");
  po::variables_map vm;
  if (!parse_options("lut build",
                     "--space FILE --accel FILE --out FILE [--format context|apq] [--jobs N] [--shard k/N] [--resume]",
                     args, desc, vm, nullptr, &hidden)) {
    return 0;
  }
  calibration::LutBuildRequest request;
  request.space_path = vm["space"].as<std::string>();
  request.accel_path = vm["accel"].as<std::string>();
  request.out_path = vm["out"].as<std::string>();
  request.format = calibration::parse_lut_format(vm["format"].as<std::string>(), "--format");
  request.jobs = static_cast<int>(int_option(vm, "jobs", 1, 256));
  request.shard = parse_shard(vm["shard"].as<std::string>());
  request.resume = vm.count("resume") > 0;
  if (vm.count("stop-after")) {
    const std::int64_t stop_after = int_option(vm, "stop-after", 1, INT64_MAX);
    request.after_entry = [stop_after](std::int64_t journaled) {
      if (journaled >= stop_after) ::raise(SIGKILL);
    };
  }
  // Under mpirun the ranks split the rows; rank 0 writes the table and reports.
  const std::unique_ptr<ProcessGroup> group = launch_process_group();
  const calibration::LutBuildReport r = calibration::build_lut_on(*group, request);
  if (group->rank() != 0) return 0;
  std::printf("wrote %s: %s table, %zu entries (%zu simulated in %.2f s, %.0f entries/s, %zu from the journal)\n",
              request.out_path.c_str(), r.format.c_str(), r.entries, r.simulated, r.wall_seconds,
              r.wall_seconds > 0 ? static_cast<double>(r.simulated) / r.wall_seconds : 0.0, r.resumed);
  return 0;
}

}  // namespace apq::cli
