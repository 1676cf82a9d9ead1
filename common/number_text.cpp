#include "common/number_text.h"

#include <cstdio>

namespace apq {

std::string number_text(double value, int digits) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*g", digits, value);
  return text;
}

}  // namespace apq
