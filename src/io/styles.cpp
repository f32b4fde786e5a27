// QGIS styles for the three layers (QML, QGIS 3): incidents red and sized by munitions_count,
// handovers a blue star, mentions small and grey.
#include "styles.hpp"

#include <string>

namespace mawqi::io {
namespace {

std::string marker(const char* shape, const char* fill, const char* outline, const char* size,
                   const std::string& size_expression) {
  std::string ddp = R"(<Option type="Map"><Option type="QString" name="name" value=""/><Option name="properties")";
  if (size_expression.empty()) {
    ddp += "/>";
  } else {
    ddp += R"( type="Map"><Option type="Map" name="size"><Option type="bool" name="active" value="true"/>)"
           R"(<Option type="QString" name="expression" value=")" +
           size_expression + R"("/><Option type="int" name="type" value="3"/></Option></Option>)";
  }
  ddp += R"(<Option type="QString" name="type" value="collection"/></Option>)";
  return std::string(R"(<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.0" styleCategories="Symbology|Labeling|Temporal">
  <renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" forceraster="0" referencescale="-1">
    <symbols>
      <symbol type="marker" name="0" alpha="1" clip_to_extent="1" force_rhr="0" is_animated="0" frame_rate="10">
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map">
            <Option type="QString" name="name" value=")") +
         shape + R"("/>
            <Option type="QString" name="color" value=")" +
         fill + R"("/>
            <Option type="QString" name="outline_color" value=")" +
         outline + R"("/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.3"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="size" value=")" +
         size + R"("/>
            <Option type="QString" name="size_unit" value="MM"/>
          </Option>
          <data_defined_properties>)" +
         ddp + R"(</data_defined_properties>
        </layer>
      </symbol>
    </symbols>
  </renderer-v2>
)";
}

// event_date drives QGIS's temporal controller: each event shows on its day.
const char* kTemporal =
    R"(  <temporal enabled="1" mode="1" startField="event_date" endField="" durationField="" durationUnit="min" fixedDuration="1440" accumulate="0" limitMode="0" endExpression="" startExpression=""/>
)";

}  // namespace

std::string layer_style_qml(const std::string& layer) {
  if (layer == "incidents")
    return marker("circle", "215,25,28,230", "120,0,0,255", "3",
                  "coalesce(scale_linear(&quot;munitions_count&quot;, 1, 20, 3, 9), 3)") +
           kTemporal + "</qgis>\n";
  if (layer == "handovers") return marker("star", "33,102,172,255", "8,48,107,255", "5", "") + kTemporal + "</qgis>\n";
  return marker("circle", "150,150,150,160", "110,110,110,160", "1.6", "") + "</qgis>\n";
}

}  // namespace mawqi::io
