#include "mawqi/eval.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <set>

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

// --- Actor comparison ------------------------------------------------------------------------
// The gold writes actors as an annotator would, with brackets ("US-led coalition (Australian
// forces)", "Iran (Quds Force)", "Kataib Hezbollah (claimed)"); ours come from the actor
// lexicons ("Australian forces (coalition)", "Iraqi security forces"). Two names are the same
// party when, after
//   1. dropping a bracketed note that says who claims or reports it ("(claimed)", "(per the
//      government)", "(claim reported by …)"): it is about the source, not the actor; other
//      brackets are kept as words of the name (the specific force, or its coalition);
//   2. case-folding ASCII and removing full stops and apostrophes inside words (U.S. = US);
//   3. splitting on everything else that is not a letter or digit (US-led = US led);
//   4. dropping words that say what kind of body it is, not whose (forces, troops, army,
//      military, armed, soldiers, personnel, fighters, units) and function words (the, a, an,
//      of, and, to, al);
// the words of one are all among the words of the other ("US forces" and "US forces
// (coalition)"; "convoy" and "supply convoy of the coalition"). A name left with no words
// matches only the same name. Not covered: synonyms ("American" for "US") and other scripts.

const std::set<std::string, std::less<>>& generic_words() {
  static const std::set<std::string, std::less<>> words = {
      "forces", "force", "troops", "army", "military", "armed", "soldiers", "personnel", "fighters",
      "units",  "the",   "a",      "an",   "of",       "and",   "to",       "al"};
  return words;
}

const std::set<std::string, std::less<>>& attribution_words() {
  static const std::set<std::string, std::less<>> words = {"claimed", "claim",     "claims",   "per",
                                                           "blamed",  "according", "reported", "said"};
  return words;
}

std::vector<std::string> raw_words(std::string_view s) {
  std::vector<std::string> out;
  std::string word;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '.' || c == '\'') continue;
    if (s.substr(i, 3) == "\xE2\x80\x99") {  // ’ (U+2019), the typographic apostrophe
      i += 2;
      continue;
    }
    if (c >= 0x80 || std::isalnum(c) != 0) {
      word += static_cast<char>(std::tolower(c));
    } else if (!word.empty()) {
      out.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) out.push_back(std::move(word));
  return out;
}

// The words that name the party (steps 1–4 above).
std::set<std::string> actor_words(std::string_view name) {
  std::string kept;
  std::size_t depth = 0, open = 0;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '(') {
      if (depth++ == 0) open = i;
    } else if (name[i] == ')' && depth > 0) {
      if (--depth == 0) {
        const std::string_view note = name.substr(open + 1, i - open - 1);
        bool attribution = false;
        for (const std::string& w : raw_words(note)) attribution = attribution || attribution_words().contains(w);
        if (!attribution) kept.append(" ").append(note).append(" ");
      }
    } else if (depth == 0) {
      kept += name[i];
    }
  }
  std::set<std::string> out;
  for (std::string& w : raw_words(kept))
    if (!generic_words().contains(w)) out.insert(std::move(w));
  return out;
}

// --- Field comparison -------------------------------------------------------------------------

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }
std::string number_or_null(const std::optional<long>& n) { return n ? std::to_string(*n) : std::string("null"); }

// Our sub-type names the gold's, with the gold's name for a handover.
std::string gold_subtype_of(const std::string& ours) { return ours == "base_handover" ? "base_transfer" : ours; }

std::string describe(const GoldEvent& g) {
  return g.type + "/" + (g.subtype.empty() ? std::string("?") : g.subtype) + " at " + g.place + " on " +
         (g.date ? g.date->iso() : std::string("(no date)"));
}

struct FieldScorer {
  const GoldEvent& gold;
  const events::Event& ours;
  const std::string& doc_id;
  Report& report;

  void add(Field f, bool correct, const std::string& gold_value, const std::string& our_value) const {
    FieldCounts& c = report.fields[static_cast<std::size_t>(f)];
    ++c.total;
    if (correct) {
      ++c.correct;
      return;
    }
    char name[16];
    std::snprintf(name, sizeof name, "%-8s", to_string(f));
    report.field_misses.push_back(doc_id + "  field     " + name + " gold " + gold_value + ", ours " + our_value +
                                  "  (" + describe(gold) + ")");
  }

  void number(Field f, const std::optional<long>& g, const std::optional<long>& o) const {
    if (g) add(f, o == g, std::to_string(*g), number_or_null(o));
  }

  void actor(Field f, const std::string& g, const std::string& o) const {
    if (!g.empty()) add(f, same_actor(g, o), quoted(g), o.empty() ? "null" : quoted(o));
  }

  void score() const {
    if (!gold.subtype.empty())
      add(Field::subtype, gold_subtype_of(ours.sub_event_type) == gold.subtype, gold.subtype,
          ours.sub_event_type.empty() ? "null" : ours.sub_event_type);
    if (gold.date_stated) {
      // Only a day-precision date of ours claims a day: a week or month is "vague" like a null.
      const bool our_day = ours.date.valid() && ours.date_precision == events::DatePrecision::day;
      const std::string our_date =
          ours.date.valid() ? ours.date.iso() + " (" + to_string(ours.date_precision) + ")" : std::string("null");
      add(Field::date, gold.date ? our_day && ours.date == *gold.date : !our_day,
          gold.date ? gold.date->iso() : "null (vague)", our_date);
    }
    number(Field::count, gold.count, ours.munitions_count);
    number(Field::killed, gold.killed, ours.fatalities);
    number(Field::wounded, gold.wounded, ours.injuries);
    actor(Field::from, gold.from, ours.actor_from);
    if (gold.to) {
      if (gold.to->empty())
        add(Field::to, ours.actor_to.empty(), "null (nobody named)",
            ours.actor_to.empty() ? "null" : quoted(ours.actor_to));
      else
        actor(Field::to, *gold.to, ours.actor_to);
    }
    actor(Field::actor, gold.actor, ours.actor1);
    // The gold's target is what or whom the attack aimed at: our target or our actor2.
    if (!gold.target.empty())
      add(Field::target, same_actor(gold.target, ours.target) || same_actor(gold.target, ours.actor2),
          quoted(gold.target),
          "target " + (ours.target.empty() ? std::string("null") : quoted(ours.target)) + " / actor2 " +
              (ours.actor2.empty() ? std::string("null") : quoted(ours.actor2)));
  }
};

}  // namespace

const char* to_string(Field f) {
  switch (f) {
    case Field::subtype: return "subtype";
    case Field::date: return "date";
    case Field::count: return "count";
    case Field::killed: return "killed";
    case Field::wounded: return "wounded";
    case Field::from: return "from";
    case Field::to: return "to";
    case Field::actor: return "actor";
    case Field::target: return "target";
  }
  return "?";
}

bool same_actor(std::string_view gold, std::string_view ours) {
  if (gold.empty() || ours.empty()) return false;
  const std::set<std::string> g = actor_words(gold), o = actor_words(ours);
  if (g.empty() || o.empty()) return raw_words(gold) == raw_words(ours);
  return std::includes(g.begin(), g.end(), o.begin(), o.end()) || std::includes(o.begin(), o.end(), g.begin(), g.end());
}

FieldCounts Report::fields_overall() const {
  FieldCounts sum;
  for (const FieldCounts& c : fields) {
    sum.correct += c.correct;
    sum.total += c.total;
  }
  return sum;
}

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
  Counts& events_by_lang = predicted.lang == "ar" ? report.events_ar : report.events_en;
  std::vector<bool> used(predicted.events.size(), false);
  for (const GoldEvent& ge : gold.events) {
    // Of the events that qualify, the one on the same day first, then the nearest: two attacks
    // on one base a day apart pair with their own days, not crosswise.
    std::optional<std::size_t> best;
    std::pair<long long, double> best_key{2, 1e9};
    for (std::size_t p = 0; p < predicted.events.size(); ++p) {
      if (used[p]) continue;
      const events::Event& e = predicted.events[p];
      if (events::to_string(e.type) != ge.type) continue;
      const double d = km(e.lat, e.lon, ge.lat, ge.lon);
      if (d > (ge.lat_uncertain ? 50 : 25)) continue;
      const bool both_dated = ge.date && e.date.valid();
      const long long gap = both_dated ? std::llabs(ge.date->days() - e.date.days()) : 1;
      if (gap > 1) continue;
      if (const std::pair<long long, double> key{gap, d}; key < best_key) {
        best_key = key;
        best = p;
      }
    }
    if (best) {
      used[*best] = true;
      ++report.events.tp;
      ++events_by_lang.tp;
      FieldScorer{ge, predicted.events[*best], gold.id, report}.score();
    } else {
      ++report.events.fn;
      ++events_by_lang.fn;
      report.misses.push_back(gold.id + "  missed    event " + ge.type + "/" + ge.subtype + " at " + ge.place + " on " +
                              (ge.date ? ge.date->iso() : std::string("(no date)")));
    }
  }
  for (std::size_t p = 0; p < predicted.events.size(); ++p)
    if (!used[p]) {
      ++report.events.fp;
      ++events_by_lang.fp;
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
  // `all` first here: the line scripts and tests read since events were scored in one line.
  out << "events\n  " << counts_line("all", r.events) << '\n';
  out << "  " << counts_line("ar", r.events_ar) << '\n';
  out << "  " << counts_line("en", r.events_en) << '\n';
  out << "fields (" << r.events.tp << " matched events)\n";
  auto field_line = [&](const char* label, const FieldCounts& c) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "  %-8s %3zu/%-3zu  %s\n", label, c.correct, c.total,
                  c.total == 0 ? "-" : fmt("%.3f", c.accuracy()).c_str());
    out << buf;
  };
  for (std::size_t f = 0; f < kFieldCount; ++f) field_line(to_string(static_cast<Field>(f)), r.fields[f]);
  field_line("all", r.fields_overall());
  out << "misses (" << r.misses.size() + r.field_misses.size() << ")\n";
  for (const auto& m : r.misses) out << "  " << m << '\n';
  for (const auto& m : r.field_misses) out << "  " << m << '\n';
}

}  // namespace mawqi::eval
