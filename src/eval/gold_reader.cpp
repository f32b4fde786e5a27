#include <fstream>
#include <nlohmann/json.hpp>

#include "mawqi/error.hpp"
#include "mawqi/eval.hpp"

namespace mawqi::eval {

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
      g.text = t.value("text", "");
      g.name = t.value("name", "");
      g.kind = t.value("kind", "");
      g.lat = t.at("lat").get<double>();
      g.lon = t.at("lon").get<double>();
      g.lat_uncertain = t.value("lat_uncertain", false);
      gold.toponyms.push_back(std::move(g));
    }
    for (const auto& e : doc.value("events", nlohmann::json::array())) {
      GoldEvent g;
      g.type = e.at("type").get<std::string>();
      g.subtype = e.value("subtype", "");
      g.place = e.value("place", "");
      g.lat = e.at("lat").get<double>();
      g.lon = e.at("lon").get<double>();
      g.lat_uncertain = e.value("lat_uncertain", false);
      if (e.contains("date") && e["date"].is_string()) g.date = events::Date::parse_iso(e["date"].get<std::string>());
      gold.events.push_back(std::move(g));
    }
  } catch (const nlohmann::json::exception& e) {
    throw InputError(path, "", std::string("unexpected gold format: ") + e.what());
  }
  return gold;
}

}  // namespace mawqi::eval
