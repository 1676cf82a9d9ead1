#include "sweep/sweep_report.h"

#include <cstdio>
#include <filesystem>

#include "common/atomic_file.h"
#include "common/gnuplot_figure.h"

namespace apq::sweep {
namespace {

std::string num(const nlohmann::ordered_json& value) {
  if (value.is_null()) return "";
  char text[64];
  std::snprintf(text, sizeof text, "%.9g", value.get<double>());
  return text;
}

// A CSV cell: quoted when it holds a comma or a quote.
std::string text_cell(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string out = "\"";
  for (const char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string summary_csv(const SweepConfig& c, const std::vector<nlohmann::ordered_json>& results) {
  std::string csv =
      "variant,rows,cols,wbuf_kib,ibuf_kib,obuf_kib,interface_bits,clock_mhz,area_mm2,bound,latency_bound_ms,status,"
      "accuracy,lut_latency_ms,lut_energy_mj,sim_latency_ms,sim_energy_mj,reason\n";
  for (const nlohmann::ordered_json& r : results) {
    const nlohmann::ordered_json& p = r.at("params");
    const std::string head = text_cell(r.at("name").get<std::string>()) + "," + num(p.at("rows")) + "," +
                             num(p.at("cols")) + "," + num(p.at("wbuf_kib")) + "," + num(p.at("ibuf_kib")) + "," +
                             num(p.at("obuf_kib")) + "," + num(p.at("interface_bits")) + "," + num(p.at("clock_mhz")) +
                             "," + (r.contains("area_mm2") ? num(r.at("area_mm2").at("total")) : std::string()) + ",";
    for (std::size_t b = 0; b < c.latency_ms.size(); ++b) {
      csv += head + std::to_string(b + 1) + "," + num(c.latency_ms[b]) + ",";
      if (r.at("status") != "ok") {
        csv += r.at("status").get<std::string>() + ",,,,,," + text_cell(r.value("reason", "")) + "\n";
        continue;
      }
      const nlohmann::ordered_json& bound = r.at("bounds").at(b);
      const auto field = [&](const char* key) { return bound.contains(key) ? num(bound.at(key)) : std::string(); };
      csv += bound.at("status").get<std::string>() + "," + field("accuracy") + "," + field("lut_latency_ms") + "," +
             field("lut_energy_mj") + "," + field("sim_latency_ms") + "," + field("sim_energy_mj") + "," +
             text_cell(bound.value("reason", "")) + "\n";
    }
  }
  return csv;
}

// The best variant at each bound: highest predicted accuracy, then lower latency.
nlohmann::ordered_json best_per_bound(const SweepConfig& c, const std::vector<nlohmann::ordered_json>& results) {
  nlohmann::ordered_json best = nlohmann::ordered_json::array();
  for (std::size_t b = 0; b < c.latency_ms.size(); ++b) {
    const nlohmann::ordered_json* winner = nullptr;
    for (const nlohmann::ordered_json& r : results) {
      if (r.at("status") != "ok" || r.at("bounds").at(b).at("status") != "ok") continue;
      const nlohmann::ordered_json& x = r.at("bounds").at(b);
      if (!winner) {
        winner = &r;
        continue;
      }
      const nlohmann::ordered_json& y = winner->at("bounds").at(b);
      const double ax = x.at("accuracy").get<double>(), ay = y.at("accuracy").get<double>();
      if (ax > ay || (ax == ay && x.at("lut_latency_ms").get<double>() < y.at("lut_latency_ms").get<double>()))
        winner = &r;
    }
    nlohmann::ordered_json entry;
    entry["latency_bound_ms"] = c.latency_ms[b];
    if (winner) {
      entry["variant"] = winner->at("name");
      entry["area_mm2"] = winner->at("area_mm2").at("total");
      for (const char* key :
           {"accuracy", "lut_latency_ms", "lut_energy_mj", "sim_latency_ms", "sim_energy_mj", "config"})
        if (winner->at("bounds").at(b).contains(key)) entry[key] = winner->at("bounds").at(b).at(key);
    }
    best.push_back(entry);
  }
  return best;
}

std::string accuracy_script(const std::string& base_name, const std::vector<nlohmann::ordered_json>& results) {
  // Keys without the base name every variant's name starts with.
  std::string names, labels;
  for (const nlohmann::ordered_json& r : results) {
    if (r.at("status") != "ok") continue;
    const std::string name = r.at("name").get<std::string>();
    names += (names.empty() ? "" : " ") + name;
    labels += (labels.empty() ? "" : " ") + name.substr(base_name.size() + 1);
  }
  return gnuplot_preamble("accuracy_latency", "summary.csv") +
         "set title \"Best predicted accuracy vs latency (LUT) of each variant's winners\"\n"
         "set xlabel \"latency (ms)\"\nset ylabel \"predicted top-1 (%)\"\n"
         "set key outside right top font \",7\"\n"
         "variants = \"" +
         names +
         "\"\n"
         "labels = \"" +
         labels +
         "\"\n"
         "plot for [i=1:words(variants)] \"summary.csv\" skip 1 using "
         "(strcol(1) eq word(variants, i) && strcol(12) eq \"ok\" ? $14 : NaN):(100 * $13) with linespoints pt 7 "
         "title word(labels, i)\n";
}

std::string area_script(std::size_t bounds) {
  return gnuplot_preamble("area_latency", "summary.csv") +
         "set title \"Area vs latency (LUT) of the winners, a series per latency bound\"\n"
         "set xlabel \"area (mm²)\"\nset ylabel \"latency (ms)\"\nset key top right\n"
         "plot for [b=1:" +
         std::to_string(bounds) +
         "] \"summary.csv\" skip 1 using "
         "(column(10) == b && strcol(12) eq \"ok\" ? $9 : NaN):14 with points pt 7 ps 1.3 title sprintf(\"bound %d\", "
         "b)\n";
}

}  // namespace

std::string write_sweep_summary(const SweepRequest& request, const std::string& base_name,
                                const std::vector<nlohmann::ordered_json>& results) {
  const SweepConfig& c = request.config;
  const std::filesystem::path dir(request.out_dir);
  nlohmann::ordered_json summary;
  summary["config"] = sweep_config_json(c);
  summary["variants"] = results;
  summary["best_per_bound"] = best_per_bound(c, results);
  write_file_atomically((dir / "summary.json").string(), summary.dump(2) + "\n");
  const std::string csv = (dir / "summary.csv").string();
  write_file_atomically(csv, summary_csv(c, results));
  bool any = false;
  for (const nlohmann::ordered_json& r : results)
    if (r.at("status") == "ok")
      for (const nlohmann::ordered_json& b : r.at("bounds")) any = any || b.at("status") == "ok";
  if (any) {  // gnuplot refuses a plot with no point at all
    draw_gnuplot_figure(dir.string(), "accuracy_latency", accuracy_script(base_name, results));
    draw_gnuplot_figure(dir.string(), "area_latency", area_script(c.latency_ms.size()));
  }
  return csv;
}

}  // namespace apq::sweep
