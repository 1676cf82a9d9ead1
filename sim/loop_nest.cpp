#include "sim/loop_nest.h"

namespace apq::sim {

const char* loop_name(Loop loop) {
  switch (loop) {
    case Loop::B: return "B/b";
    case Loop::OW: return "OW/ow";
    case Loop::OH: return "OH/oh";
    case Loop::IC: return "IC/ic";
    case Loop::OC: return "OC/oc";
  }
  return "?";
}

const char* dataflow_name(Dataflow dataflow) {
  switch (dataflow) {
    case Dataflow::InputStationary: return "input-stationary";
    case Dataflow::OutputStationary: return "output-stationary";
    case Dataflow::WeightStationary: return "weight-stationary";
  }
  return "?";
}

}  // namespace apq::sim
