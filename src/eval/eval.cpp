#include "mawqi/eval.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "mawqi/geo.hpp"

namespace mawqi::eval {
namespace {

constexpr double kMaxErrorKm = 20039;  // half the Earth's circumference (EUPEG, CamCoder)

double km(double lat1, double lon1, double lat2, double lon2) {
  return geo::inverse(lat1, lon1, lat2, lon2).distance_m / 1000.0;
}

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

std::string counts_line(const char* label, const Counts& c) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "%-4s P %.3f  R %.3f  F1 %.3f  (tp %zu, fp %zu, fn %zu)", label, c.precision(),
                c.recall(), c.f1(), c.tp, c.fp, c.fn);
  return buf;
}

}  // namespace

double tolerance_km(const std::string& kind, bool uncertain) {
  double t = 15;
  if (kind == "military_base" || kind == "airport" || kind == "facility" || kind == "neighbourhood")
    t = 10;
  else if (kind == "district")
    t = 50;
  else if (kind == "province")
    t = 100;
  else if (kind == "region")
    t = 150;
  else if (kind == "country")
    t = 800;
  return uncertain ? 2 * t : t;
}

double Report::accuracy_161() const {
  if (errors_km.empty()) return 0;
  return double(std::count_if(errors_km.begin(), errors_km.end(), [](double e) { return e < 161; })) /
         double(errors_km.size());
}

double Report::median_km() const {
  if (errors_km.empty()) return 0;
  std::vector<double> e = errors_km;
  std::sort(e.begin(), e.end());
  const std::size_t n = e.size();
  return n % 2 == 1 ? e[n / 2] : (e[n / 2 - 1] + e[n / 2]) / 2;
}

// Trapezoid rule with step 1 over the sorted log errors, normalised by n-1 (CamCoder, EUPEG).
double Report::auc() const {
  if (errors_km.empty()) return 0;
  std::vector<double> x;
  for (double e : errors_km) x.push_back(std::log1p(e) / std::log(kMaxErrorKm));
  if (x.size() == 1) return x[0];
  std::sort(x.begin(), x.end());
  double area = 0.5 * (x.front() + x.back());
  for (std::size_t i = 1; i + 1 < x.size(); ++i) area += x[i];
  return area / double(x.size() - 1);
}

void score(const GoldDocument& gold, const Prediction& predicted, const gazetteer::Gazetteer& gazetteer,
           Report& report) {
  Counts& by_lang = predicted.lang == "ar" ? report.toponyms_ar : report.toponyms_en;
  // Toponyms: one-to-one, greedy by the largest overlap.
  struct Pair {
    std::uint32_t overlap;
    std::size_t g, p;
  };
  std::vector<Pair> pairs;
  for (std::size_t g = 0; g < gold.toponyms.size(); ++g)
    for (std::size_t p = 0; p < predicted.mentions.size(); ++p) {
      const auto& gt = gold.toponyms[g];
      const auto& pm = predicted.mentions[p];
      const std::uint32_t lo = std::max(gt.start, pm.start), hi = std::min(gt.end, pm.end);
      if (hi > lo) pairs.push_back({hi - lo, g, p});
    }
  std::stable_sort(pairs.begin(), pairs.end(), [](const Pair& a, const Pair& b) { return a.overlap > b.overlap; });
  std::vector<int> gold_match(gold.toponyms.size(), -1), pred_match(predicted.mentions.size(), -1);
  for (const Pair& pr : pairs)
    if (gold_match[pr.g] < 0 && pred_match[pr.p] < 0) {
      gold_match[pr.g] = static_cast<int>(pr.p);
      pred_match[pr.p] = static_cast<int>(pr.g);
    }
  for (std::size_t g = 0; g < gold.toponyms.size(); ++g) {
    const GoldToponym& gt = gold.toponyms[g];
    if (gold_match[g] < 0) {
      ++by_lang.fn;
      ++report.toponyms_all.fn;
      report.misses.push_back(gold.id + "  missed    \"" + gt.text + "\" [" + std::to_string(gt.start) + "," +
                              std::to_string(gt.end) + ") " + gt.name);
      continue;
    }
    ++by_lang.tp;
    ++report.toponyms_all.tp;
    const io::MentionFeature& m = predicted.mentions[static_cast<std::size_t>(gold_match[g])];
    const gazetteer::PlaceView place = gazetteer.place(m.place);
    const double error = km(place.lat, place.lon, gt.lat, gt.lon);
    const double tolerance = tolerance_km(gt.kind, gt.lat_uncertain);
    report.errors_km.push_back(error);
    ++report.resolved_total;
    if (error <= tolerance)
      ++report.resolved_correct;
    else
      report.misses.push_back(gold.id + "  wrong     \"" + m.text + "\" -> " + std::string(place.name) + " (" +
                              std::string(place.id) + "), " + fmt("%.0f", error) + " km from " + gt.name +
                              " (tolerance " + fmt("%.0f", tolerance) + " km)");
  }
  for (std::size_t p = 0; p < predicted.mentions.size(); ++p)
    if (pred_match[p] < 0) {
      ++by_lang.fp;
      ++report.toponyms_all.fp;
      const io::MentionFeature& m = predicted.mentions[p];
      report.misses.push_back(gold.id + "  spurious  \"" + m.text + "\" [" + std::to_string(m.start) + "," +
                              std::to_string(m.end) + ") -> " + std::string(gazetteer.place(m.place).name));
    }

  // Events: same type, within 25 km (50 when uncertain), dates within a day when both are known.
  std::vector<bool> used(predicted.events.size(), false);
  for (const GoldEvent& ge : gold.events) {
    std::optional<std::size_t> best;
    double best_km = 1e9;
    for (std::size_t p = 0; p < predicted.events.size(); ++p) {
      if (used[p]) continue;
      const events::Event& e = predicted.events[p];
      if (events::to_string(e.type) != ge.type) continue;
      const double d = km(e.lat, e.lon, ge.lat, ge.lon);
      if (d > (ge.lat_uncertain ? 50 : 25)) continue;
      if (ge.date && e.date.valid() && std::llabs(ge.date->days() - e.date.days()) > 1) continue;
      if (d < best_km) {
        best_km = d;
        best = p;
      }
    }
    if (best) {
      used[*best] = true;
      ++report.events.tp;
    } else {
      ++report.events.fn;
      report.misses.push_back(gold.id + "  missed    event " + ge.type + "/" + ge.subtype + " at " + ge.place + " on " +
                              (ge.date ? ge.date->iso() : std::string("(no date)")));
    }
  }
  for (std::size_t p = 0; p < predicted.events.size(); ++p)
    if (!used[p]) {
      ++report.events.fp;
      const events::Event& e = predicted.events[p];
      report.misses.push_back(gold.id + "  spurious  event " + events::to_string(e.type) + "/" + e.sub_event_type +
                              " at " + std::string(gazetteer.place(e.place).name) + " on " +
                              (e.date.valid() ? e.date.iso() : std::string("(no date)")));
    }
}

void print(const Report& r, std::ostream& out) {
  out << "toponyms\n";
  out << "  " << counts_line("ar", r.toponyms_ar) << '\n';
  out << "  " << counts_line("en", r.toponyms_en) << '\n';
  out << "  " << counts_line("all", r.toponyms_all) << '\n';
  out << "resolution (" << r.resolved_total << " matched toponyms)\n";
  out << "  accuracy " << fmt("%.3f", r.resolution_accuracy()) << "  acc@161km " << fmt("%.3f", r.accuracy_161())
      << "  median " << fmt("%.1f", r.median_km()) << " km  AUC " << fmt("%.3f", r.auc()) << '\n';
  out << "events\n  " << counts_line("all", r.events) << '\n';
  out << "misses (" << r.misses.size() << ")\n";
  for (const auto& m : r.misses) out << "  " << m << '\n';
}

}  // namespace mawqi::eval
