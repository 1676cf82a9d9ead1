#include "search/evolution/strategy.h"

#include <algorithm>
#include <charconv>

#include <nlohmann/json.hpp>

#include "common/errors.h"

namespace apq::search {

Strategy parse_strategy(const std::string& text) {
  if (text == "joint") return {};
  if (text == "sequential") return {false, 0, true};
  const std::string prefix = "fixed-bits:";
  if (text.rfind(prefix, 0) == 0) {
    int bits = 0;
    const char* begin = text.data() + prefix.size();
    const char* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(begin, end, bits);
    if (error == std::errc() && stop == end && begin != end && bits > 0) return {true, bits};
  }
  throw UsageError("--strategy must be joint, sequential or fixed-bits:B (B a bit-width), got '" + text + "'");
}

std::string strategy_text(const Strategy& strategy) {
  if (strategy.sequential) return "sequential";
  return strategy.fixed_bits ? "fixed-bits:" + std::to_string(strategy.bits) : "joint";
}

Space strategy_space(const Space& space, const Strategy& strategy) {
  if (!strategy.fixed_bits) return space;
  Space fixed = space;
  const std::pair<const char*, std::vector<int>*> lists[] = {
      {"pw_w", &fixed.bits.pw_w}, {"pw_a", &fixed.bits.pw_a}, {"dw_w", &fixed.bits.dw_w}, {"dw_a", &fixed.bits.dw_a}};
  for (const auto& [name, list] : lists) {
    if (std::find(list->begin(), list->end(), strategy.bits) == list->end())
      throw InputError("--strategy fixed-bits:" + std::to_string(strategy.bits) + ": space '" + space.name +
                       "' has no " + std::to_string(strategy.bits) + "-bit choice for " + name + " (choices " +
                       nlohmann::json(*list).dump() + ")");
    *list = {strategy.bits};
  }
  return fixed;
}

}  // namespace apq::search
