#include "nn/training/checkpoint.h"

#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "common/errors.h"
#include "search/space/config_sampling.h"
#include "search/space/space_file.h"

namespace apq::nn {
namespace {

constexpr const char* kFormat = "apq-supernet-checkpoint-1";

std::string progress_json(const TrainingProgress& p) {
  return nlohmann::json{{"phase", p.phase},
                        {"epoch_in_phase", p.epoch_in_phase},
                        {"global_epoch", p.global_epoch},
                        {"train_seconds", p.train_seconds}}
      .dump();
}

std::string read_string(torch::serialize::InputArchive& archive, const char* key) {
  c10::IValue value;
  archive.read(key, value);
  return value.toStringRef();
}

torch::serialize::InputArchive open_archive(const std::string& path) {
  if (!std::filesystem::is_regular_file(path)) throw InputError(path + ": no such checkpoint file");
  torch::serialize::InputArchive archive;
  try {
    archive.load_from(path);
  } catch (const c10::Error&) {
    throw InputError(path + ": not a checkpoint written by apq supernet train");
  }
  c10::IValue format;
  if (!archive.try_read("format", format) || !format.isString() || format.toStringRef() != kFormat)
    throw InputError(path + ": not a checkpoint written by apq supernet train (format field missing or not " +
                     std::string(kFormat) + ")");
  return archive;
}

}  // namespace

void save_checkpoint(const Checkpoint& checkpoint, const std::string& path) {
  torch::serialize::OutputArchive archive;
  archive.write("format", c10::IValue(std::string(kFormat)));
  archive.write("space", c10::IValue(checkpoint.space_json));
  archive.write("training_config", c10::IValue(checkpoint.training_config_json));
  archive.write("progress", c10::IValue(progress_json(checkpoint.progress)));
  torch::serialize::OutputArchive supernet;
  checkpoint.supernet->save(supernet);
  archive.write("supernet", supernet);
  if (checkpoint.teacher) {
    torch::serialize::OutputArchive teacher;
    checkpoint.teacher->save(teacher);
    archive.write("teacher", teacher);
  }
  if (checkpoint.optimizer != nullptr) {
    torch::serialize::OutputArchive optimizer;
    checkpoint.optimizer->save(optimizer);
    archive.write("optimizer", optimizer);
  }
  // A killed run must leave the previous checkpoint intact: write aside, then rename.
  const std::string temporary = path + ".tmp";
  archive.save_to(temporary);
  std::filesystem::rename(temporary, path);
}

Checkpoint load_checkpoint(const std::string& path) {
  torch::serialize::InputArchive archive = open_archive(path);
  Checkpoint checkpoint;
  checkpoint.space_json = read_string(archive, "space");
  checkpoint.training_config_json = read_string(archive, "training_config");
  const auto progress = nlohmann::json::parse(read_string(archive, "progress"));
  checkpoint.progress.phase = progress.at("phase").get<std::int64_t>();
  checkpoint.progress.epoch_in_phase = progress.at("epoch_in_phase").get<std::int64_t>();
  checkpoint.progress.global_epoch = progress.at("global_epoch").get<std::int64_t>();
  checkpoint.progress.train_seconds = progress.at("train_seconds").get<double>();

  const search::Space space =
      search::space_from_json(nlohmann::json::parse(checkpoint.space_json), path + " (its space)");
  checkpoint.supernet = Supernet(space);
  torch::serialize::InputArchive supernet;
  archive.read("supernet", supernet);
  checkpoint.supernet->load(supernet);
  checkpoint.supernet->activate_largest();

  torch::serialize::InputArchive teacher;
  if (archive.try_read("teacher", teacher)) {
    checkpoint.teacher = Subnet(space, search::largest_config(space));
    checkpoint.teacher->load(teacher);
    // As it was when saved: frozen (kernels may take other paths for tensors that need no grad).
    for (auto& parameter : checkpoint.teacher->parameters()) parameter.set_requires_grad(false);
  }
  return checkpoint;
}

bool load_optimizer_state(const std::string& path, torch::optim::SGD& optimizer) {
  torch::serialize::InputArchive archive = open_archive(path);
  torch::serialize::InputArchive state;
  if (!archive.try_read("optimizer", state)) return false;
  optimizer.load(state);
  return true;
}

}  // namespace apq::nn
