// apq sweep: co-design over accelerator variants, split over the ranks of mpirun.
#include <iostream>
#include <memory>

#include "cli/apq_nn.h"
#include "cli/options.h"
#include "distributed/mpi_process_group.h"
#include "sweep/sweep_run.h"

namespace apq::cli {

int run_sweep(const std::vector<std::string>& args) {
  po::options_description desc("options");
  desc.add_options()("sweep", po::value<std::string>()->required(), "sweep file (sweep/README.md)")(
      "out", po::value<std::string>()->required(),
      "folder: a subfolder per variant, summary.json, summary.csv, figures")(
      "resume", "reuse the variants a killed sweep in --out finished")(
      "jobs", po::value<std::int64_t>()->default_value(0), "LUT workers per rank (0: the cores shared by the ranks)")(
      "shard", po::value<std::string>(),
      "k/N: one task of a job array, the variants i with i % N == k-1, no summary "
      "(apq sweep --resume writes it)");
  po::variables_map vm;
  if (!parse_options("sweep", "--sweep FILE --out DIR [--resume] [--jobs N] [--shard k/N]", args, desc, vm)) return 0;
  sweep::SweepRequest request;
  request.config = sweep::load_sweep_config(vm["sweep"].as<std::string>());
  request.out_dir = vm["out"].as<std::string>();
  request.resume = vm.count("resume") > 0;
  request.jobs = static_cast<int>(int_option(vm, "jobs", 0, 256));
  if (vm.count("shard")) request.shard = parse_shard(vm["shard"].as<std::string>());
  request.apq = this_executable();
  // Under mpirun the ranks split the variants; rank 0 writes the summary and prints where it is.
  const std::unique_ptr<ProcessGroup> group = launch_process_group();
  const sweep::SweepOutcome outcome = sweep::run_sweep(*group, request);
  if (request.shard) {
    std::cerr << "sweep: shard " << shard_text(*request.shard) << ": " << outcome.ran << " of " << outcome.variants
              << " variants run, " << outcome.skipped << " skipped\n";
  } else if (group->rank() == 0) {
    std::cerr << "sweep: " << outcome.ran << " of " << outcome.variants << " variants run, " << outcome.skipped
              << " skipped\n";
    std::cout << "summary: " << outcome.summary_csv << "\n";
  }
  return 0;
}

}  // namespace apq::cli
