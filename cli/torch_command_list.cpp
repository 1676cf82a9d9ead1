#include "cli/command.h"

namespace apq::cli {

std::vector<Command> torch_command_list() {
  return {
      {"supernet train", "once-for-all progressive shrinking of a space's supernet (checkpoints, --resume)",
       nullptr},
      {"supernet eval", "test top-1 of one sub-network of a trained supernet, after BN recalibration",
       nullptr},
      {"supernet sample", "validation accuracy of seeded random sub-networks, as JSON lines (resumable)",
       nullptr},
      {"quant eval", "test top-1 of one sub-network at its quantization policy (post-training, optionally after QAT)",
       nullptr},
      {"quant finetune", "quantization-aware fine-tuning of one sub-network; writes the quantized network (qnet.pt)",
       nullptr},
      {"quant sample", "validation accuracy of seeded quantized sub-networks, as JSON lines (resumable)", nullptr},
      {"quant export", "the integer network of a quantized network (qnet.pt), for apq sim net", nullptr},
      {"quant infer", "the integer network computed by LibTorch integer tensors, next to the fake-quantized one",
       nullptr},
      {"predictor train", "the accuracy predictor (fp32 or quantization-aware) from samples, as a plain file",
       nullptr},
  };
}

}  // namespace apq::cli
