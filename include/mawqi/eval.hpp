#pragma once
// Evaluation against gold annotations (../shared/corpus/README.md): toponym P/R/F1 per
// language, resolution accuracy by kind tolerance, Acc@161, median error and AUC (Gritta et
// al.), and event P/R/F1. Pure scoring: reading the gold is io's job.
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "mawqi/events.hpp"
#include "mawqi/gazetteer.hpp"
#include "mawqi/io.hpp"

namespace mawqi::eval {

struct GoldToponym {
  std::uint32_t start = 0, end = 0;
  std::string text, name, kind;
  double lat = 0, lon = 0;
  bool lat_uncertain = false;
};

struct GoldEvent {
  std::string type, subtype, place;
  double lat = 0, lon = 0;
  bool lat_uncertain = false;
  std::optional<events::Date> date;
};

struct GoldDocument {
  std::string id;
  std::vector<GoldToponym> toponyms;
  std::vector<GoldEvent> events;
};

struct Prediction {
  std::string id, lang;
  std::vector<io::MentionFeature> mentions;
  std::vector<events::Event> events;  // de-duplicated within the article
};

struct Counts {
  std::size_t tp = 0, fp = 0, fn = 0;
  [[nodiscard]] double precision() const { return tp + fp == 0 ? 0 : double(tp) / double(tp + fp); }
  [[nodiscard]] double recall() const { return tp + fn == 0 ? 0 : double(tp) / double(tp + fn); }
  [[nodiscard]] double f1() const {
    const double p = precision(), r = recall();
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }
};

struct Report {
  Counts toponyms_ar, toponyms_en, toponyms_all;
  std::size_t resolved_correct = 0, resolved_total = 0;
  std::vector<double> errors_km;  // one per matched toponym
  Counts events;
  std::vector<std::string> misses;  // one line each

  [[nodiscard]] double resolution_accuracy() const {
    return resolved_total == 0 ? 0 : double(resolved_correct) / double(resolved_total);
  }
  [[nodiscard]] double accuracy_161() const;
  [[nodiscard]] double median_km() const;
  [[nodiscard]] double auc() const;  // of the log error curve; 0 is perfect
};

// Tolerance in km for a gold kind (doubled when the gold point is uncertain).
[[nodiscard]] double tolerance_km(const std::string& kind, bool uncertain);

// Adds one article's comparison to the report.
void score(const GoldDocument& gold, const Prediction& predicted, const gazetteer::Gazetteer& gazetteer,
           Report& report);

void print(const Report& report, std::ostream& out);

}  // namespace mawqi::eval

namespace mawqi::eval {
// Reads gold/NNN.json (corpus README format); throws InputError naming the file and field.
[[nodiscard]] GoldDocument read_gold(const std::string& path);
}  // namespace mawqi::eval
