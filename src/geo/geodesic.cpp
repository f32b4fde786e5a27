#include <geodesic.h>

#include <cmath>

#include "mawqi/geo.hpp"

namespace mawqi::geo {
namespace {
const geod_geodesic& wgs84() {
  static const geod_geodesic g = [] {
    geod_geodesic init{};
    geod_init(&init, 6378137.0, 1 / 298.257223563);
    return init;
  }();
  return g;
}
}  // namespace

Inverse inverse(double lat1, double lon1, double lat2, double lon2) {
  Inverse r;
  double azi2 = 0;
  geod_inverse(&wgs84(), lat1, lon1, lat2, lon2, &r.distance_m, &r.azimuth_deg, &azi2);
  if (r.azimuth_deg < 0) r.azimuth_deg += 360;
  return r;
}

Point direct(double lat, double lon, double azimuth_deg, double distance_m) {
  Point p;
  double azi2 = 0;
  geod_direct(&wgs84(), lat, lon, azimuth_deg, distance_m, &p.lat, &p.lon, &azi2);
  return p;
}

double approx_km(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kDeg = 3.14159265358979323846 / 180;
  const double x = (lon2 - lon1) * kDeg * std::cos((lat1 + lat2) / 2 * kDeg);
  const double y = (lat2 - lat1) * kDeg;
  return 6371.0 * std::sqrt(x * x + y * y);
}

double bearing_difference(double a_deg, double b_deg) {
  double d = std::fmod(std::fabs(a_deg - b_deg), 360.0);
  return d > 180 ? 360 - d : d;
}

}  // namespace mawqi::geo
