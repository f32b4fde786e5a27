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
    for (const auto& e : doc.value("events", nlohmann::json::array())) {
      GoldEvent g;
      g.type = e.at("type").get<std::string>();
      g.subtype = optional_text(e, "subtype");
      g.place = optional_text(e, "place");
      g.lat = e.at("lat").get<double>();
      g.lon = e.at("lon").get<double>();
      g.lat_uncertain = optional_flag(e, "lat_uncertain");
      if (e.contains("date") && e["date"].is_string()) g.date = events::Date::parse_iso(e["date"].get<std::string>());
      gold.events.push_back(std::move(g));
    }
  } catch (const nlohmann::json::exception& e) {
    throw InputError(path, "", std::string("unexpected gold format: ") + e.what());
  }
  return gold;
}

}  // namespace mawqi::eval
