// apq supernet train: once-for-all progressive shrinking (nn/README.md).
#include <torch/nn/functional/activation.h>
#include <torch/nn/functional/loss.h>
#include <torch/optim/sgd.h>
#include <torch/utils.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/json_fields.h"
#include "common/progress.h"
#include "common/random.h"
#include "nn/data/batch_iterator.h"
#include "nn/data/fashion_mnist.h"
#include "nn/supernet_jobs.h"
#include "nn/training/checkpoint.h"
#include "nn/training/distillation_loss.h"
#include "nn/training/evaluation.h"
#include "nn/training/lr_schedule.h"
#include "nn/training/phase_space.h"
#include "nn/training/training_config.h"
#include "nn/training/training_log.h"
#include "search/space/config_sampling.h"
#include "search/space/space_file.h"

namespace apq::nn {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Sub-network sampling draws from its own stream, apart from the data order's.
constexpr std::uint64_t kSamplingSalt = 0x5a3b1e;

std::unique_ptr<torch::optim::SGD> make_optimizer(SupernetImpl& supernet, const TrainingConfig& config) {
  // Once-for-all's recipe: no weight decay on BN parameters and biases.
  std::vector<torch::Tensor> decayed;
  std::vector<torch::Tensor> not_decayed;
  for (const auto& item : supernet.named_parameters()) {
    const std::string& name = item.key();
    const bool exempt = name.find("bn") != std::string::npos || name.find("bias") != std::string::npos;
    (exempt ? not_decayed : decayed).push_back(item.value());
  }
  auto options = [&](double decay) {
    return std::make_unique<torch::optim::SGDOptions>(torch::optim::SGDOptions(0.0)
                                                          .momentum(config.momentum)
                                                          .nesterov(config.nesterov)
                                                          .weight_decay(decay));
  };
  std::vector<torch::optim::OptimizerParamGroup> groups;
  groups.emplace_back(decayed, options(config.weight_decay));
  groups.emplace_back(not_decayed, options(0.0));
  return std::make_unique<torch::optim::SGD>(std::move(groups), *options(0.0));
}

// Drops the gradients instead of zeroing them (PyTorch's set_to_none): SGD then skips the
// parameters a step's sub-networks did not use, rather than decaying them with a zero gradient.
// It also makes a run resumed from a checkpoint, which has no gradients, step exactly as the
// uninterrupted run does.
void clear_gradients(torch::nn::Module& network) {
  for (auto& parameter : network.parameters()) parameter.mutable_grad() = torch::Tensor();
}

void set_learning_rate(torch::optim::SGD& optimizer, double lr) {
  for (auto& group : optimizer.param_groups()) {
    static_cast<torch::optim::SGDOptions&>(group.options()).lr(lr);
  }
}

std::string format_duration(double seconds) {
  const auto s = static_cast<long long>(std::max(0.0, seconds) + 0.5);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lldh%02lldm%02llds", s / 3600, (s % 3600) / 60, s % 60);
  return buf;
}

std::string canonical_json(const std::string& text) { return nlohmann::json::parse(text).dump(); }

struct EpochResult {
  double loss = 0;
  double top1 = 0;
  double last_lr = 0;
  std::int64_t images = 0;
};

// What a phase samples from and its extremes, which the sandwich rule trains and each epoch's
// validation measures.
struct PhaseSubnets {
  search::Space sampled;
  search::SubnetConfig largest;
  search::SubnetConfig smallest;
};

PhaseSubnets phase_subnets(const search::Space& space, const PhaseConfig& phase) {
  PhaseSubnets subnets;
  subnets.sampled = phase_space(space, phase);
  subnets.largest = search::largest_config(subnets.sampled);
  subnets.smallest = search::smallest_config(subnets.sampled);
  return subnets;
}

class Trainer {
 public:
  Trainer(const TrainRequest& request)
      : request_(request), dir_(request.out_dir), checkpoint_path_((dir_ / "checkpoint.pt").string()) {}

  void run();

 private:
  void start_or_resume();
  void start_phase();
  EpochResult train_epoch(const PhaseSubnets& phase_subnets);
  void save(bool final_model);

  TrainRequest request_;
  fs::path dir_;
  std::string checkpoint_path_;
  search::Space space_;
  TrainingConfig config_;
  ImageDataset data_;
  torch::Tensor recalibration_images_;
  Checkpoint state_;
  std::unique_ptr<torch::optim::SGD> optimizer_;
};

void Trainer::start_or_resume() {
  const std::string space_json = json_fields::read_json_file(request_.space_path).dump();
  space_ = search::space_from_json(nlohmann::json::parse(space_json), request_.space_path);
  config_ = load_training_config(request_.training_config_path);
  const std::string config_json = training_config_to_json_text(config_);
  if (const std::string gaps = untrained_choices(space_, config_.phases); !gaps.empty())
    std::fprintf(stderr,
                 "warning: %s: no phase samples %s of %s; sub-networks that use them are never trained "
                 "(raise kernel_top, depth_top or mid_fraction of a phase)\n",
                 request_.training_config_path.c_str(), gaps.c_str(), request_.space_path.c_str());

  if (fs::exists(checkpoint_path_)) {
    if (!request_.resume)
      throw InputError(dir_.string() + ": already holds a training run (checkpoint.pt); pass --resume "
                       "to continue it or choose another --out");
    state_ = load_checkpoint(checkpoint_path_);
    if (canonical_json(state_.space_json) != canonical_json(space_json))
      throw InputError(checkpoint_path_ + ": was trained on another space than " + request_.space_path);
    if (canonical_json(state_.training_config_json) != canonical_json(config_json))
      throw InputError(checkpoint_path_ + ": was trained with another training config than " +
                       request_.training_config_path);
    std::fprintf(stderr, "resuming %s at epoch %lld of %lld\n", checkpoint_path_.c_str(),
                 static_cast<long long>(state_.progress.global_epoch),
                 static_cast<long long>(total_epochs(config_)));
  } else {
    state_.space_json = space_json;
    state_.training_config_json = config_json;
    torch::manual_seed(config_.seed);  // the initial weights are part of the seeded run
    state_.supernet = Supernet(space_);
  }

  data_ = load_fashion_mnist(request_.data_dir);
  if (data_.train.images.size(1) != space_.input_channels || data_.train.images.size(2) != space_.input_size)
    throw InputError(request_.space_path + ": input " + std::to_string(space_.input_size) + "x" +
                     std::to_string(space_.input_size) + "x" + std::to_string(space_.input_channels) +
                     " does not match the data set " + data_.name);
  recalibration_images_ = normalised_images(data_.validation, data_.normalisation,
                                            std::min(config_.recalibration_images, data_.validation.size()));
  fs::create_directories(dir_);  // only now that every input has been checked
}

void Trainer::start_phase() {
  const std::size_t p = static_cast<std::size_t>(state_.progress.phase);
  const PhaseConfig& phase = config_.phases[p];
  SupernetImpl& supernet = *state_.supernet;
  if (phase.distill && !state_.teacher) {
    supernet.activate_largest();
    state_.teacher = extract_subnet(supernet);
    for (auto& parameter : state_.teacher->parameters()) parameter.set_requires_grad(false);
  }
  // Widening the sampled mid channels: sort them by importance first, keeping the channels that
  // the widths trained so far rely on inside their segments.
  const std::vector<std::size_t> before =
      mid_choice_counts(space_, p == 0 ? 0.0 : config_.phases[p - 1].mid_fraction);
  const std::vector<std::size_t> now = mid_choice_counts(space_, phase.mid_fraction);
  bool widens = false;
  std::vector<std::size_t> settled;
  for (std::size_t b = 0; b < now.size(); ++b) {
    widens = widens || now[b] > before[b];
    settled.push_back(before[b] - 1);
  }
  if (widens) supernet.sort_mid_channels(settled);
  optimizer_ = make_optimizer(supernet, config_);
}

EpochResult Trainer::train_epoch(const PhaseSubnets& phase_subnets) {
  const PhaseConfig& phase = config_.phases[static_cast<std::size_t>(state_.progress.phase)];
  SupernetImpl& supernet = *state_.supernet;

  BatchOptions options;
  options.batch_size = config_.batch_size;
  options.shuffle = true;
  options.drop_last = true;
  options.augmentation = {config_.crop_padding, config_.horizontal_flip};
  options.seed = config_.seed;
  BatchIterator batches(data_.train, data_.normalisation, options);
  batches.start_epoch(state_.progress.global_epoch);
  std::mt19937_64 rng(mix_seed(config_.seed ^ kSamplingSalt, static_cast<std::uint64_t>(state_.progress.global_epoch)));

  std::int64_t steps = batches.batches_per_epoch();
  if (config_.steps_per_epoch > 0) steps = std::min(steps, config_.steps_per_epoch);
  const std::int64_t full_steps = steps;

  const auto loss_options = torch::nn::functional::CrossEntropyFuncOptions().label_smoothing(config_.label_smoothing);
  EpochResult result;
  double loss_sum = 0;
  std::int64_t correct = 0;
  std::int64_t seen = 0;
  supernet.train();
  if (state_.teacher) state_.teacher->train();  // once-for-all's teacher runs on batch statistics
  Progress progress(phase.name + " epoch " + std::to_string(state_.progress.epoch_in_phase + 1) + "/" +
                        std::to_string(phase.epochs),
                    steps, "batches");
  for (std::int64_t step = 0; step < steps; ++step) {
    const std::optional<Batch> batch = batches.next();
    const double lr = phase_learning_rate(phase, state_.progress.epoch_in_phase * full_steps + step, full_steps);
    set_learning_rate(*optimizer_, lr);
    result.last_lr = lr;
    clear_gradients(supernet);
    // In-place distillation: when the step trains the largest network, it goes first and its
    // own (detached) output is the other sub-networks' soft target.
    const bool in_place = phase.distill && phase.include_largest;
    torch::Tensor soft_targets;
    if (phase.distill && !in_place) {
      torch::NoGradGuard no_grad;
      soft_targets = torch::softmax(state_.teacher->forward(batch->images), 1);
    }
    std::vector<search::SubnetConfig> subnets;
    if (phase.include_largest) subnets.push_back(phase_subnets.largest);
    if (phase.include_smallest) subnets.push_back(phase_subnets.smallest);
    for (int s = 0; s < phase.subnets_per_step; ++s)
      subnets.push_back(search::random_config(phase_subnets.sampled, rng));
    for (std::size_t s = 0; s < subnets.size(); ++s) {
      supernet.set_active(subnets[s]);
      const torch::Tensor logits = supernet.forward(batch->images);
      torch::Tensor loss = torch::nn::functional::cross_entropy(logits, batch->labels, loss_options);
      if (in_place && s == 0) {
        soft_targets = torch::softmax(logits.detach(), 1);
      } else if (phase.distill) {
        loss = loss + config_.distill_weight * soft_target_loss(logits, soft_targets);
      }
      loss.backward();
      loss_sum += loss.item<double>() * static_cast<double>(batch->labels.size(0));
      correct += logits.argmax(1).eq(batch->labels).sum().item<std::int64_t>();
      seen += batch->labels.size(0);
    }
    optimizer_->step();
    result.images += batch->labels.size(0);
    progress.advance();
  }
  progress.finish();
  result.loss = loss_sum / static_cast<double>(std::max<std::int64_t>(seen, 1));
  result.top1 = static_cast<double>(correct) / static_cast<double>(std::max<std::int64_t>(seen, 1));
  return result;
}

void Trainer::save(bool final_model) {
  Checkpoint snapshot;
  snapshot.space_json = state_.space_json;
  snapshot.training_config_json = state_.training_config_json;
  snapshot.progress = state_.progress;
  snapshot.supernet = state_.supernet;
  if (!final_model) {
    snapshot.teacher = state_.teacher;
    snapshot.optimizer = optimizer_.get();
  }
  save_checkpoint(snapshot, final_model ? (dir_ / "supernet.pt").string() : checkpoint_path_);
}

void Trainer::run() {
  start_or_resume();
  TrainingLog log((dir_ / "train_log.csv").string(), state_.progress.global_epoch);
  const std::int64_t total = total_epochs(config_);
  std::int64_t epochs_this_call = 0;
  double seconds_this_call = 0;
  const auto phase_count = static_cast<std::int64_t>(config_.phases.size());
  while (state_.progress.phase < phase_count) {
    const PhaseConfig& phase = config_.phases[static_cast<std::size_t>(state_.progress.phase)];
    if (state_.progress.epoch_in_phase == 0) {
      start_phase();
    } else if (!optimizer_) {  // resumed in the middle of a phase
      optimizer_ = make_optimizer(*state_.supernet, config_);
      if (!load_optimizer_state(checkpoint_path_, *optimizer_))
        throw InputError(checkpoint_path_ + ": holds no optimizer state to resume from");
    }
    const PhaseSubnets subnets = phase_subnets(space_, phase);
    const auto start = Clock::now();
    const EpochResult epoch = train_epoch(subnets);
    const double train_seconds = std::chrono::duration<double>(Clock::now() - start).count();

    SupernetImpl& supernet = *state_.supernet;
    const double largest = subnet_accuracy(supernet, subnets.largest, recalibration_images_,
                                           data_.validation, data_.normalisation, config_.validation_images);
    const double smallest = subnet_accuracy(supernet, subnets.smallest, recalibration_images_,
                                            data_.validation, data_.normalisation, config_.validation_images);
    const double epoch_seconds = std::chrono::duration<double>(Clock::now() - start).count();

    TrainingLogRow row;
    row.global_epoch = state_.progress.global_epoch;
    row.phase = phase.name;
    row.phase_epoch = state_.progress.epoch_in_phase;
    row.lr = epoch.last_lr;
    row.train_loss = epoch.loss;
    row.train_top1 = epoch.top1;
    row.val_top1_largest = largest;
    row.val_top1_smallest = smallest;
    row.images_per_second = static_cast<double>(epoch.images) / train_seconds;
    row.epoch_seconds = epoch_seconds;

    state_.progress.train_seconds += epoch_seconds;
    ++state_.progress.global_epoch;
    if (++state_.progress.epoch_in_phase == phase.epochs) {
      ++state_.progress.phase;
      state_.progress.epoch_in_phase = 0;
    }
    save(false);
    log.append(row);

    ++epochs_this_call;
    seconds_this_call += epoch_seconds;
    const double eta = seconds_this_call / static_cast<double>(epochs_this_call) *
                       static_cast<double>(total - state_.progress.global_epoch);
    std::fprintf(stderr,
                 "epoch %lld/%lld [%s %lld/%lld] loss %.4f train %.2f%% | val largest %.2f%% smallest %.2f%% | "
                 "%.0f images/s, %s per epoch, ETA %s\n",
                 static_cast<long long>(state_.progress.global_epoch), static_cast<long long>(total),
                 phase.name.c_str(), static_cast<long long>(row.phase_epoch + 1),
                 static_cast<long long>(phase.epochs), epoch.loss, 100 * epoch.top1, 100 * largest,
                 100 * smallest, row.images_per_second, format_duration(epoch_seconds).c_str(),
                 format_duration(eta).c_str());
    if (request_.stop_after_epochs > 0 && epochs_this_call >= request_.stop_after_epochs &&
        state_.progress.phase < phase_count) {
      std::fprintf(stderr, "stopped after %lld epochs; continue with --resume\n",
                   static_cast<long long>(epochs_this_call));
      return;
    }
  }
  save(true);
  write_file_atomically((dir_ / "training_config.json").string(), state_.training_config_json + "\n");
  std::fprintf(stderr, "training finished: %s\n", (dir_ / "supernet.pt").string().c_str());
}

}  // namespace

void train_supernet(const TrainRequest& request) {
  Trainer trainer(request);
  trainer.run();
}

}  // namespace apq::nn
