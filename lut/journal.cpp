#include "lut/journal.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "common/errors.h"

namespace apq::lut {

namespace {

constexpr int kJournalVersion = 1;

nlohmann::ordered_json header_json(const JournalHeader& h) {
  nlohmann::ordered_json j;
  j["apq_lut_journal"] = kJournalVersion;
  j["space_digest"] = h.space_digest;
  j["accel_digest"] = h.accel_digest;
  j["shard"] = h.shard;
  j["entries"] = h.entries;
  j["plan_digest"] = h.plan_digest;
  return j;
}

// What differs between the journal's header and this build, for the error message.
std::string header_difference(const nlohmann::json& found, const JournalHeader& expected) {
  const nlohmann::ordered_json want = header_json(expected);
  std::string what;
  for (auto it = want.begin(); it != want.end(); ++it) {
    if (!found.contains(it.key()) || found.at(it.key()).dump() != it.value().dump()) {
      static const std::map<std::string, std::string> names = {
          {"apq_lut_journal", "journal version"}, {"space_digest", "search space"},
          {"accel_digest", "accelerator"},         {"shard", "shard"},
          {"entries", "number of entries"},        {"plan_digest", "entry list"}};
      what += (what.empty() ? "" : ", ") + names.at(it.key()) + " (journal " +
              (found.contains(it.key()) ? found.at(it.key()).dump() : std::string("none")) +
              ", this build " + it.value().dump() + ")";
    }
  }
  return what;
}

}  // namespace

bool JournalHeader::operator==(const JournalHeader& o) const {
  return space_digest == o.space_digest && accel_digest == o.accel_digest && shard == o.shard &&
         entries == o.entries && plan_digest == o.plan_digest;
}

std::string header_line(const JournalHeader& header) { return header_json(header).dump() + "\n"; }

Lut read_journal(const std::string& path, const JournalHeader& expected) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::ostringstream buffer;
  buffer << in.rdbuf();
  in.close();
  const std::string text = buffer.str();

  Lut entries;
  std::size_t pos = 0;
  std::size_t good_end = 0;  // end of the last complete, valid line
  int line_number = 0;
  while (pos < text.size()) {
    const std::size_t newline = text.find('\n', pos);
    const bool complete = newline != std::string::npos;
    const std::string line = text.substr(pos, complete ? newline - pos : std::string::npos);
    ++line_number;
    const std::size_t next = complete ? newline + 1 : text.size();
    const bool last = next >= text.size();
    nlohmann::json doc;
    bool parsed = complete;
    if (parsed) {
      try {
        doc = nlohmann::json::parse(line);
      } catch (const nlohmann::json::parse_error&) {
        parsed = false;
      }
    }
    if (!parsed) {
      // Only the line being written when the build died may be torn.
      if (last) break;
      throw InputError(path + ": line " + std::to_string(line_number) +
                       " is not valid JSON (a corrupt journal; delete it and build without --resume)");
    }
    const std::string where = path + ": line " + std::to_string(line_number);
    if (line_number == 1) {
      if (!doc.is_object() || !doc.contains("apq_lut_journal"))
        throw InputError(where + ": not an apq LUT journal header");
      const std::string difference = header_difference(doc, expected);
      if (!difference.empty())
        throw InputError(path + ": journal was made for another build: " + difference +
                         "; delete it or build without --resume");
    } else {
      if (!doc.is_object() || !doc.contains("key") || !doc.contains("value") || !doc.at("key").is_string())
        throw InputError(where + ": expected {\"key\": ..., \"value\": ...}");
      const std::string key = doc.at("key").get<std::string>();
      check_lut_key(key, where);
      entries[key] = value_from_json(doc.at("value"), where + ": [\"" + key + "\"]");
    }
    good_end = next;
    pos = next;
  }
  if (good_end == 0) return {};  // no valid header: start afresh
  if (good_end < text.size() && ::truncate(path.c_str(), static_cast<off_t>(good_end)) != 0)
    throw std::runtime_error(path + ": cannot cut the torn last line: " + std::strerror(errno));
  return entries;
}

JournalWriter::JournalWriter(const std::string& path, const JournalHeader& header, bool fresh)
    : path_(path) {
  const int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (fresh ? O_TRUNC : O_APPEND);
  fd_ = ::open(path.c_str(), flags, 0644);
  if (fd_ < 0) throw InputError(path + ": cannot write the journal: " + std::strerror(errno));
  if (fresh) write_line(header_line(header));
}

JournalWriter::~JournalWriter() {
  if (fd_ >= 0) ::close(fd_);
}

void JournalWriter::append(const std::string& key, const LutValue& value) {
  nlohmann::ordered_json line;
  line["key"] = key;
  line["value"] = value_to_json(value);
  write_line(line.dump() + "\n");
}

// One write() per line: a kill leaves whole lines plus at most one torn last line.
void JournalWriter::write_line(const std::string& line) {
  std::size_t written = 0;
  while (written < line.size()) {
    const ssize_t n = ::write(fd_, line.data() + written, line.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error(path_ + ": cannot append to the journal: " + std::strerror(errno));
    }
    written += static_cast<std::size_t>(n);
  }
}

}  // namespace apq::lut
