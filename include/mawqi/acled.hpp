#pragma once
// ACLED's columns and conventions for mawqi's events (--format ACLED): what each column holds
// is in README.md ("--format ACLED"); the codes and names are read from the tables of
// formats/acled (its README.md), not written here.
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include "mawqi/events.hpp"
#include "mawqi/gazetteer.hpp"

namespace mawqi::io {

class AcledConventions {
 public:
  // Reads DIR's tables; InputError naming the file, line and column of a bad row.
  static AcledConventions load(const std::string& dir);

  enum class Type { string, integer, real, date };
  struct Column {
    const char* name;
    Type type;
  };
  // ACLED's columns, in the order of its exports.
  [[nodiscard]] static const std::vector<Column>& columns();

  // A cell: null, text, a whole number or a real.
  using Value = std::variant<std::monostate, std::string, std::int64_t, double>;
  // The event as one ACLED row, a value per column in columns() order.
  [[nodiscard]] std::vector<Value> row(const events::Event& event, const gazetteer::Gazetteer& gazetteer) const;

 private:
  struct Country {
    std::string iso3, country, region;
    std::optional<std::int64_t> iso_numeric;
  };
  struct Kind {
    std::string disorder_type, event_type, sub_event_type;
  };
  struct Actor {
    int inter = 0;
    std::string state;  // ISO alpha-2 of the state whose forces these are; empty for others
    std::string name;   // ACLED's name ({country}: the event's); empty: the label itself
  };
  std::unordered_map<std::string, Country> m_countries;                  // by ISO alpha-2
  std::unordered_map<std::string, std::string> m_state_of_country_name;  // "Iran" → IR
  std::unordered_map<std::string, Kind> m_kinds;                         // by mawqi's sub_event_type
  std::unordered_map<std::string, Actor> m_actors;                       // by mawqi's label
  std::unordered_map<std::string, std::string> m_source_scales;          // by source or host

  struct CodedActor {
    std::string name;
    int inter = 0;
  };
  [[nodiscard]] CodedActor code_actor(const std::string& label, const std::string& event_country) const;
};

}  // namespace mawqi::io
