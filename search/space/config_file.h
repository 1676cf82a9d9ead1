#pragma once
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "search/space/space.h"
#include "search/space/subnet_config.h"

namespace apq::search {

// Sub-network configurations are stored as APQ specs: {"ks", "e", "d", "pw_w_bits_setting",
// "pw_a_bits_setting", "dw_w_bits_setting", "dw_a_bits_setting"}, one entry per searchable
// block (per stage for "d"); "e" is the expand ratio mid_channels / in_channels.

nlohmann::json config_to_json(const Space& space, const SubnetConfig& config);

// Throws apq::InputError naming `source`, the field, the index and the value. In a space marked
// apq_compatible the spec is read by APQ's rules (apq_spec_rules.h); a depth only those rules
// accept adds a line naming `source` and the stage to `warnings`.
SubnetConfig config_from_json(const Space& space, const nlohmann::json& spec, const std::string& source,
                              std::vector<std::string>& warnings);

// The same, and load_config for a file, print the warnings on stderr.
SubnetConfig config_from_json(const Space& space, const nlohmann::json& spec, const std::string& source);
SubnetConfig load_config(const Space& space, const std::string& path);

// Each warning on its own line of stderr, after "warning: ".
void print_warnings(const std::vector<std::string>& warnings);

void save_config(const Space& space, const SubnetConfig& config, const std::string& path);

}  // namespace apq::search
