#include "calibration/lut_validation.h"

#include <random>
#include <sstream>

#include "calibration/accelerator_network.h"
#include "calibration/query.h"
#include "common/progress.h"
#include "search/space/config_file.h"
#include "search/space/config_sampling.h"
#include "sim/simulate.h"

namespace apq::calibration {

namespace {

// A CSV field with quotes doubled, so a JSON config fits in one column.
std::string csv_quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::vector<double> latency_errors(const LutValidation& validation) {
  std::vector<double> errors;
  for (const ValidationSample& s : validation.samples) errors.push_back(s.latency_error);
  return errors;
}

std::vector<double> energy_errors(const LutValidation& validation) {
  std::vector<double> errors;
  for (const ValidationSample& s : validation.samples) errors.push_back(s.energy_error);
  return errors;
}

}  // namespace

LutValidation validate_lut(const Lut& lut, const std::string& lut_origin, const search::Space& space,
                           const sim::AccelConfig& accel, std::int64_t samples, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  LutValidation validation;
  Progress progress("lut validate", samples, "networks");
  for (std::int64_t i = 0; i < samples; ++i) {
    const search::SubnetConfig config = search::random_config(space, rng);
    const LutCost cost = lut_cost(lut, space, config, lut_origin);
    const sim::NetworkResult full = sim::simulate_network(
        accel, network_of(space, config, space.name + " sample " + std::to_string(i)), sim::TimingMode::Cycle);
    ValidationSample s;
    s.config = search::config_to_json(space, config).dump();
    s.lut_latency_ms = cost.latency_ms;
    s.sim_latency_ms = full.total.latency_ms;
    s.lut_energy_mj = cost.energy_mj;
    s.sim_energy_mj = full.total.energy_mj;
    s.latency_error = relative_error(s.lut_latency_ms, s.sim_latency_ms);
    s.energy_error = relative_error(s.lut_energy_mj, s.sim_energy_mj);
    validation.samples.push_back(std::move(s));
    progress.advance();
  }
  progress.finish();
  validation.latency = summarize_errors(latency_errors(validation));
  validation.energy = summarize_errors(energy_errors(validation));
  return validation;
}

std::string validation_csv(const LutValidation& validation) {
  std::ostringstream csv;
  csv.precision(17);
  csv << "sample,lut_latency_ms,sim_latency_ms,latency_rel_error,lut_energy_mj,sim_energy_mj,"
         "energy_rel_error,config\n";
  for (std::size_t i = 0; i < validation.samples.size(); ++i) {
    const ValidationSample& r = validation.samples[i];
    csv << i << ',' << r.lut_latency_ms << ',' << r.sim_latency_ms << ',' << r.latency_error << ','
        << r.lut_energy_mj << ',' << r.sim_energy_mj << ',' << r.energy_error << ',' << csv_quoted(r.config) << '\n';
  }
  return csv.str();
}

nlohmann::ordered_json error_summary_json(const ErrorSummary& s) {
  nlohmann::ordered_json j;
  j["mean_abs"] = s.mean_abs;
  j["median_abs"] = s.median_abs;
  j["p95_abs"] = s.p95_abs;
  j["max_abs"] = s.max_abs;
  j["mean_signed"] = s.mean_signed;
  j["signed_p5"] = s.p5_signed;
  j["signed_p95"] = s.p95_signed;
  return j;
}

}  // namespace apq::calibration
