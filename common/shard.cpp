#include "common/shard.h"

#include <cctype>

#include "common/errors.h"

namespace apq {

Shard parse_shard(const std::string& text) {
  const auto bad = [&text]() { return UsageError("--shard must be k/N with 1 <= k <= N, got '" + text + "'"); };
  const std::size_t slash = text.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 >= text.size()) throw bad();
  const auto number = [&](const std::string& part) {
    if (part.size() > 6) throw bad();
    for (char c : part)
      if (!std::isdigit(static_cast<unsigned char>(c))) throw bad();
    return std::stoi(part);
  };
  Shard shard{number(text.substr(0, slash)), number(text.substr(slash + 1))};
  if (shard.count < 1 || shard.index < 1 || shard.index > shard.count) throw bad();
  return shard;
}

std::string shard_text(const Shard& shard) { return std::to_string(shard.index) + "/" + std::to_string(shard.count); }

bool in_shard(std::size_t item, const Shard& shard) {
  return static_cast<int>(item % static_cast<std::size_t>(shard.count)) == shard.index - 1;
}

}  // namespace apq
