#include "search/space/apq_arch_file.h"

#include <nlohmann/json.hpp>

#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/json_fields.h"
#include "search/space/config_file.h"

namespace apq::search {

using namespace json_fields;

namespace {

// The keys of each half, in the order APQ's converter builds its spec dict.
const char* const kInfoKeys[] = {"wid", "ks", "e", "d"};
const char* const kQuantKeys[] = {"pw_w_bits_setting", "pw_a_bits_setting", "dw_w_bits_setting",
                                  "dw_a_bits_setting"};

}  // namespace

void require_apq_arch_space(const Space& space) {
  if (!space.apq_compatible)
    throw InputError("space '" + space.name +
                     "' is not marked \"apq_compatible\": APQ's arch file is read by its quant_aware.py and "
                     "test.py, which build only APQ's own network");
}

nlohmann::ordered_json apq_arch_to_json(const Space& space, const SubnetConfig& config) {
  require_apq_arch_space(space);
  const nlohmann::json spec = config_to_json(space, config);
  nlohmann::ordered_json info;
  info["wid"] = nullptr;
  for (const char* key : {"ks", "e", "d"}) info[key] = spec.at(key);
  nlohmann::ordered_json q_info;
  for (const char* key : kQuantKeys) q_info[key] = spec.at(key);
  return nlohmann::ordered_json::array({info, q_info});
}

SubnetConfig apq_arch_from_json(const Space& space, const nlohmann::json& arch, const std::string& source,
                                std::vector<std::string>& warnings) {
  require_apq_arch_space(space);
  const std::string top = top_field(source);
  if (!arch.is_array() || arch.size() != 2)
    fail_field(source, "expected APQ's arch pair [info, q_info] (a list of two objects)");
  const std::string info_at = element_field(top, 0);
  const std::string q_info_at = element_field(top, 1);
  require_object(arch[0], info_at);
  require_object(arch[1], q_info_at);
  // APQ passes each half as keyword arguments; a key in the wrong half stops its script.
  reject_unknown_keys(arch[0], {kInfoKeys[0], kInfoKeys[1], kInfoKeys[2], kInfoKeys[3]}, info_at);
  reject_unknown_keys(arch[1], {kQuantKeys[0], kQuantKeys[1], kQuantKeys[2], kQuantKeys[3]}, q_info_at);
  nlohmann::json spec = arch[0];
  spec.update(arch[1]);
  return config_from_json(space, spec, source, warnings);
}

std::string apq_arch_text(const Space& space, const SubnetConfig& config) {
  return apq_arch_to_json(space, config).dump() + "\n";
}

void save_apq_arch(const Space& space, const SubnetConfig& config, const std::string& path) {
  write_file_atomically(path, apq_arch_text(space, config));
}

SubnetConfig load_apq_arch(const Space& space, const std::string& path) {
  std::vector<std::string> warnings;
  SubnetConfig config = apq_arch_from_json(space, read_json_file(path), path, warnings);
  print_warnings(warnings);
  return config;
}

}  // namespace apq::search
