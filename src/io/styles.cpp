// QGIS styles (QML, QGIS 3) for the three layers and the base map, and the QGIS project that
// opens them. Incidents and handovers are categorized by sub_event_type with the colours and
// shapes of map/symbols.tsv (the page's), inside a point displacement renderer so that events
// stacked at one site are drawn around it; labels give place and date; event_date drives the
// temporal controller. Mentions are small grey dots.
#include "styles.hpp"

#include <string>

namespace mawqi::io {
namespace {

std::string xml_escaped(std::string_view text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

// "#e41a1c" → "228,26,28,255", as QGIS writes colours.
std::string qgis_colour(const std::string& hex, int alpha = 255) {
  if (hex.size() != 7) return "128,128,128," + std::to_string(alpha);
  const auto byte = [&](std::size_t at) { return std::to_string(std::stoi(hex.substr(at, 2), nullptr, 16)); };
  return byte(1) + "," + byte(3) + "," + byte(5) + "," + std::to_string(alpha);
}

std::string option(const char* name, const std::string& value) {
  return R"(<Option type="QString" name=")" + std::string(name) + R"(" value=")" + xml_escaped(value) + R"("/>)";
}

// A marker symbol of one SimpleMarker layer; `size_expression` data-defines its size.
std::string marker(const std::string& symbol_name, const std::string& shape, const std::string& fill,
                   const std::string& outline, const std::string& size, const std::string& size_expression) {
  std::string ddp = R"(<Option type="Map"><Option type="QString" name="name" value=""/><Option name="properties")";
  if (size_expression.empty()) {
    ddp += "/>";
  } else {
    ddp += R"( type="Map"><Option type="Map" name="size"><Option type="bool" name="active" value="true"/>)" +
           option("expression", size_expression) + R"(<Option type="int" name="type" value="3"/></Option></Option>)";
  }
  ddp += R"(<Option type="QString" name="type" value="collection"/></Option>)";
  return R"(<symbol type="marker" name=")" + xml_escaped(symbol_name) +
         R"(" alpha="1" clip_to_extent="1" force_rhr="0"><layer class="SimpleMarker" enabled="1" pass="0" locked="0"><Option type="Map">)" +
         option("name", shape) + option("color", fill) + option("outline_color", outline) +
         option("outline_style", "solid") + option("outline_width", "0.3") + option("outline_width_unit", "MM") +
         option("size", size) + option("size_unit", "MM") + "</Option><data_defined_properties>" + ddp +
         "</data_defined_properties></layer></symbol>";
}

std::string fill(const std::string& symbol_name, const std::string& colour, const std::string& outline,
                 const std::string& outline_width, const std::string& style, const std::string& line_style) {
  return R"(<symbol type="fill" name=")" + symbol_name +
         R"(" alpha="1" clip_to_extent="1" force_rhr="0"><layer class="SimpleFill" enabled="1" pass="0" locked="0"><Option type="Map">)" +
         option("color", colour) + option("style", style) + option("outline_color", outline) +
         option("outline_style", line_style) + option("outline_width", outline_width) +
         option("outline_width_unit", "MM") + "</Option></layer></symbol>";
}

// Incidents or handovers: a category per sub-event type of map/symbols.tsv (those of the other
// layer left out), then every other value in grey; stacked points displaced around their site.
std::string event_renderer(bool handovers, const std::vector<EventSymbol>& symbols) {
  const std::string size = handovers ? "4.5" : "3.2";
  const std::string size_expression =
      handovers ? "" : "coalesce(scale_linear(\"munitions_count\", 1, 20, 3.2, 8), 3.2)";
  std::string categories, symbol_list;
  int n = 0;
  for (const EventSymbol& s : symbols) {
    if ((s.shape == "diamond") != handovers) continue;
    const std::string index = std::to_string(n++);
    categories += R"(<category render="true" type="string" symbol=")" + index + R"(" value=")" +
                  xml_escaped(s.sub_event_type) + R"(" label=")" + xml_escaped(s.label_en + " · " + s.label_ar) +
                  R"("/>)";
    symbol_list += marker(index, s.shape, qgis_colour(s.colour), "35,35,35,255", size, size_expression);
  }
  const std::string other = std::to_string(n);
  categories += R"(<category render="true" type="string" symbol=")" + other + R"(" value="" label="Other · أخرى"/>)";
  symbol_list +=
      marker(other, handovers ? "diamond" : "circle", "150,150,150,255", "35,35,35,255", size, size_expression);
  return R"(<renderer-v2 type="pointDisplacement" tolerance="2.5" toleranceUnit="MM" toleranceUnitScale="3x:0,0,0,0,0,0" placement="0" circleWidth="0.3" circleColor="90,90,90,255" circleRadiusAddition="0" labelAttributeName="" labelColor="0,0,0,255" maxLabelScaleDenominator="-1" enableorderby="0" forceraster="0">)"
         R"(<renderer-v2 type="categorizedSymbol" attr="sub_event_type" symbollevels="0" enableorderby="0" forceraster="0" referencescale="-1"><categories>)" +
         categories + "</categories><symbols>" + symbol_list + "</symbols><source-symbol>" +
         marker("0", "circle", "150,150,150,255", "35,35,35,255", size, "") + "</source-symbol></renderer-v2>" +
         marker("centerSymbol", "circle", "255,255,255,255", "90,90,90,255", "1.2", "") + "</renderer-v2>";
}

// Place and date beside each event, from about 1:8,000,000 in (a country's size on screen).
std::string event_labels() {
  const std::string expression = R"("place_name" || coalesce(', ' || to_string("event_date"), ''))";
  return R"(<labeling type="simple"><settings calloutType="simple"><text-style fieldName=")" + xml_escaped(expression) +
         R"(" isExpression="1" fontSize="8" fontSizeUnit="Point" textColor="35,35,35,255" textOpacity="1" allowHtml="0" multilineHeight="1">)"
         R"(<text-buffer bufferDraw="1" bufferSize="0.7" bufferSizeUnits="MM" bufferColor="255,255,255,255" bufferOpacity="0.85" bufferNoFill="1" bufferJoinStyle="128"/>)"
         R"(</text-style><placement placement="6" dist="1.5" distUnits="MM" priority="5"/>)"
         R"(<rendering scaleVisibility="1" scaleMin="1" scaleMax="8000000" obstacle="1" drawLabels="1" displayAll="0"/>)"
         R"(</settings></labeling>)";
}

// event_date drives QGIS's temporal controller: each event shows on its day.
const char* kTemporal =
    R"(<temporal enabled="1" mode="1" startField="event_date" endField="" durationField="" durationUnit="min" fixedDuration="1440" accumulate="0" limitMode="0" endExpression="" startExpression=""/>)";

// What a layer's QML and its <maplayer> in the project hold: renderer, labels, time.
std::string style_body(const std::string& layer, const std::vector<EventSymbol>& symbols) {
  if (layer == "incidents" || layer == "handovers")
    return event_renderer(layer == "handovers", symbols) + event_labels() + kTemporal;
  if (layer == "basemap")
    return R"(<renderer-v2 type="categorizedSymbol" attr="level" symbollevels="0" enableorderby="0" forceraster="0" referencescale="-1"><categories>)"
           R"(<category render="true" type="integer" symbol="0" value="0" label="Countries · الدول"/>)"
           R"(<category render="true" type="integer" symbol="1" value="1" label="Provinces · المحافظات"/></categories><symbols>)" +
           fill("0", "247,245,239,255", "123,135,148,255", "0.3", "solid", "solid") +
           fill("1", "0,0,0,0", "169,177,186,255", "0.2", "no", "dash") + "</symbols></renderer-v2>";
  return "<renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\" "
         "referencescale=\"-1\"><symbols>" +
         marker("0", "circle", "150,150,150,160", "110,110,110,160", "1.6", "") + "</symbols></renderer-v2>";
}

bool labelled(const std::string& layer) { return layer == "incidents" || layer == "handovers"; }

}  // namespace

std::string layer_style_qml(const std::string& layer, const std::vector<EventSymbol>& symbols) {
  return std::string(
             "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n<qgis version=\"3.22.0\" "
             "styleCategories=\"Symbology|Labeling|Temporal\" labelsEnabled=\"") +
         (labelled(layer) ? "1" : "0") + "\">\n" + style_body(layer, symbols) + "\n</qgis>\n";
}

// A CRS as QGIS reads it back: an authority code ("EPSG:3857") as authid, anything else (a PROJ
// string, WKT) as the definition.
std::string spatialrefsys(const std::string& crs) {
  const bool code = !crs.empty() && crs.front() != '+' && crs.find(':') != std::string::npos &&
                    crs.find_first_of(" [") == std::string::npos;
  return "<spatialrefsys nativeFormat=\"Wkt\">" +
         (code ? "<authid>" + xml_escaped(crs) + "</authid>" : "<proj4>" + xml_escaped(crs) + "</proj4>") +
         "</spatialrefsys>";
}

std::string qgis_project(const std::vector<ProjectLayer>& layers, const std::vector<EventSymbol>& symbols,
                         const std::string& crs) {
  std::string tree, maps, order;
  for (const ProjectLayer& l : layers) {  // the first is drawn on top
    const std::string id = "mawqi_" + l.name;
    tree += R"(<layer-tree-layer id=")" + id + R"(" name=")" + xml_escaped(l.title) + R"(" source=")" +
            xml_escaped(l.source) +
            R"(" providerKey="ogr" checked="Qt::Checked" expanded="1"><customproperties/></layer-tree-layer>)" + "\n";
    maps += R"(<maplayer type="vector" geometry=")" + l.geometry + R"(" autoRefreshEnabled="0" labelsEnabled=")" +
            (labelled(l.name) ? "1" : "0") + R"(" styleCategories="AllStyleCategories"><id>)" + id +
            "</id><datasource>" + xml_escaped(l.source) + "</datasource><layername>" + xml_escaped(l.title) +
            "</layername><srs>" + spatialrefsys(l.crs) + R"(</srs><provider encoding="UTF-8">ogr</provider>)" +
            style_body(l.name, symbols) + "</maplayer>\n";
    order += R"(<layer id=")" + id + R"("/>)";
  }
  // QGIS 3.22 reads <projectCrs> only with SpatialRefSys/ProjectionsEnabled set.
  return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
         R"(<qgis projectname="mawqi" version="3.22.0"><title>mawqi</title>)"
         "\n<projectCrs>" +
         spatialrefsys(crs) + "</projectCrs>\n<layer-tree-group><customproperties/>\n" + tree +
         "</layer-tree-group>\n<projectlayers>\n" + maps + "</projectlayers>\n<layerorder>" + order +
         "</layerorder>\n"
         R"(<properties><Paths><Absolute type="bool">false</Absolute></Paths><SpatialRefSys>)"
         R"(<ProjectionsEnabled type="int">1</ProjectionsEnabled><ProjectCrs type="QString">)" +
         xml_escaped(crs) + "</ProjectCrs></SpatialRefSys></properties>\n</qgis>\n";
}

}  // namespace mawqi::io
