#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace apq {

// JSON-lines files (one JSON value per line). Outputs that grow while a long job runs (sample
// files, LUT journals) are written a line at a time by JsonLinesWriter, so a killed job leaves
// whole lines plus at most one torn last line; readers drop that line and appending resumes.

// Whether the last line of a file may be a torn line of a killed writer (an output being
// resumed: a last line without its newline is not read) or is a line like any other (an input a
// person may have written without the final newline).
enum class LastLine { MayBeTorn, Complete };

// Calls visit(row, where) for every non-blank line in order, parsed; `where` is "PATH: line N".
// A missing file reads as empty. Returns the byte length of the lines read: with
// LastLine::MayBeTorn, anything after it is a torn line. Throws apq::InputError naming the file
// and line for a line (other than a torn last one) that is not JSON.
std::size_t read_json_lines(const std::string& path, LastLine last_line,
                            const std::function<void(const nlohmann::json& row, const std::string& where)>& visit);

// Cuts what follows the first `length` bytes of a file (the torn last line read_json_lines left
// unread) so that appending continues on a clean line; nothing when there is none.
void cut_torn_line(const std::string& path, std::size_t length);

// The number of complete lines of a resumable JSON-lines output (0 when the file is missing),
// each checked to be a JSON object holding every key of `required_keys`. A torn last line is cut
// off the file, so that appending continues cleanly. Throws apq::InputError naming the file and
// line when a complete line is not such an object: appending to a file of something else would
// corrupt it.
std::int64_t resumable_line_count(const std::string& path, const std::vector<std::string>& required_keys);

// Appends lines to a JSON-lines file, each with a single write() as it is produced.
class JsonLinesWriter {
 public:
  // `fresh` truncates the file; otherwise lines go after what is there.
  JsonLinesWriter(const std::string& path, bool fresh);
  ~JsonLinesWriter();
  JsonLinesWriter(const JsonLinesWriter&) = delete;
  JsonLinesWriter& operator=(const JsonLinesWriter&) = delete;

  void append(const nlohmann::ordered_json& row);

 private:
  std::string path_;
  int fd_ = -1;
};

}  // namespace apq
