#pragma once
#include <map>
#include <string>
#include <vector>

namespace apq {

// A CSV file as rows of header -> cell. Handles quoted cells with commas and doubled quotes, as
// CACTI's sweep files have them; empty lines are skipped. Throws apq::InputError
// "<path>: cannot read <what>" when the file cannot be opened.
using CsvRow = std::map<std::string, std::string>;
std::vector<CsvRow> read_csv_rows(const std::string& path, const std::string& what);

}  // namespace apq
