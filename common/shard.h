#pragma once
#include <string>

namespace apq {

// Slice `index` (1-based) of `count`, for cluster job arrays: item i belongs to the slice with
// i % count == index - 1 (interleaving spreads expensive items over the slices).
struct Shard {
  int index = 1;
  int count = 1;
};

// "k/N" with 1 <= k <= N; throws apq::UsageError naming --shard and the text otherwise.
Shard parse_shard(const std::string& text);
std::string shard_text(const Shard& shard);
bool in_shard(std::size_t item, const Shard& shard);

}  // namespace apq
