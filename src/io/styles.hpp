#pragma once
#include <string>
#include <vector>

#include "mawqi/map_page.hpp"

namespace mawqi::io {

// The QGIS style (QML) of a layer: "incidents", "handovers", "mentions" or "basemap"; the event
// layers categorized by `symbols` (map/symbols.tsv; empty: every event in grey).
[[nodiscard]] std::string layer_style_qml(const std::string& layer, const std::vector<EventSymbol>& symbols);

// A layer of the QGIS project: its style's name (as above), its title in the layer tree, its
// data source relative to the project ("./incidents.geojson", "./mawqi.gpkg|layername=incidents")
// and geometry type.
struct ProjectLayer {
  std::string name, title, source, geometry, crs;  // crs: "EPSG:4326", a PROJ string, WKT
};
// A QGIS 3 project (.qgs) of these layers, the first on top, with relative paths; the map in
// `crs`.
[[nodiscard]] std::string qgis_project(const std::vector<ProjectLayer>& layers, const std::vector<EventSymbol>& symbols,
                                       const std::string& crs);

}  // namespace mawqi::io
