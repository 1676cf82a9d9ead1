// Fuzz target: the LUT keys (strict: a layer's, an addition's, a context-aware row's), the layer tuple of `apq sim layer --layer` (lenient) and `--shard k/N`.
#include "tests/fuzz/fuzz_support.h"

#include <string>

#include "calibration/build_plan.h"
#include "calibration/row_context.h"
#include "layer/layer_shape.h"
#include "layer/lut_key.h"
#include "common/errors.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const std::string text = apq::fuzz::text_of(data, size);
    if (const auto shape = apq::parse_lut_key(text)) {
      // What the strict parser accepts, the printer prints back unchanged.
      if (apq::lut_key(*shape) != text) __builtin_trap();
    }
    if (const auto add = apq::parse_add_lut_key(text)) {
      if (apq::add_lut_key(*add) != text) __builtin_trap();
    }
    if (const auto context = apq::calibration::parse_context_key(text)) {
      if (apq::calibration::context_key(context->row, context->context) != text) __builtin_trap();
    }
    try {
      apq::validate_layer(apq::parse_layer_key(text));
    } catch (const apq::InputError&) {
    }
    apq::parse_shard(text);
  } catch (const apq::InputError&) {
  } catch (const apq::UsageError&) {
  }
  return 0;
}
