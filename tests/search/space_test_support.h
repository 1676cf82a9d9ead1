#pragma once
#include <functional>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "search/space/space.h"

namespace apq::search::testing_support {

std::string preset_path(const std::string& name);
Space load_preset(const std::string& name);
nlohmann::json read_preset_json(const std::string& name);

// A folder unique to the running test (ctest runs tests as parallel processes), removed with it.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  std::string path(const std::string& file_name) const;

 private:
  std::string dir_;
};
void write_text(const std::string& path, const std::string& text);

// Passes when `action` throws apq::InputError whose message contains every fragment.
::testing::AssertionResult throws_input_error(const std::function<void()>& action,
                                              const std::vector<std::string>& fragments);

}  // namespace apq::search::testing_support
