#include "sim/reference/schedule_search.h"

#include <algorithm>
#include <string>
#include <vector>

#include "common/errors.h"
#include "sim/reference/reuse_walk.h"
#include "sim/reference/sram_access.h"
#include "sim/reference/tiling.h"

namespace apq::sim::reference {

namespace {

using LoopMask = unsigned;

LoopMask bit(Loop loop) { return 1u << static_cast<int>(loop); }

// The loops each tensor depends on, as masks indexed by Tensor.
std::array<LoopMask, kTensorCount> dependency_masks() {
  std::array<LoopMask, kTensorCount> masks{};
  for (int tensor = 0; tensor < kTensorCount; ++tensor)
    for (Loop loop : kAllLoops)
      if (depends_on(loop, static_cast<Tensor>(tensor))) masks[tensor] |= bit(loop);
  return masks;
}

// The best order of one tiling's multi-tile loops. Loops with one tile change nothing in the
// reuse walk, so only the others are permuted.
class OrderSearch {
 public:
  // `cutoff`, when set, is the best cost found in other tilings: branches that cannot reach it
  // are skipped.
  OrderSearch(const DenseProblem& problem, const Tiling& tiling, const TilingWork& work,
              const SramBits& array_bits, const CostKey* cutoff)
      : problem_(problem),
        tiling_(tiling),
        work_(work),
        array_bits_(array_bits),
        cutoff_(cutoff),
        remaining_(tiling) {
    for (int i = 0; i < kLoopCount; ++i) {
      if (tiling.loops[i].count > 1) {
        multi_tile_ |= 1u << i;
        ++order_length_;
      }
    }
    for (int outer = 0; outer < kLoopCount; ++outer) {
      for (int inner = outer + 1; inner < kLoopCount; ++inner) {
        if (!(multi_tile_ & (1u << outer)) || !(multi_tile_ & (1u << inner))) continue;
        bool same_dependencies = true;
        for (int tensor = 0; tensor < kTensorCount; ++tensor)
          same_dependencies =
              same_dependencies && depends_on(kAllLoops[outer], static_cast<Tensor>(tensor)) ==
                                       depends_on(kAllLoops[inner], static_cast<Tensor>(tensor));
        if (same_dependencies && tiling.loops[outer].count == tiling.loops[inner].count)
          placed_before_[outer] |= 1u << inner;
      }
    }
  }

  // Searches from the innermost loop outward, starting from one tile of each tensor.
  void run(const TileFootprint& footprint) { place(start_reuse_walk(footprint), 0, 0); }

  // Whether some order could beat the cutoff.
  bool found() const { return found_; }

  // The cost of the best order (the search itself compares only cycles and energy).
  ScheduleCost best() const {
    return schedule_cost(problem_, work_, array_bits_, best_traffic_);
  }

  // The whole order, outermost first: single-tile loops, then the searched ones.
  LoopOrder best_order() const {
    LoopOrder order{};
    int position = 0;
    for (int i = 0; i < kLoopCount; ++i)
      if (!(multi_tile_ & (1u << i))) order[position++] = kAllLoops[i];
    for (int i = 0; i < order_length_; ++i) order[position++] = best_order_[i];
    return order;
  }

 private:
  // Once every tensor has either stopped reusing or seen all the loops it depends on, the order
  // of the remaining outer loops changes nothing; the ascending one is found first.
  bool settled(const Traffic& traffic, LoopMask placed) const {
    static const std::array<LoopMask, kTensorCount> masks = dependency_masks();
    for (int tensor = 0; tensor < kTensorCount; ++tensor)
      if (traffic[tensor].reusing && (masks[tensor] & multi_tile_ & ~placed) != 0) return false;
    return true;
  }

  void finish(Traffic traffic, LoopMask placed, int depth) {
    std::array<Loop, kLoopCount> order{};
    int position = 0;
    std::int64_t outer_tiles = 1;
    for (Loop loop : kAllLoops) {
      if ((multi_tile_ & bit(loop)) && !(placed & bit(loop))) {
        order[position++] = loop;
        outer_tiles *= tiling_[loop].count;
      }
    }
    for (int i = depth - 1; i >= 0; --i) order[position++] = inner_first_[i];
    for (TensorTraffic& tensor : traffic)
      if (!tensor.reusing) tensor.dram_bits *= outer_tiles;

    const CostKey key = schedule_key(problem_, work_, array_bits_, traffic);
    if (found_) {
      if (key.total_cycles > best_.total_cycles) return;
      if (key.total_cycles == best_.total_cycles) {
        if (key.energy_pj > best_.energy_pj) return;
        if (key.energy_pj == best_.energy_pj && !(order < best_order_)) return;
      }
    }
    found_ = true;
    best_ = key;
    best_traffic_ = traffic;
    best_order_ = order;
  }

  // Whether no order completing this partial walk can beat what is already known. Only
  // strictly worse branches go: an equal cost may still win on enumeration order.
  bool hopeless(const Traffic& traffic) const {
    const CostBound bound =
        cost_lower_bound(problem_, work_, array_bits_, traffic, remaining_);
    const auto worse_than = [&](const CostKey& key) {
      return bound.cycles > key.total_cycles ||
             (bound.cycles == key.total_cycles && bound.energy_pj > key.energy_pj);
    };
    return (found_ && worse_than(best_)) || (cutoff_ != nullptr && worse_than(*cutoff_));
  }

  void place(const Traffic& traffic, LoopMask placed, int depth) {
    if (settled(traffic, placed)) {
      finish(traffic, placed, depth);
      return;
    }
    if (depth > 0 && hopeless(traffic)) return;
    for (Loop loop : kAllLoops) {
      const LoopMask loop_bit = bit(loop);
      if (!(multi_tile_ & loop_bit) || (placed & loop_bit)) continue;
      if ((placed_before_[static_cast<int>(loop)] & ~placed) != 0) continue;
      Traffic next = traffic;
      visit_loop(problem_, loop, tiling_[loop].count, next);
      inner_first_[depth] = loop;
      remaining_[loop].count = 1;
      place(next, placed | loop_bit, depth + 1);
      remaining_[loop].count = tiling_[loop].count;
    }
  }

  const DenseProblem& problem_;
  const Tiling& tiling_;
  const TilingWork& work_;
  const SramBits& array_bits_;
  const CostKey* cutoff_;
  Tiling remaining_;  // tile counts of the loops not placed yet, 1 for the placed ones

  LoopMask multi_tile_ = 0;
  int order_length_ = 0;
  // Loops that must already be placed (further in) before this one may be placed. Two loops
  // with the same dependencies and tile count are interchangeable: only the order that puts the
  // lexicographically smaller one outside is kept, since it is the one found first.
  std::array<LoopMask, kLoopCount> placed_before_{};

  std::array<Loop, kLoopCount> inner_first_{};  // loops placed so far, innermost first

  bool found_ = false;
  CostKey best_;
  Traffic best_traffic_{};
  std::array<Loop, kLoopCount> best_order_{};  // multi-tile loops, outermost first
};

[[noreturn]] void no_tile_fits(const DenseProblem& problem) {
  const Tiling smallest = make_tiling(problem, 1, 1, 1, problem.im2col ? 1 : problem.cols);
  const TileFootprint footprint = tile_footprint(problem, smallest);
  const char* names[kTensorCount] = {"weights", "activations", "outputs"};
  std::string detail;
  for (int tensor = 0; tensor < kTensorCount; ++tensor)
    detail += std::string(tensor ? ", " : "") + names[tensor] + " " +
              std::to_string(footprint[tensor]) + " of " +
              std::to_string(problem.half_buffer_bits[tensor]) + " bits";
  throw InputError("no tile fits half of its buffer; the smallest tile needs " + detail);
}

// The order-independent part of a legal tiling, numbered in the reference's enumeration.
struct TilingCandidate {
  std::size_t index = 0;
  Tiling tiling;
  TileFootprint footprint{};
  TilingWork work;
  Dataflow dataflow = Dataflow::OutputStationary;
  SramBits array_bits;
  CostBound bound;
};

// Every tiling whose tiles fit half their buffers, in the reference's order: batch, spatial,
// input-channel, output-channel tile, each ascending.
std::vector<TilingCandidate> legal_tilings(const DenseProblem& problem) {
  std::vector<TilingCandidate> legal;
  // Tile footprints grow with every tile size, so once the smallest choice of the inner loops
  // overflows, every larger size of the outer loop does too.
  const TileCandidates sizes = tile_candidates(problem);
  for (std::int64_t batch : sizes.batch) {
    const std::size_t legal_before_batch = legal.size();
    for (std::int64_t spatial : sizes.spatial) {
      const std::size_t legal_before_spatial = legal.size();
      for (std::int64_t cin : sizes.cin) {
        const std::size_t legal_before_cin = legal.size();
        for (std::int64_t cout : sizes.cout) {
          TilingCandidate candidate;
          candidate.index = legal.size();
          candidate.tiling = make_tiling(problem, batch, spatial, cin, cout);
          candidate.footprint = tile_footprint(problem, candidate.tiling);
          if (!fits_half_buffers(problem, candidate.footprint)) break;
          candidate.work = tiling_work(problem, candidate.tiling, candidate.footprint);
          candidate.dataflow = choose_dataflow(problem, candidate.tiling);
          candidate.array_bits = array_sram_bits(problem, candidate.tiling, candidate.dataflow);
          candidate.bound =
              cost_lower_bound(problem, candidate.work, candidate.array_bits,
                               start_reuse_walk(candidate.footprint), candidate.tiling);
          legal.push_back(candidate);
        }
        if (legal.size() == legal_before_cin) break;
      }
      if (legal.size() == legal_before_spatial) break;
    }
    if (legal.size() == legal_before_batch) break;
  }
  return legal;
}

// Fewer cycles, then less energy, then the earlier tiling.
bool better(std::int64_t cycles, double energy_pj, std::size_t index, const CostKey& held,
            std::size_t held_index) {
  if (cycles != held.total_cycles) return cycles < held.total_cycles;
  if (energy_pj != held.energy_pj) return energy_pj < held.energy_pj;
  return index < held_index;
}

}  // namespace

Schedule search_schedule(const DenseProblem& problem) {
  const std::vector<TilingCandidate> legal = legal_tilings(problem);
  if (legal.empty()) no_tile_fits(problem);

  // Visiting the most promising tilings first lets the bound skip most of the rest; ties still
  // go to the first tiling in the reference's enumeration.
  std::vector<const TilingCandidate*> by_bound;
  for (const TilingCandidate& candidate : legal) by_bound.push_back(&candidate);
  std::sort(by_bound.begin(), by_bound.end(), [](const TilingCandidate* a, const TilingCandidate* b) {
    return better(a->bound.cycles, a->bound.energy_pj, a->index,
                  {b->bound.cycles, b->bound.energy_pj}, b->index);
  });

  const TilingCandidate* best_candidate = nullptr;
  CostKey best_key;
  Schedule best;
  for (const TilingCandidate* candidate : by_bound) {
    // A bound that cannot beat the best ends the search when it is worse in cost: every later
    // bound is at least as large.
    if (best_candidate != nullptr &&
        !better(candidate->bound.cycles, candidate->bound.energy_pj, candidate->index, best_key,
                best_candidate->index)) {
      if (candidate->bound.cycles > best_key.total_cycles ||
          (candidate->bound.cycles == best_key.total_cycles &&
           candidate->bound.energy_pj > best_key.energy_pj))
        break;
      continue;
    }
    OrderSearch search(problem, candidate->tiling, candidate->work,
                       candidate->array_bits, best_candidate != nullptr ? &best_key : nullptr);
    search.run(candidate->footprint);
    if (!search.found()) continue;
    const ScheduleCost cost = search.best();
    if (best_candidate != nullptr &&
        !better(cost.total_cycles, cost.energy_total_pj, candidate->index, best_key,
                best_candidate->index))
      continue;
    best_candidate = candidate;
    best_key = {cost.total_cycles, cost.energy_total_pj};
    best = {candidate->tiling, search.best_order(), candidate->dataflow, cost};
  }
  return best;
}

}  // namespace apq::sim::reference
