#include <fstream>
#include <nlohmann/json.hpp>

#include "mawqi/error.hpp"
#include "mawqi/eval.hpp"

namespace mawqi::eval {
namespace {

// Optional fields may be absent or null (the corpus README: a `null` date or sub-type is a
// vague one).
std::string optional_text(const nlohmann::json& obj, const char* key) {
  const auto it = obj.find(key);
  return it == obj.end() || it->is_null() ? std::string() : it->get<std::string>();
}

bool optional_flag(const nlohmann::json& obj, const char* key) {
  const auto it = obj.find(key);
  return it != obj.end() && !it->is_null() && it->get<bool>();
}

// The event fields below name the field at fault in their errors ("events[2].count: …"), since
// a gold file holds many events and the library's own message does not say which.
struct EventFields {
  const std::string& path;
  const nlohmann::json& obj;
  std::string where;  // "events[2]" or "events[2].casualties"

  [[noreturn]] void fail(const char* key, const std::string& expected) const {
    throw InputError(path, where + "." + key,
                     "expected " + expected + " or null, not " + std::string(obj.at(key).type_name()));
  }

  std::string text(const char* key) const {
    const auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return {};
    if (!it->is_string()) fail(key, "a string");
    return it->get<std::string>();
  }

  // A count or a casualty figure: a whole number, never negative.
  std::optional<long> whole(const char* key) const {
    const auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return std::nullopt;
    if (it->is_number_unsigned()) return it->get<long>();
    if (it->is_number_integer() && it->get<long>() >= 0) return it->get<long>();
    fail(key, "a whole number (0 or more)");
  }

  std::optional<bool> flag(const char* key) const {
    const auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return std::nullopt;
    if (!it->is_boolean()) fail(key, "true, false");
    return it->get<bool>();
  }
};

void read_event_fields(const std::string& path, const nlohmann::json& e, std::size_t index, GoldEvent& g) {
  const EventFields f{path, e, "events[" + std::to_string(index) + "]"};
  if (const auto it = e.find("date"); it != e.end()) {
    g.date_stated = true;
    if (!it->is_null()) {
      if (!it->is_string()) f.fail("date", "a date YYYY-MM-DD");
      g.date = events::Date::parse_iso(it->get<std::string>());
      if (!g.date) throw InputError(path, f.where + ".date", "not a valid date '" + it->get<std::string>() + "'");
    }
  }
  g.count = f.whole("count");
  g.count_unit = f.text("count_unit");
  if (const auto it = e.find("casualties"); it != e.end() && !it->is_null()) {
    if (!it->is_object()) f.fail("casualties", "an object {killed, wounded}");
    const EventFields c{path, *it, f.where + ".casualties"};
    g.killed = c.whole("killed");
    g.wounded = c.whole("wounded");
  }
  g.damage = f.text("damage");
  g.from = f.text("from");
  // `to: null` says the text names nobody who received the base; an absent key says nothing.
  if (const auto it = e.find("to"); it != e.end()) g.to = f.text("to");
  g.actor = f.text("actor");
  g.target = f.text("target");
  g.primary = f.flag("primary");
}

}  // namespace

GoldDocument read_gold(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path, "", "cannot open gold file");
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw InputError(path, "", std::string("invalid JSON: ") + e.what());
  }
  GoldDocument gold;
  try {
    gold.id = doc.at("id").get<std::string>();
    for (const auto& t : doc.value("toponyms", nlohmann::json::array())) {
      GoldToponym g;
      g.start = t.at("start").get<std::uint32_t>();
      g.end = t.at("end").get<std::uint32_t>();
      g.text = optional_text(t, "text");
      g.name = optional_text(t, "name");
      g.kind = optional_text(t, "kind");
      g.lat = t.at("lat").get<double>();
      g.lon = t.at("lon").get<double>();
      g.lat_uncertain = optional_flag(t, "lat_uncertain");
      gold.toponyms.push_back(std::move(g));
    }
    std::size_t index = 0;
    for (const auto& e : doc.value("events", nlohmann::json::array())) {
      GoldEvent g;
      g.type = e.at("type").get<std::string>();
      g.subtype = optional_text(e, "subtype");
      g.place = optional_text(e, "place");
      g.lat = e.at("lat").get<double>();
      g.lon = e.at("lon").get<double>();
      g.lat_uncertain = optional_flag(e, "lat_uncertain");
      read_event_fields(path, e, index++, g);
      gold.events.push_back(std::move(g));
    }
  } catch (const nlohmann::json::exception& e) {
    throw InputError(path, "", std::string("unexpected gold format: ") + e.what());
  }
  return gold;
}

}  // namespace mawqi::eval
