#pragma once
#include <string>

namespace apq {

// A number as printf's %.Ng writes it (9 digits by default: a double read back within 1e-9, short
// for round values), for file names, command lines and CSV cells.
std::string number_text(double value, int digits = 9);

}  // namespace apq
