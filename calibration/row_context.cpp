#include "calibration/row_context.h"

#include <cctype>

namespace apq::calibration {

bool RowContext::operator==(const RowContext& other) const {
  return network_end == other.network_end && output_bits == other.output_bits && skip_source == other.skip_source;
}

std::string context_key(const std::string& row, const RowContext& context) {
  if (context.network_end) return row + "@end";
  return row + "@A" + std::to_string(context.output_bits) + (context.skip_source ? "+skip" : "");
}

std::optional<ContextKey> parse_context_key(const std::string& key) {
  const std::size_t at = key.rfind('@');
  if (at == std::string::npos || at == 0) return std::nullopt;
  ContextKey out{key.substr(0, at), {}};
  std::string rest = key.substr(at + 1);
  if (rest == "end") {
    out.context = {true, 0, false};
    return out;
  }
  const std::string skip = "+skip";
  if (rest.size() > skip.size() && rest.compare(rest.size() - skip.size(), skip.size(), skip) == 0) {
    out.context.skip_source = true;
    rest.resize(rest.size() - skip.size());
  }
  if (rest.size() < 2 || rest.size() > 3 || rest[0] != 'A' || rest[1] == '0') return std::nullopt;
  for (std::size_t i = 1; i < rest.size(); ++i)
    if (!std::isdigit(static_cast<unsigned char>(rest[i]))) return std::nullopt;
  out.context.output_bits = std::stoi(rest.substr(1));
  if (out.context.output_bits > 16) return std::nullopt;
  return out;
}

}  // namespace apq::calibration
