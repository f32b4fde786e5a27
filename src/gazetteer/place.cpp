#include <array>
#include <string_view>
#include <utility>

#include "mawqi/place.hpp"

namespace mawqi {
namespace {
constexpr std::array<std::pair<PlaceKind, const char*>, 13> kKindNames{{
    {PlaceKind::country, "country"},
    {PlaceKind::province, "province"},
    {PlaceKind::district, "district"},
    {PlaceKind::city, "city"},
    {PlaceKind::town, "town"},
    {PlaceKind::village, "village"},
    {PlaceKind::neighbourhood, "neighbourhood"},
    {PlaceKind::military_base, "military_base"},
    {PlaceKind::airport, "airport"},
    {PlaceKind::facility, "facility"},
    {PlaceKind::region, "region"},
    {PlaceKind::landmark, "landmark"},
    {PlaceKind::unknown, "unknown"},
}};
}  // namespace

const char* to_string(PlaceKind kind) {
  for (const auto& [k, name] : kKindNames)
    if (k == kind) return name;
  return "unknown";
}

std::optional<PlaceKind> place_kind_from_string(std::string_view text) {
  for (const auto& [k, name] : kKindNames)
    if (text == name) return k;
  return std::nullopt;
}

bool is_prominent(PlaceKind kind, bool capital) {
  return capital || kind == PlaceKind::country || kind == PlaceKind::province || kind == PlaceKind::region;
}

}  // namespace mawqi
