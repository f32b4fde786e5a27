#pragma once
#include <string>

namespace mawqi::io {
// The QGIS style (QML) of a layer: "incidents", "handovers" or "mentions".
[[nodiscard]] std::string layer_style_qml(const std::string& layer);
}  // namespace mawqi::io
