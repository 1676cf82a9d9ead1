#include "nn/quant/quantizable.h"

#include "nn/supernet/image_classifier.h"

namespace apq::nn {

std::vector<LayerQuant*> quant_layers(ImageClassifier& network) {
  std::vector<LayerQuant*> layers;
  for (const auto& module : network.modules(/*include_self=*/false)) {
    if (auto* quantizable = dynamic_cast<Quantizable*>(module.get())) {
      for (LayerQuant* layer : quantizable->quant_layers()) layers.push_back(layer);
    }
  }
  return layers;
}

void set_quant_mode(ImageClassifier& network, QuantMode mode) {
  for (LayerQuant* layer : quant_layers(network)) layer->mode = mode;
}

}  // namespace apq::nn
