#pragma once
#include <optional>
#include <string>

namespace apq::calibration {

// What a context-aware row knows of the layer after it: the width its output leaves at (the
// next layer's activation width) and whether a later residual addition also reads that output
// from DRAM, or that the output leaves the network. With the accelerator's IBUF this decides
// where the output lives (the residency rule of the full-network simulation); where the input
// lives follows from the row's own layer, so the key needs no more.
struct RowContext {
  bool network_end = false;
  int output_bits = 8;       // 0 at the network's end
  bool skip_source = false;  // false at the network's end

  bool operator==(const RowContext& other) const;
};

// "<row>@end", "<row>@A<bits>" or "<row>@A<bits>+skip".
std::string context_key(const std::string& row, const RowContext& context);

struct ContextKey {
  std::string row;
  RowContext context;
};

// The inverse of context_key, read strictly (bits 1-16 without leading zeros); the row itself is
// not checked. nullopt for anything else.
std::optional<ContextKey> parse_context_key(const std::string& key);

}  // namespace apq::calibration
