#pragma once
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "search/space/space.h"
#include "search/space/subnet_config.h"

namespace apq::search {

// APQ's exps/NAME/arch file, which its search.py writes and its quant_aware.py (fine-tuning) and
// test.py read: the JSON pair [info, q_info]. info = {"wid": null, "ks", "e", "d"} goes to the
// supernet's set_active_subnet, q_info = the four "*_bits_setting" lists to its
// set_quantization_policy; the values are those of the APQ spec (config_file.h).
// Only for spaces marked apq_compatible: APQ's scripts build their own network and nothing else;
// any other space throws apq::InputError naming it.

// Throws apq::InputError naming the space unless it is marked apq_compatible; a long-running
// command can call it before its work rather than fail when writing.
void require_apq_arch_space(const Space& space);

// Keys in APQ's order.
nlohmann::ordered_json apq_arch_to_json(const Space& space, const SubnetConfig& config);

// The file's text: the pair on one line.
std::string apq_arch_text(const Space& space, const SubnetConfig& config);

// Strict: a list of exactly two objects, each with its own keys only. Values are read as a spec
// is (config_from_json, APQ's rules included); depth warnings go to `warnings`.
SubnetConfig apq_arch_from_json(const Space& space, const nlohmann::json& arch, const std::string& source,
                                std::vector<std::string>& warnings);

// Written atomically.
void save_apq_arch(const Space& space, const SubnetConfig& config, const std::string& path);

// Prints the warnings on stderr.
SubnetConfig load_apq_arch(const Space& space, const std::string& path);

}  // namespace apq::search
