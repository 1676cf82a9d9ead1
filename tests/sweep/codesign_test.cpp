// The co-design search on the small sweep file: every reported pair meets its bound on a variant
// that can be run, best first; the LUTs are built once, on demand, and a second run over the same
// folder builds none and gives the same answer.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "sweep/codesign.h"

namespace apq::sweep {
namespace {

namespace fs = std::filesystem;

TEST(Codesign, PairsMeetTheirBoundsAndTheLutsAreBuiltOnce) {
  const fs::path dir = fs::temp_directory_path() / ("apq_codesign_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  CodesignRequest request;
  request.config = load_sweep_config(std::string(APQ_SOURCE_DIR) + "/tests/sweep/data/two_variants.json");
  request.config.population = 12;
  request.config.generations = 4;
  request.out_dir = dir.string();
  request.apq = APQ_BINARY;
  request.top = 3;
  const CodesignResult first = run_codesign(request);
  ASSERT_EQ(first.best.size(), request.config.latency_ms.size());
  for (std::size_t b = 0; b < first.best.size(); ++b) {
    ASSERT_FALSE(first.best[b].empty());
    for (std::size_t i = 0; i < first.best[b].size(); ++i) {
      const CodesignPair& p = first.best[b][i];
      EXPECT_LE(p.candidate.cost.latency_ms, request.config.latency_ms[b]);
      EXPECT_NE(p.variant, 1u) << "the variant without a CACTI bank cannot be run";
      EXPECT_GT(p.area_mm2, 0.0);
      if (i > 0) {
        EXPECT_GE(first.best[b][i - 1].candidate.accuracy, p.candidate.accuracy);
      }
    }
  }
  EXPECT_GE(first.luts_built, 1);
  EXPECT_LE(first.luts_built, 2);  // two runnable variants, each built at most once

  const CodesignResult again = run_codesign(request);
  EXPECT_EQ(again.luts_built, 0);
  EXPECT_EQ(codesign_json(request, again)["bounds"], codesign_json(request, first)["bounds"]);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace apq::sweep
