#pragma once
// Geo module: geodesy on the WGS 84 ellipsoid through PROJ's geodesic routines.
namespace mawqi::geo {

struct Inverse {
  double distance_m = 0;
  double azimuth_deg = 0;  // forward azimuth at the first point, degrees clockwise from north
};

// Distance and bearing from (lat1, lon1) to (lat2, lon2) (PROJ geod_inverse).
[[nodiscard]] Inverse inverse(double lat1, double lon1, double lat2, double lon2);

struct Point {
  double lat = 0;
  double lon = 0;
};

// The point `distance_m` from (lat, lon) along `azimuth_deg` (PROJ geod_direct).
[[nodiscard]] Point direct(double lat, double lon, double azimuth_deg, double distance_m);

// Distance in km on a sphere by the equirectangular approximation: enough to tell whether two
// places are a few km or a few hundred km apart, far cheaper than `inverse`.
[[nodiscard]] double approx_km(double lat1, double lon1, double lat2, double lon2);

// Smallest angle between two bearings, 0–180.
[[nodiscard]] double bearing_difference(double a_deg, double b_deg);

}  // namespace mawqi::geo
