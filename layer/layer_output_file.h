#pragma once
#include <cstdint>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "layer/integer_network.h"

namespace apq {

// Every layer's output of every image, for comparing two integer pipelines (sim/README.md,
// "Layer output files"): a text line "apq-layer-outputs-1 <layers> <images>", then per image, per
// layer in network order, the output tensor [channels][size][size] as little-endian int32.
class LayerOutputWriter {
 public:
  // Writes to a temporary file next to `path`; commit() renames it into place.
  LayerOutputWriter(const std::string& path, const IntegerNetwork& network, std::int64_t images);
  void write(const std::vector<std::vector<std::int32_t>>& outputs);
  void commit();

 private:
  std::string path_;
  std::string temporary_;
  std::ofstream out_;
};

// Where the first value differs between two layer output files of `network`: "image 3, layer 7
// (blocks.2.project), channel 5, position (1, 4): 17 in A, 18 in B" (A and B: the names given) —
// nullopt if they are equal. Throws apq::InputError for a file that is not a layer output file
// of this network.
std::optional<std::string> first_layer_output_difference(const IntegerNetwork& network, const std::string& a_path,
                                                         const std::string& a_name, const std::string& b_path,
                                                         const std::string& b_name);

// The same for one image's outputs of layer `layer` (values in [channels][size][size] order).
std::optional<std::string> first_difference(const IntegerNetwork& network, std::size_t layer,
                                            const std::vector<std::int32_t>& a, const std::vector<std::int32_t>& b,
                                            const std::string& a_name, const std::string& b_name);

}  // namespace apq
