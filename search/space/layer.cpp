#include "search/space/layer.h"

namespace apq::search {

bool SpaceLayer::operator==(const SpaceLayer& other) const {
  return op == other.op && role == other.role && shape == other.shape;
}

}  // namespace apq::search
