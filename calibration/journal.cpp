#include "calibration/journal.h"

#include <map>

#include <nlohmann/json.hpp>

#include "common/errors.h"
#include "common/json_lines.h"

namespace apq::calibration {

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

Lut read_journal(const std::string& path, const JournalHeader& expected) {
  Lut entries;
  bool header_seen = false;
  const std::size_t length = read_json_lines(path, LastLine::MayBeTorn, [&](const nlohmann::json& doc, const std::string& where) {
    if (!header_seen) {
      if (!doc.is_object() || !doc.contains("apq_lut_journal"))
        throw InputError(where + ": not an apq LUT journal header");
      const std::string difference = header_difference(doc, expected);
      if (!difference.empty())
        throw InputError(path + ": journal was made for another build: " + difference +
                         "; delete it or build without --resume");
      header_seen = true;
      return;
    }
    if (!doc.is_object() || !doc.contains("key") || !doc.contains("value") || !doc.at("key").is_string())
      throw InputError(where + ": expected {\"key\": ..., \"value\": ...}");
    const std::string key = doc.at("key").get<std::string>();
    check_lut_key(key, where);
    entries[key] = value_from_json(doc.at("value"), where + ": [\"" + key + "\"]");
  });
  if (!header_seen) return {};  // no complete header: start afresh
  cut_torn_line(path, length);
  return entries;
}

JournalWriter::JournalWriter(const std::string& path, const JournalHeader& header, bool fresh)
    : lines_(path, fresh) {
  if (fresh) lines_.append(header_json(header));
}

void JournalWriter::append(const std::string& key, const LutValue& value) {
  nlohmann::ordered_json line;
  line["key"] = key;
  line["value"] = value_to_json(value);
  lines_.append(line);
}

}  // namespace apq::calibration
