#pragma once
// Evaluation against gold annotations (../shared/corpus/README.md): toponym P/R/F1 per
// language, resolution accuracy by kind tolerance, Acc@161, median error and AUC (Gritta et
// al.), event P/R/F1 per language, and the accuracy of the event fields on matched events.
// Pure scoring: reading the gold is io's job.
#include <array>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
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

// An event of the gold. Optional fields that are null or absent are "not stated" (empty or
// nullopt) and are not scored, with two exceptions the corpus README gives a meaning to:
// `date: null` (the text gives only a month or a vague time) and `to: null` (the text says only
// who left). Every gold file writes both keys on every event that has them, so a null there can
// be told apart from an absent key.
struct GoldEvent {
  std::string type;
  std::string subtype;  // base_transfer, rocket_attack …; empty: not stated
  std::string place;
  double lat = 0, lon = 0;
  bool lat_uncertain = false;
  std::optional<events::Date> date;  // the day it happened; nullopt when null or absent
  bool date_stated = false;          // the key is there: with no date, the day is vague
  std::optional<long> count;         // projectiles stated
  std::string count_unit;            // rockets, missiles, shells, drones, ieds
  std::optional<long> killed, wounded;
  std::string damage;             // free text in the gold ("material only"): read, not scored
  std::string from;               // handovers: who handed over or left
  std::optional<std::string> to;  // handovers: who received; "" = null, nobody named
  std::string actor, target;      // incidents: who attacked or claimed it, what was aimed at
  std::optional<bool> primary;    // the event the article is about
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

// The event fields scored on matched events, in the order they are printed.
enum class Field : std::uint8_t { subtype, date, count, killed, wounded, from, to, actor, target };
inline constexpr std::size_t kFieldCount = 9;
[[nodiscard]] const char* to_string(Field f);

struct FieldCounts {
  std::size_t correct = 0, total = 0;
  [[nodiscard]] double accuracy() const { return total == 0 ? 0 : double(correct) / double(total); }
};

struct Report {
  Counts toponyms_ar, toponyms_en, toponyms_all;
  std::size_t resolved_correct = 0, resolved_total = 0;
  std::vector<double> errors_km;  // one per matched toponym
  Counts events;                  // all languages
  Counts events_ar, events_en;
  std::array<FieldCounts, kFieldCount> fields{};  // indexed by Field
  std::vector<std::string> misses;                // one line each
  std::vector<std::string> field_misses;          // one line each, printed after `misses`

  [[nodiscard]] double resolution_accuracy() const {
    return resolved_total == 0 ? 0 : double(resolved_correct) / double(resolved_total);
  }
  [[nodiscard]] double accuracy_161() const;
  [[nodiscard]] double median_km() const;
  [[nodiscard]] double auc() const;  // of the log error curve; 0 is perfect
  [[nodiscard]] const FieldCounts& field(Field f) const { return fields[static_cast<std::size_t>(f)]; }
  [[nodiscard]] FieldCounts fields_overall() const;  // sum of correct over sum of total
};

// Tolerance in km for a gold kind (doubled when the gold point is uncertain).
[[nodiscard]] double tolerance_km(const std::string& kind, bool uncertain);

// Whether a gold actor (or target) and ours name the same party: see eval.cpp.
[[nodiscard]] bool same_actor(std::string_view gold, std::string_view ours);

// Adds one article's comparison to the report.
void score(const GoldDocument& gold, const Prediction& predicted, const gazetteer::Gazetteer& gazetteer,
           Report& report);

void print(const Report& report, std::ostream& out);

}  // namespace mawqi::eval

namespace mawqi::eval {
// Reads gold/NNN.json (corpus README format); throws InputError naming the file and field.
[[nodiscard]] GoldDocument read_gold(const std::string& path);
}  // namespace mawqi::eval
