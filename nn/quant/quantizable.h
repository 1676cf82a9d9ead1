#pragma once
#include <vector>

#include "nn/quant/layer_quant.h"

namespace apq::nn {

class ImageClassifier;

// A module with quantizable layers (a block, the head, the tail).
class Quantizable {
 public:
  virtual ~Quantizable() = default;
  virtual std::vector<LayerQuant*> quant_layers() = 0;
};

// Every quantizable layer of a network, in forward order (head, blocks, tail).
std::vector<LayerQuant*> quant_layers(ImageClassifier& network);

void set_quant_mode(ImageClassifier& network, QuantMode mode);

}  // namespace apq::nn
