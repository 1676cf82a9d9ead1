#pragma once
#include <map>
#include <string>
#include <vector>

namespace apq::sim::testing {

// A CSV file as rows of header -> cell. Handles quoted cells with commas and doubled quotes,
// as CACTI's sweep files have them.
using CsvRow = std::map<std::string, std::string>;
std::vector<CsvRow> read_csv(const std::string& path);

}  // namespace apq::sim::testing
