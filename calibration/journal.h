#pragma once
#include <string>

#include "common/json_lines.h"
#include "calibration/lut.h"

namespace apq::calibration {

// What a journal was made for. A journal is JSON lines: this header first, then one
// {"key": ..., "value": ...} line per finished entry, appended and flushed as each finishes, so a
// killed build loses at most the line it was writing.
struct JournalHeader {
  std::string space_digest;
  std::string accel_digest;
  std::string shard;     // "k/N"
  std::size_t entries = 0;  // rows of the shard
  std::string plan_digest;  // digest of the shard's keys in order

  bool operator==(const JournalHeader& other) const;
};

// Reads the finished entries of a journal written for `expected`. A missing file, or one whose
// header line is torn, gives no entries. A torn last line (no newline) is
// dropped and cut off the file so that appending continues cleanly. Throws apq::InputError for a
// journal made for another space, accelerator, shard or plan (naming what differs) and for a
// line that is not JSON or not an entry.
Lut read_journal(const std::string& path, const JournalHeader& expected);

// Appends entries to a journal; `fresh` starts a new one with the header, otherwise appends to
// what read_journal left.
class JournalWriter {
 public:
  JournalWriter(const std::string& path, const JournalHeader& header, bool fresh);

  void append(const std::string& key, const LutValue& value);

 private:
  JsonLinesWriter lines_;
};

}  // namespace apq::calibration
