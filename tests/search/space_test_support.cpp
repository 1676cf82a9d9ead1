#include "space_test_support.h"

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "common/errors.h"
#include "search/space/space_file.h"

namespace apq::search::testing_support {

std::string preset_path(const std::string& name) {
  return std::string(APQ_SOURCE_DIR) + "/configs/spaces/" + name + ".json";
}

Space load_preset(const std::string& name) { return load_space(preset_path(name)); }

nlohmann::json read_preset_json(const std::string& name) {
  std::ifstream in(preset_path(name));
  return nlohmann::json::parse(in);
}

ScratchDir::ScratchDir() {
  const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("apq-search-test-" + std::to_string(::getpid()) + "-" + test->name());
  std::filesystem::create_directories(dir);
  dir_ = dir.string();
}

ScratchDir::~ScratchDir() {
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

std::string ScratchDir::path(const std::string& file_name) const {
  return (std::filesystem::path(dir_) / file_name).string();
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

::testing::AssertionResult throws_input_error(const std::function<void()>& action,
                                              const std::vector<std::string>& fragments) {
  try {
    action();
  } catch (const InputError& e) {
    const std::string message = e.what();
    for (const std::string& fragment : fragments)
      if (message.find(fragment) == std::string::npos)
        return ::testing::AssertionFailure() << "message \"" << message << "\" lacks \"" << fragment << "\"";
    return ::testing::AssertionSuccess();
  } catch (const std::exception& e) {
    return ::testing::AssertionFailure() << "threw a non-InputError: " << e.what();
  }
  return ::testing::AssertionFailure() << "did not throw";
}

}  // namespace apq::search::testing_support
