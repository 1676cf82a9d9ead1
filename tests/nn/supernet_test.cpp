#include <gtest/gtest.h>
#include <torch/torch.h>

#include <filesystem>
#include <map>
#include <random>
#include <string>

#include "common/errors.h"
#include "nn/supernet/batch_norm_recalibration.h"
#include "nn/supernet/subnet.h"
#include "nn/supernet/supernet.h"
#include "search/space/block_slots.h"
#include "search/space/config_sampling.h"
#include "search/space/space_file.h"
#include "tests/nn/supernet_test_support.h"

namespace apq::nn {
namespace {

using testing::tiny_space;

// Every block at `kernel`, at mid choice `mid_index` (clamped to its choices), every stage at
// depth choice `depth_index`.
search::SubnetConfig uniform_config(const search::Space& space, int kernel, std::size_t mid_index,
                                    std::size_t depth_index) {
  search::SubnetConfig config = search::largest_config(space);
  for (std::size_t s = 0; s < space.stages.size(); ++s) {
    const auto& depths = space.stages[s].depth_choices;
    config.depths[s] = depths[std::min(depth_index, depths.size() - 1)];
  }
  for (const search::BlockSlot& slot : search::block_slots(space)) {
    config.blocks[slot.index].kernel = kernel;
    config.blocks[slot.index].mid_channels =
        slot.mid_choices[std::min(mid_index, slot.mid_choices.size() - 1)];
  }
  return config;
}

// Running statistics away from their 0 / 1 start, so eval-mode outputs depend on them.
void randomise_batch_norm_statistics(torch::nn::Module& network) {
  torch::NoGradGuard no_grad;
  for (const auto& module : network.modules()) {
    if (auto* bn = module->as<DynamicBatchNormImpl>()) {
      bn->running_mean.normal_(0.0, 0.5);
      bn->running_var.uniform_(0.5, 2.0);
      bn->weight.uniform_(0.5, 1.5);
      bn->bias.normal_(0.0, 0.2);
    }
  }
}

std::map<std::string, torch::Tensor> snapshot(const torch::nn::Module& network) {
  std::map<std::string, torch::Tensor> tensors;
  for (const auto& item : network.named_parameters()) tensors[item.key()] = item.value().detach().clone();
  for (const auto& item : network.named_buffers()) tensors[item.key()] = item.value().clone();
  return tensors;
}

torch::Tensor tiny_images(std::int64_t batch) { return torch::randn({batch, 1, 12, 12}); }

class SupernetTest : public ::testing::Test {
 protected:
  void SetUp() override { torch::manual_seed(1); }
  search::Space space_ = tiny_space();
};

TEST_F(SupernetTest, OutputShapesForEveryElasticChoice) {
  Supernet supernet(space_);
  const auto images = tiny_images(3);
  for (int kernel : space_.kernel_choices) {
    for (std::size_t mid = 0; mid < 5; ++mid) {
      for (std::size_t depth = 0; depth < 2; ++depth) {
        supernet->set_active(uniform_config(space_, kernel, mid, depth));
        EXPECT_EQ(supernet->forward(images).sizes(), (torch::IntArrayRef{3, 10}))
            << "kernel " << kernel << " mid choice " << mid << " depth choice " << depth;
        for (const auto& slot : supernet->slots()) {
          auto& block = supernet->block(slot.index);
          const std::int64_t m = block.active_mid_channels();
          EXPECT_EQ(block.active_depthwise_weight().sizes(), (torch::IntArrayRef{m, 1, kernel, kernel}));
          const auto out = block.forward(torch::randn({2, slot.in_channels, 6, 6}));
          const std::int64_t side = slot.stride == 1 ? 6 : 3;
          EXPECT_EQ(out.sizes(), (torch::IntArrayRef{2, slot.out_channels, side, side}));
        }
      }
    }
  }
}

TEST_F(SupernetTest, IdentityTransformsGiveCentreCrops) {
  Supernet supernet(space_);
  auto& block = supernet->block(0);
  const auto full = block.depthwise_weight.detach();
  block.set_active(5, 40);
  EXPECT_TRUE(torch::equal(block.active_depthwise_weight(), full.slice(0, 0, 40).slice(2, 1, 6).slice(3, 1, 6)));
  block.set_active(3, 32);
  EXPECT_TRUE(torch::equal(block.active_depthwise_weight(), full.slice(0, 0, 32).slice(2, 2, 5).slice(3, 2, 5)));
}

TEST_F(SupernetTest, SmallKernelIsTheCentreOfTheTransformedLargerOne) {
  Supernet supernet(space_);
  auto& block = supernet->block(0);
  ASSERT_EQ(block.kernel_transforms.size(), 2u);  // [0]: 5 -> 3 (9x9), [1]: 7 -> 5 (25x25)
  {
    torch::NoGradGuard no_grad;
    block.kernel_transforms[1].copy_(torch::randn({25, 25}));
  }
  block.set_active(5, 48);
  const auto five = block.active_depthwise_weight().detach();
  const auto crop = block.depthwise_weight.detach().slice(2, 1, 6).slice(3, 1, 6).reshape({48, 25});
  EXPECT_TRUE(torch::allclose(five, crop.matmul(block.kernel_transforms[1].detach().t()).reshape({48, 1, 5, 5})));
  block.set_active(3, 48);  // 5 -> 3 is still the identity
  EXPECT_TRUE(torch::allclose(block.active_depthwise_weight(), five.slice(2, 1, 4).slice(3, 1, 4)));
}

TEST_F(SupernetTest, ActiveParametersAreViewsOfTheSupernets) {
  Supernet supernet(space_);
  std::mt19937_64 rng(3);
  supernet->activate_random(rng);
  for (const auto& slot : supernet->slots()) {
    auto& block = supernet->block(slot.index);
    block.set_active(7, slot.mid_choices.front());  // the stored kernel: a view too
    auto full = block.named_parameters();
    auto buffers = block.named_buffers();
    for (const auto& [name, tensor] : block.active_tensors()) {
      const torch::Tensor* owner = full.find(name);
      if (owner == nullptr) owner = buffers.find(name);
      ASSERT_NE(owner, nullptr) << name;
      EXPECT_TRUE(tensor.is_alias_of(*owner)) << name;
      EXPECT_EQ(tensor.data_ptr(), owner->data_ptr()) << name << " starts at the stored tensor";
    }
  }
  // Training the sub-network moves only the active slices of the stored weights.
  supernet->set_active(uniform_config(space_, 3, 0, 0));
  supernet->forward(tiny_images(4)).sum().backward();
  auto& first = supernet->block(0);
  const std::int64_t mid = first.active_mid_channels();
  EXPECT_GT(first.expand_weight.grad().slice(0, 0, mid).abs().sum().item<float>(), 0.0f);
  EXPECT_EQ(first.expand_weight.grad().slice(0, mid).abs().sum().item<float>(), 0.0f);
  EXPECT_EQ(first.project_weight.grad().slice(1, mid).abs().sum().item<float>(), 0.0f);
  const auto dw_grad = first.depthwise_weight.grad();
  EXPECT_EQ(dw_grad.slice(2, 0, 2).abs().sum().item<float>(), 0.0f) << "outside the 3x3 centre";
  EXPECT_GT(dw_grad.slice(0, 0, mid).slice(2, 2, 5).slice(3, 2, 5).abs().sum().item<float>(), 0.0f);
  EXPECT_GT(first.kernel_transforms[0].grad().abs().sum().item<float>(), 0.0f);
  EXPECT_FALSE(supernet->block(1).expand_weight.grad().defined()) << "block beyond the depth";
}

TEST_F(SupernetTest, SortingMidChannelsKeepsTheLargestNetwork) {
  Supernet supernet(space_);
  randomise_batch_norm_statistics(*supernet);
  supernet->activate_largest();
  const auto images = tiny_images(4);
  // Train-mode forwards move the running statistics, so each mode is checked last in turn.
  supernet->train();
  const auto before_train = supernet->forward(images).detach();
  supernet->eval();
  const auto before_eval = supernet->forward(images).detach();
  supernet->sort_mid_channels();
  EXPECT_TRUE(torch::allclose(supernet->forward(images), before_eval, 1e-4, 1e-5));
  supernet->train();
  EXPECT_TRUE(torch::allclose(supernet->forward(images), before_train, 1e-4, 1e-5));

  for (const auto& slot : supernet->slots()) {
    const auto importance = supernet->block(slot.index).project_weight.detach().abs().sum({0, 2, 3});
    EXPECT_TRUE(torch::equal(importance, std::get<0>(importance.sort(0, /*descending=*/true))))
        << "block " << slot.index;
  }
}

TEST_F(SupernetTest, LaterWidthPhasesSortOnlyWithinSettledSegments) {
  Supernet supernet(space_);
  randomise_batch_norm_statistics(*supernet);
  supernet->eval();
  const auto images = tiny_images(4);
  const auto before = supernet->forward(images).detach();
  // Block 0 has mid choices {32, 40, 48}: with one settled width, channels 40..47 stay there.
  const auto project = supernet->block(0).project_weight.detach().clone();
  supernet->sort_mid_channels(/*settled_widths=*/1);
  const auto sorted = supernet->block(0).project_weight.detach();
  auto column_sums = [](const torch::Tensor& w, std::int64_t from, std::int64_t to) {
    return std::get<0>(w.slice(1, from, to).sum({0, 2, 3}).sort());
  };
  EXPECT_TRUE(torch::allclose(column_sums(sorted, 40, 48), column_sums(project, 40, 48)));
  EXPECT_TRUE(torch::allclose(column_sums(sorted, 0, 40), column_sums(project, 0, 40)));
  const auto importance = sorted.abs().sum({0, 2, 3});
  for (const auto& [from, to] : {std::pair<int, int>{0, 40}, {40, 48}}) {
    const auto segment = importance.slice(0, from, to);
    EXPECT_TRUE(torch::equal(segment, std::get<0>(segment.sort(0, /*descending=*/true))));
  }
  EXPECT_TRUE(torch::allclose(supernet->forward(images), before, 1e-4, 1e-5));
}

TEST_F(SupernetTest, ExtractedSubnetComputesWhatTheSupernetDoes) {
  Supernet supernet(space_);
  randomise_batch_norm_statistics(*supernet);
  {
    torch::NoGradGuard no_grad;
    for (auto& transform : supernet->block(2).kernel_transforms) transform.add_(torch::randn_like(transform) * 0.1);
  }
  const auto images = tiny_images(5);
  std::mt19937_64 rng(11);
  for (int trial = 0; trial < 6; ++trial) {
    const auto config = trial == 0 ? supernet->activate_smallest() : supernet->activate_random(rng);
    supernet->eval();
    Subnet subnet = extract_subnet(*supernet);
    EXPECT_TRUE(torch::allclose(subnet->forward(images), supernet->forward(images), 1e-5, 1e-6)) << "eval, trial " << trial;
    supernet->train();
    subnet->train();
    EXPECT_TRUE(torch::allclose(subnet->forward(images), supernet->forward(images), 1e-5, 1e-6)) << "train, trial " << trial;

    int running = 0;
    for (const auto& slot : supernet->slots()) running += slot.position < config.depths[slot.stage];
    EXPECT_EQ(subnet->block_count(), running);
    for (const auto& item : subnet->named_parameters()) {
      for (const auto& full : supernet->parameters()) {
        EXPECT_FALSE(item.value().is_alias_of(full)) << item.key() << " must be a copy";
      }
    }
  }
}

TEST_F(SupernetTest, TrainingStepsReduceTheLoss) {
  Supernet supernet(space_);
  supernet->train();
  const auto images = tiny_images(16);
  const auto labels = torch::randint(0, 10, {16}, torch::kInt64);
  torch::optim::SGD optimizer(supernet->parameters(), torch::optim::SGDOptions(0.05).momentum(0.9));
  std::mt19937_64 rng(5);
  auto loss_of_largest = [&] {
    supernet->activate_largest();
    torch::NoGradGuard no_grad;
    supernet->eval();
    const float loss = torch::nn::functional::cross_entropy(supernet->forward(images), labels).item<float>();
    supernet->train();
    return loss;
  };
  recalibrate_batch_norm(*supernet, images, 16);
  const float initial = loss_of_largest();
  for (int step = 0; step < 15; ++step) {
    // Largest and a random sub-network, as progressive shrinking trains them.
    optimizer.zero_grad();
    supernet->activate_largest();
    torch::nn::functional::cross_entropy(supernet->forward(images), labels).backward();
    supernet->activate_random(rng);
    torch::nn::functional::cross_entropy(supernet->forward(images), labels).backward();
    optimizer.step();
  }
  supernet->activate_largest();
  recalibrate_batch_norm(*supernet, images, 16);
  const float trained = loss_of_largest();
  EXPECT_LT(trained, initial * 0.5f) << "initial " << initial << ", after 15 steps " << trained;
}

TEST_F(SupernetTest, CheckpointRoundTrips) {
  const auto dir = std::filesystem::temp_directory_path() / ("apq_nn_ckpt_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  Supernet original(space_);
  randomise_batch_norm_statistics(*original);
  original->sort_mid_channels();
  torch::save(original, (dir / "supernet.pt").string());

  torch::manual_seed(99);
  Supernet restored(space_);
  torch::load(restored, (dir / "supernet.pt").string());
  const auto original_state = snapshot(*original);
  const auto restored_state = snapshot(*restored);
  ASSERT_EQ(original_state.size(), restored_state.size());
  for (const auto& [name, tensor] : original_state) {
    ASSERT_TRUE(restored_state.count(name)) << name;
    EXPECT_TRUE(torch::equal(tensor, restored_state.at(name))) << name;
  }
  std::mt19937_64 rng(2);
  const auto config = original->activate_random(rng);
  restored->set_active(config);
  original->eval();
  restored->eval();
  const auto images = tiny_images(2);
  EXPECT_TRUE(torch::equal(original->forward(images), restored->forward(images)));

  // A sub-network round-trips through a Subnet built from the same space and config.
  Subnet subnet = extract_subnet(*original);
  torch::save(subnet, (dir / "subnet.pt").string());
  Subnet reloaded(space_, config);
  torch::load(reloaded, (dir / "subnet.pt").string());
  reloaded->eval();
  EXPECT_TRUE(torch::equal(subnet->forward(images), reloaded->forward(images)));
  std::filesystem::remove_all(dir);
}

TEST_F(SupernetTest, RecalibrationChangesOnlyTheRunningStatisticsOfRunningBlocks) {
  Supernet supernet(space_);
  randomise_batch_norm_statistics(*supernet);
  supernet->set_active(uniform_config(space_, 5, 1, 0));  // depth 1: blocks 1 and 3 do not run
  supernet->eval();
  const auto before = snapshot(*supernet);
  const auto images = tiny_images(70) * 2 + 0.5;
  recalibrate_batch_norm(*supernet, images, 32);  // batches of 32, 32 and 6
  EXPECT_FALSE(supernet->is_training()) << "mode restored";
  const auto after = snapshot(*supernet);

  const std::int64_t mid = supernet->block(0).active_mid_channels();
  for (const auto& [name, tensor] : before) {
    const bool statistic = name.find("running_") != std::string::npos;
    const bool idle_block = name.rfind("blocks.1.", 0) == 0 || name.rfind("blocks.3.", 0) == 0;
    if (!statistic || idle_block) {
      EXPECT_TRUE(torch::equal(tensor, after.at(name))) << name << " must not change";
    } else if (name.rfind("blocks.0.expand_bn.", 0) == 0) {
      EXPECT_FALSE(torch::equal(tensor.slice(0, 0, mid), after.at(name).slice(0, 0, mid))) << name;
      EXPECT_TRUE(torch::equal(tensor.slice(0, mid), after.at(name).slice(0, mid)))
          << name << ": channels beyond the active width must not change";
    } else {
      EXPECT_FALSE(torch::equal(tensor, after.at(name))) << name << " must be re-estimated";
    }
  }

  // The first BN's new mean is the mean of its input over all 70 images, not a momentum blend.
  const auto first_conv = supernet->head().named_parameters()["conv0_weight"].detach();
  const auto conv_out = at::conv2d(images, first_conv, {}, 1, 1);
  EXPECT_TRUE(torch::allclose(supernet->head().named_buffers()["bn0.running_mean"],
                              conv_out.mean({0, 2, 3}), 1e-4, 1e-5));
}

TEST_F(SupernetTest, RejectsConfigsOutsideTheSpace) {
  Supernet supernet(space_);
  auto message_of = [&](const search::SubnetConfig& config) {
    try {
      supernet->set_active(config);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("<accepted>");
  };
  const auto largest = search::largest_config(space_);

  auto kernel4 = largest;
  kernel4.blocks[1].kernel = 4;
  EXPECT_NE(message_of(kernel4).find("ks[1] = 4"), std::string::npos) << message_of(kernel4);

  auto depth5 = largest;
  depth5.depths[0] = 5;
  EXPECT_NE(message_of(depth5).find("d[0] = 5"), std::string::npos) << message_of(depth5);

  auto odd_mid = largest;
  odd_mid.blocks[2].mid_channels = 36;
  EXPECT_NE(message_of(odd_mid).find("multiple of 8"), std::string::npos) << message_of(odd_mid);

  EXPECT_EQ(supernet->active_config(), largest) << "a rejected config leaves the active one";
}

TEST_F(SupernetTest, SamplingIsSeededThroughTheSpaceLibrary) {
  Supernet supernet(space_);
  std::mt19937_64 a(8), b(8);
  EXPECT_EQ(supernet->activate_random(a), search::random_config(space_, b));
  EXPECT_EQ(supernet->activate_smallest(), search::smallest_config(space_));
  EXPECT_EQ(supernet->active_config(), search::smallest_config(space_));
}

TEST(SupernetSpaces, BuildsTheShippedSpaces) {
  const std::string root = APQ_SOURCE_DIR;
  Supernet fmnist(search::load_space(root + "/configs/spaces/fmnist.json"));
  fmnist->eval();
  EXPECT_EQ(fmnist->forward(torch::randn({2, 1, 28, 28})).sizes(), (torch::IntArrayRef{2, 10}));
  fmnist->activate_smallest();
  EXPECT_EQ(fmnist->forward(torch::randn({2, 1, 28, 28})).sizes(), (torch::IntArrayRef{2, 10}));

  Supernet imagenet(search::load_space(root + "/configs/spaces/apq-imagenet224.json"));
  imagenet->eval();
  imagenet->activate_smallest();
  EXPECT_EQ(imagenet->forward(torch::randn({1, 3, 64, 64})).sizes(), (torch::IntArrayRef{1, 1000}));
}

}  // namespace
}  // namespace apq::nn
