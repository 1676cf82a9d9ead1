#include "search/predictor/sample_file.h"

#include <cmath>
#include <filesystem>

#include "common/errors.h"
#include "common/json_fields.h"
#include "common/json_lines.h"
#include "search/space/config_file.h"

namespace apq::search {

std::vector<AccuracySample> load_samples(const Space& space, const std::string& path) {
  if (!std::filesystem::is_regular_file(path)) throw InputError(path + ": cannot read the sample file");
  std::vector<AccuracySample> samples;
  read_json_lines(path, LastLine::Complete, [&](const nlohmann::json& doc, const std::string& where) {
    json_fields::require_object(doc, where);
    AccuracySample sample;
    sample.config = config_from_json(space, json_fields::require_key(doc, "config", where), where + ": config");
    const std::string accuracy_field = where + ": accuracy";
    sample.accuracy = json_fields::read_number(json_fields::require_key(doc, "accuracy", where), accuracy_field);
    if (!(sample.accuracy >= 0.0 && sample.accuracy <= 1.0))
      json_fields::fail_value(accuracy_field, doc["accuracy"], "expected a fraction in [0, 1]");
    samples.push_back(std::move(sample));
  });
  if (samples.empty()) throw InputError(path + ": no samples");
  return samples;
}

}  // namespace apq::search
