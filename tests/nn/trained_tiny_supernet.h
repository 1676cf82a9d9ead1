#pragma once
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <string>

#include "nn/quant_jobs.h"

namespace apq::nn::testing {

// The small 28x28 tiny space (supernet_test_support.h), trained briefly on Fashion-MNIST once
// per test process, for the tests of what comes after training.
class TrainedTinySupernet : public ::testing::Test {
 protected:
  static void SetUpTestSuite();
  static void TearDownTestSuite();

  static std::string checkpoint();
  // A quant sample job small enough for a test: few recalibration, calibration and validation images.
  static QuantSampleRequest small_sample(std::uint64_t seed);

  static std::filesystem::path dir_;
};

}  // namespace apq::nn::testing
