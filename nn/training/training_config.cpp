#include "nn/training/training_config.h"

#include <nlohmann/json.hpp>

#include "common/json_fields.h"

namespace apq::nn {
namespace {

using json_fields::child_field;
using json_fields::element_field;
using json_fields::fail_value;
using json_fields::read_int;
using json_fields::read_number;
using json_fields::reject_unknown_keys;
using json_fields::require_key;
using json_fields::require_object;
using json_fields::require_string;

bool read_bool(const nlohmann::json& value, const std::string& where) {
  if (!value.is_boolean()) fail_value(where, value, "must be true or false");
  return value.get<bool>();
}

// Optional fields keep the struct's default when absent.
template <typename T, typename Reader>
void read_optional(const nlohmann::json& object, const char* key, const std::string& where,
                   T& target, Reader reader) {
  if (object.contains(key)) target = static_cast<T>(reader(object.at(key), child_field(where, key)));
}

double read_in_range(const nlohmann::json& value, const std::string& where, double low, double high) {
  const double x = read_number(value, where);
  if (!(x >= low && x <= high))
    fail_value(where, value, "must be in [" + nlohmann::json(low).dump() + ", " +
                                 nlohmann::json(high).dump() + "]");
  return x;
}

int read_at_least(const nlohmann::json& value, const std::string& where, int low) {
  const int x = read_int(value, where);
  if (x < low) fail_value(where, value, "must be at least " + std::to_string(low));
  return x;
}

PhaseConfig read_phase(const nlohmann::json& value, const std::string& where) {
  require_object(value, where);
  reject_unknown_keys(value, {"name", "epochs", "lr", "warmup_epochs", "kernel_top", "depth_top",
                              "mid_fraction", "subnets_per_step", "include_largest", "include_smallest",
                              "distill"},
                      where);
  PhaseConfig phase;
  phase.name = require_string(value, "name", where);
  // The name goes into the CSV log and progress lines unquoted.
  if (phase.name.empty() || phase.name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") != std::string::npos)
    fail_value(child_field(where, "name"), phase.name, "must be letters, digits, '_', '.' or '-'");
  phase.epochs = read_at_least(require_key(value, "epochs", where), child_field(where, "epochs"), 1);
  phase.lr = read_in_range(require_key(value, "lr", where), child_field(where, "lr"), 1e-8, 10.0);
  read_optional(value, "warmup_epochs", where, phase.warmup_epochs,
                [](const nlohmann::json& v, const std::string& w) { return read_at_least(v, w, 0); });
  if (phase.warmup_epochs >= phase.epochs)
    fail_value(child_field(where, "warmup_epochs"), phase.warmup_epochs,
               "must be less than the phase's epochs (" + std::to_string(phase.epochs) + ")");
  read_optional(value, "kernel_top", where, phase.kernel_top,
                [](const nlohmann::json& v, const std::string& w) { return read_at_least(v, w, 1); });
  read_optional(value, "depth_top", where, phase.depth_top,
                [](const nlohmann::json& v, const std::string& w) { return read_at_least(v, w, 1); });
  read_optional(value, "mid_fraction", where, phase.mid_fraction,
                [](const nlohmann::json& v, const std::string& w) { return read_in_range(v, w, 0.0, 1.0); });
  read_optional(value, "subnets_per_step", where, phase.subnets_per_step,
                [](const nlohmann::json& v, const std::string& w) { return read_at_least(v, w, 0); });
  read_optional(value, "include_largest", where, phase.include_largest, read_bool);
  read_optional(value, "include_smallest", where, phase.include_smallest, read_bool);
  if (phase.subnets_per_step == 0 && !phase.include_largest && !phase.include_smallest)
    fail_value(child_field(where, "subnets_per_step"), phase.subnets_per_step,
               "must be at least 1 unless include_largest or include_smallest is true");
  read_optional(value, "distill", where, phase.distill, read_bool);
  return phase;
}

}  // namespace

TrainingConfig training_config_from_json_text(const std::string& text, const std::string& source) {
  const nlohmann::json doc = json_fields::parse_json(text, source);
  const std::string where = json_fields::top_field(source);
  require_object(doc, where);
  reject_unknown_keys(doc, {"seed", "batch_size", "momentum", "nesterov", "weight_decay",
                            "label_smoothing", "distill_weight", "crop_padding", "horizontal_flip",
                            "recalibration_images", "steps_per_epoch", "validation_images", "phases",
                            "description"},
                      where);
  TrainingConfig config;
  read_optional(doc, "seed", where, config.seed,
                [](const nlohmann::json& v, const std::string& w) { return read_at_least(v, w, 0); });
  read_optional(doc, "batch_size", where, config.batch_size,
                [](const nlohmann::json& v, const std::string& w) { return read_at_least(v, w, 2); });
  read_optional(doc, "momentum", where, config.momentum,
                [](const nlohmann::json& v, const std::string& w) { return read_in_range(v, w, 0.0, 0.999); });
  read_optional(doc, "nesterov", where, config.nesterov, read_bool);
  read_optional(doc, "weight_decay", where, config.weight_decay,
                [](const nlohmann::json& v, const std::string& w) { return read_in_range(v, w, 0.0, 0.1); });
  read_optional(doc, "label_smoothing", where, config.label_smoothing,
                [](const nlohmann::json& v, const std::string& w) { return read_in_range(v, w, 0.0, 0.5); });
  read_optional(doc, "distill_weight", where, config.distill_weight,
                [](const nlohmann::json& v, const std::string& w) { return read_in_range(v, w, 0.0, 100.0); });
  read_optional(doc, "crop_padding", where, config.crop_padding,
                [](const nlohmann::json& v, const std::string& w) { return read_at_least(v, w, 0); });
  read_optional(doc, "horizontal_flip", where, config.horizontal_flip, read_bool);
  read_optional(doc, "recalibration_images", where, config.recalibration_images,
                [](const nlohmann::json& v, const std::string& w) { return read_at_least(v, w, 1); });
  read_optional(doc, "steps_per_epoch", where, config.steps_per_epoch,
                [](const nlohmann::json& v, const std::string& w) { return read_at_least(v, w, 0); });
  read_optional(doc, "validation_images", where, config.validation_images,
                [](const nlohmann::json& v, const std::string& w) { return read_at_least(v, w, 0); });
  if (config.nesterov && config.momentum == 0.0)
    fail_value(child_field(where, "nesterov"), true, "needs a non-zero momentum");

  const std::string phases_at = child_field(where, "phases");
  const nlohmann::json& phases = require_key(doc, "phases", where);
  if (!phases.is_array() || phases.empty()) fail_value(phases_at, phases, "must be a non-empty list of phases");
  for (std::size_t i = 0; i < phases.size(); ++i) {
    config.phases.push_back(read_phase(phases[i], element_field(phases_at, i)));
    if (i == 0 && config.phases[0].distill)
      fail_value(child_field(element_field(phases_at, 0), "distill"), true,
                 "the first phase has no trained largest network to distil from");
  }
  return config;
}

TrainingConfig load_training_config(const std::string& path) {
  return training_config_from_json_text(json_fields::read_json_file(path).dump(), path);
}

std::string training_config_to_json_text(const TrainingConfig& config) {
  nlohmann::ordered_json doc;
  doc["seed"] = config.seed;
  doc["batch_size"] = config.batch_size;
  doc["momentum"] = config.momentum;
  doc["nesterov"] = config.nesterov;
  doc["weight_decay"] = config.weight_decay;
  doc["label_smoothing"] = config.label_smoothing;
  doc["distill_weight"] = config.distill_weight;
  doc["crop_padding"] = config.crop_padding;
  doc["horizontal_flip"] = config.horizontal_flip;
  doc["recalibration_images"] = config.recalibration_images;
  doc["steps_per_epoch"] = config.steps_per_epoch;
  doc["validation_images"] = config.validation_images;
  nlohmann::ordered_json phases = nlohmann::ordered_json::array();
  for (const PhaseConfig& p : config.phases) {
    phases.push_back({{"name", p.name}, {"epochs", p.epochs}, {"lr", p.lr},
                      {"warmup_epochs", p.warmup_epochs}, {"kernel_top", p.kernel_top},
                      {"depth_top", p.depth_top}, {"mid_fraction", p.mid_fraction},
                      {"subnets_per_step", p.subnets_per_step}, {"include_largest", p.include_largest},
                      {"include_smallest", p.include_smallest}, {"distill", p.distill}});
  }
  doc["phases"] = phases;
  return doc.dump(2);
}

std::int64_t total_epochs(const TrainingConfig& config) {
  std::int64_t total = 0;
  for (const PhaseConfig& p : config.phases) total += p.epochs;
  return total;
}

}  // namespace apq::nn
