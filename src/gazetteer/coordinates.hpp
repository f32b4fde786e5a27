#pragma once
// What every loader accepts as a point (GeoNames rows, GeoJSON features, places handed to
// Gazetteer::from_places, records of a compiled index): finite degrees on WGS 84.
#include <cmath>
#include <cstdio>
#include <string>

namespace mawqi::gazetteer {

inline constexpr const char* kLatitudeRange = "a number in [-90, 90]";
inline constexpr const char* kLongitudeRange = "a number in [-180, 180]";

// NaN fails every comparison, so it is out of range too.
[[nodiscard]] inline bool valid_latitude(double v) { return std::isfinite(v) && v >= -90 && v <= 90; }
[[nodiscard]] inline bool valid_longitude(double v) { return std::isfinite(v) && v >= -180 && v <= 180; }

// A coordinate as it reads in a message: 95, -180.5, nan, inf.
[[nodiscard]] inline std::string format_degrees(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

}  // namespace mawqi::gazetteer
