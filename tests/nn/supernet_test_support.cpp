#include "tests/nn/supernet_test_support.h"

#include <nlohmann/json.hpp>

#include "search/space/space_file.h"

namespace apq::nn::testing {

std::string tiny_space_json(int input_size, int stem_stride) {
  auto doc = nlohmann::json::parse(R"({
    "name": "tiny",
    "input": {"size": 12, "channels": 1, "batch": 1},
    "classes": 10,
    "head": [
      {"type": "conv", "out": 8, "kernel": 3, "stride": 1},
      {"type": "conv", "out": 8, "kernel": 3, "stride": 1, "groups": 8},
      {"type": "conv", "out": 8, "kernel": 1, "stride": 1}
    ],
    "stages": [
      {"in": 8, "out": 8, "blocks": 2, "stride": 1, "depths": [1, 2]},
      {"in": 8, "out": 16, "blocks": 2, "stride": 2, "depths": [1, 2]}
    ],
    "kernels": [3, 5, 7],
    "mid_channels": {"rule": "expand_range", "min_expand": 4, "max_expand": 6, "step": 8},
    "bits": {"pw_w": [4, 8], "pw_a": [4, 8], "dw_w": [4, 8], "dw_a": [4, 8]},
    "fixed_bits": {"w": 8, "a": 8},
    "tail": [
      {"type": "conv", "out": 32, "kernel": 1, "stride": 1},
      {"type": "global_avg_pool"},
      {"type": "linear", "out": 10}
    ]
  })");
  doc["input"]["size"] = input_size;
  doc["head"][0]["stride"] = stem_stride;
  return doc.dump();
}

search::Space tiny_space() {
  return search::space_from_json(nlohmann::json::parse(tiny_space_json()), "tiny test space");
}

}  // namespace apq::nn::testing
