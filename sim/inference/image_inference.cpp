#include "sim/inference/image_inference.h"

#include <memory>

#include "common/progress.h"
#include "layer/layer_output_file.h"
#include "sim/array_pass.h"
#include "sim/cosim/rtl_pass_runner.h"
#include "sim/inference/integer_execution.h"
#include "sim/simulate.h"

namespace apq::sim::inference {
namespace {

// One image through the SystemC model with the Verilated array: a layer's operands are computed
// from the RTL's results of the layers before it when its first pass asks for them.
class RtlImageRun {
 public:
  RtlImageRun(const IntegerNetwork& network, const std::uint8_t* pixels)
      : network_(network), image_(quantize_image(network, pixels)), data_(network.layers.size()) {}

  LayerOutputs run(const AccelConfig& config, const Network& accelerator_network, ImageInference& result) {
    std::vector<bool> signed_inputs;
    for (const IntegerLayer& layer : network_.layers) signed_inputs.push_back(layer.input_signed);
    runner_ = std::make_unique<cosim::RtlPassRunner>(
        config, accelerator_network, [this](std::size_t layer) -> const cosim::LayerData& { return operands(layer); },
        signed_inputs);
    const NetworkResult cost = simulate_network_with(config, accelerator_network, *runner_);
    finish_up_to(network_.layers.size());
    result.rtl_cycles = cost.total.total_cycles;
    for (std::size_t i = 0; i < network_.layers.size(); ++i) {
      result.passes += runner_->layer_run(i).passes;
      result.pass_cycle_mismatches += runner_->layer_run(i).pass_cycle_mismatches;
    }
    return std::move(outputs_);
  }

 private:
  const cosim::LayerData& operands(std::size_t layer) {
    finish_up_to(layer);
    cosim::LayerData& data = data_[layer];
    data.activations = layer == 0 ? image_ : outputs_[layer - 1];
    data.weights = network_.layers[layer].weights;
    return data;
  }

  // Computes the outputs of layers [outputs_.size(), end) from what the array returned.
  void finish_up_to(std::size_t end) {
    while (outputs_.size() < end) {
      const std::size_t i = outputs_.size();
      const IntegerLayer& layer = network_.layers[i];
      if (runs_on_array(layer.op)) {
        const std::vector<std::uint32_t>& sums = runner_->layer_run(i).outputs;
        outputs_.push_back(finish_array_layer(layer, std::vector<std::int32_t>(sums.begin(), sums.end())));
      } else {
        const std::vector<std::int32_t>& input = i == 0 ? image_ : outputs_[i - 1];
        const int skip = layer.op == LayerOp::Add ? layer_index(network_, layer.skip) : -1;
        outputs_.push_back(run_vector_layer(layer, input, skip >= 0 ? outputs_[static_cast<std::size_t>(skip)]
                                                                     : std::vector<std::int32_t>{}));
      }
    }
  }

  const IntegerNetwork& network_;
  std::vector<std::int32_t> image_;
  std::vector<cosim::LayerData> data_;
  LayerOutputs outputs_;
  std::unique_ptr<cosim::RtlPassRunner> runner_;
};

}  // namespace

Network network_of(const IntegerNetwork& network) {
  Network out;
  out.name = network.name;
  for (const IntegerLayer& layer : network.layers) {
    NetworkLayer entry;
    entry.name = layer.name;
    entry.op = layer.op;
    entry.shape = layer.shape;
    entry.shape.batch = 1;
    if (!runs_on_array(layer.op)) entry.shape.wbits = entry.shape.abits;
    if (layer.op == LayerOp::AvgPool) entry.shape.groups = entry.shape.cin;
    if (layer.op == LayerOp::Add) entry.skip_source = static_cast<std::size_t>(layer_index(network, layer.skip));
    out.layers.push_back(entry);
  }
  return out;
}

bool InferenceReport::pass() const {
  for (const ImageInference& image : images)
    if (!image.rtl_mismatch.empty() || image.pass_cycle_mismatches != 0 ||
        (rtl && image.rtl_cycles != cost.total.total_cycles))
      return false;
  return true;
}

InferenceReport infer_images(const AccelConfig& config, const IntegerNetwork& network, const ImageSet& images,
                             const InferenceOptions& options) {
  const Network accelerator_network = network_of(network);
  InferenceReport report;
  report.rtl = options.rtl;
  report.cost = simulate_network(config, accelerator_network, TimingMode::Cycle);
  std::unique_ptr<LayerOutputWriter> writer;
  if (!options.layer_outputs_path.empty())
    writer = std::make_unique<LayerOutputWriter>(options.layer_outputs_path, network, images.count);
  if (!images.labels.empty()) report.correct = 0;
  Progress progress(options.rtl ? "images (RTL)" : "images", images.count, "images");
  for (std::int64_t i = 0; i < images.count; ++i) {
    ImageInference result;
    LayerOutputs outputs = run_integer_network(network, images.image(i));
    if (options.rtl) {
      const LayerOutputs rtl = RtlImageRun(network, images.image(i)).run(config, accelerator_network, result);
      for (std::size_t layer = 0; layer < outputs.size() && result.rtl_mismatch.empty(); ++layer)
        if (auto difference = first_difference(network, layer, rtl[layer], outputs[layer], "the RTL run", "the golden model"))
          result.rtl_mismatch = "image " + std::to_string(i) + ", " + *difference;
      outputs = rtl;  // what the modelled chip computed
    }
    result.logits = outputs.back();
    result.predicted = predicted_class(result.logits);
    if (report.correct >= 0 && result.predicted == images.labels[static_cast<std::size_t>(i)]) ++report.correct;
    if (writer) writer->write(outputs);
    report.images.push_back(std::move(result));
    progress.advance();
  }
  progress.finish();
  if (writer) writer->commit();
  return report;
}

}  // namespace apq::sim::inference
