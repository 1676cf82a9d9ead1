#pragma once
#include <string>

#include "calibration/lut.h"

namespace apq::calibration {

// A LUT file is one JSON object {key: value}. Reading is strict (lut.h); errors name the file,
// the key, the field and the value, and throw apq::InputError.
Lut parse_lut(const std::string& text, const std::string& origin);
Lut load_lut(const std::string& path);

// Keys sorted, one entry per line, Python's json separators (", " and ": "), numbers in shortest
// round-trip form: the same LUT always gives the same bytes.
std::string lut_to_text(const Lut& lut);

// Writes atomically (common/atomic_file.h).
void save_lut(const std::string& path, const Lut& lut);

}  // namespace apq::calibration
