// Layers through GDAL/OGR. Written into a private directory beside the destination, then
// renamed into place file by file, so a GIS never reads a half-written layer.
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>

#include "mawqi/error.hpp"
#include "mawqi/io.hpp"

namespace mawqi::io {
namespace fs = std::filesystem;

namespace {

void register_gdal() {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
}

struct DatasetCloser {
  void operator()(void* ds) const {
    if (ds != nullptr) GDALClose(ds);
  }
};
using Dataset = std::unique_ptr<void, DatasetCloser>;

struct SrsReleaser {
  void operator()(OGRSpatialReferenceH srs) const { OSRDestroySpatialReference(srs); }
};

std::string gdal_error() {
  const char* msg = CPLGetLastErrorMsg();
  return msg != nullptr && *msg != '\0' ? msg : "unknown GDAL error";
}

enum class FieldType { string, integer, real, date, string_list };

struct Field {
  const char* name;
  FieldType type;
};

OGRFieldType ogr_type(FieldType t) {
  switch (t) {
    case FieldType::string: return OFTString;
    case FieldType::integer: return OFTInteger;
    case FieldType::real: return OFTReal;
    case FieldType::date: return OFTDate;
    case FieldType::string_list: return OFTStringList;
  }
  return OFTString;
}

const std::vector<Field> kMentionFields = {
    {"doc_id", FieldType::string},  {"start", FieldType::integer},   {"end", FieldType::integer},
    {"text", FieldType::string},    {"place_id", FieldType::string}, {"name", FieldType::string},
    {"name_ar", FieldType::string}, {"kind", FieldType::string},     {"country", FieldType::string},
    {"admin1", FieldType::string},  {"confidence", FieldType::real}, {"precision_m", FieldType::integer},
    {"relation", FieldType::string}};

const std::vector<Field> kEventFields = {
    {"event_id", FieldType::string},         {"event_type", FieldType::string},
    {"sub_event_type", FieldType::string},   {"event_date", FieldType::date},
    {"date_precision", FieldType::string},   {"place_id", FieldType::string},
    {"place_name", FieldType::string},       {"place_name_ar", FieldType::string},
    {"admin1", FieldType::string},           {"country", FieldType::string},
    {"geo_precision", FieldType::integer},   {"precision_m", FieldType::integer},
    {"location_note", FieldType::string},    {"weapon", FieldType::string},
    {"munitions_count", FieldType::integer}, {"fatalities", FieldType::integer},
    {"injuries", FieldType::integer},        {"damage", FieldType::string},
    {"actor_from", FieldType::string},       {"actor_to", FieldType::string},
    {"target", FieldType::string},           {"source_ids", FieldType::string_list},
    {"source_urls", FieldType::string_list}, {"evidence", FieldType::string},
    {"language", FieldType::string},         {"confidence", FieldType::real}};

class FeatureBuilder {
 public:
  explicit FeatureBuilder(OGRLayerH layer) : m_layer(layer), m_feature(OGR_F_Create(OGR_L_GetLayerDefn(layer))) {}
  ~FeatureBuilder() { OGR_F_Destroy(m_feature); }
  FeatureBuilder(const FeatureBuilder&) = delete;
  FeatureBuilder& operator=(const FeatureBuilder&) = delete;

  void set(const char* name, std::string_view value) {
    if (!value.empty()) OGR_F_SetFieldString(m_feature, index(name), std::string(value).c_str());
  }
  void set(const char* name, std::int64_t value) { OGR_F_SetFieldInteger64(m_feature, index(name), value); }
  void set(const char* name, const std::optional<long>& value) {
    if (value) OGR_F_SetFieldInteger64(m_feature, index(name), *value);
  }
  void set_real(const char* name, double value) { OGR_F_SetFieldDouble(m_feature, index(name), value); }
  void set_date(const char* name, const events::Date& d) {
    if (d.valid()) OGR_F_SetFieldDateTime(m_feature, index(name), d.year, d.month, d.day, 0, 0, 0, 0);
  }
  void set_list(const char* name, const std::vector<std::string>& values) {
    std::vector<const char*> ptrs;
    for (const auto& v : values) ptrs.push_back(v.c_str());
    ptrs.push_back(nullptr);
    OGR_F_SetFieldStringList(m_feature, index(name), const_cast<char**>(ptrs.data()));
  }
  void write(double lat, double lon, const std::string& layer_name) {
    OGRGeometryH point = OGR_G_CreateGeometry(wkbPoint);
    OGR_G_SetPoint_2D(point, 0, lon, lat);
    OGR_F_SetGeometryDirectly(m_feature, point);
    if (OGR_L_CreateFeature(m_layer, m_feature) != OGRERR_NONE)
      throw Error("cannot write a feature to layer " + layer_name + ": " + gdal_error());
  }

 private:
  int index(const char* name) const { return OGR_F_GetFieldIndex(m_feature, name); }
  OGRLayerH m_layer;
  OGRFeatureH m_feature;
};

OGRLayerH create_layer(GDALDatasetH ds, const std::string& name, const std::vector<Field>& fields,
                       OGRSpatialReferenceH wgs84) {
  const char* options[] = {"RFC7946=YES", "COORDINATE_PRECISION=6", "WRITE_NAME=YES", nullptr};
  OGRLayerH layer = GDALDatasetCreateLayer(ds, name.c_str(), wgs84, wkbPoint, const_cast<char**>(options));
  if (layer == nullptr) throw Error("cannot create layer " + name + ": " + gdal_error());
  for (const Field& f : fields) {
    OGRFieldDefnH defn = OGR_Fld_Create(f.name, ogr_type(f.type));
    const OGRErr err = OGR_L_CreateField(layer, defn, TRUE);
    OGR_Fld_Destroy(defn);
    if (err != OGRERR_NONE) throw Error("cannot create field " + std::string(f.name) + ": " + gdal_error());
  }
  return layer;
}

void write_event_layer(const fs::path& path, const std::string& name, const std::vector<events::Event>& events,
                       const gazetteer::Gazetteer& gazetteer, OGRSpatialReferenceH wgs84) {
  GDALDriverH driver = GDALGetDriverByName("GeoJSON");
  if (driver == nullptr) throw Error("GDAL has no GeoJSON driver");
  Dataset ds(GDALCreate(driver, path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!ds) throw Error(path.string() + ": cannot create: " + gdal_error());
  OGRLayerH layer = create_layer(ds.get(), name, kEventFields, wgs84);
  for (const events::Event& e : events) {
    const gazetteer::PlaceView p = gazetteer.place(e.place);
    FeatureBuilder f(layer);
    f.set("event_id", e.event_id);
    f.set("event_type", std::string(events::to_string(e.type)));
    f.set("sub_event_type", e.sub_event_type);
    f.set_date("event_date", e.date);
    f.set("date_precision", std::string(events::to_string(e.date_precision)));
    f.set("place_id", p.id);
    f.set("place_name", p.name);
    f.set("place_name_ar", p.name_ar);
    f.set("admin1", p.admin1);
    f.set("country", p.country);
    f.set("geo_precision", static_cast<std::int64_t>(e.geo_precision));
    f.set("precision_m", static_cast<std::int64_t>(e.precision_m));
    f.set("location_note", e.location_note);
    f.set("weapon", e.weapon);
    f.set("munitions_count", e.munitions_count);
    f.set("fatalities", e.fatalities);
    f.set("injuries", e.injuries);
    f.set("damage", e.damage);
    f.set("actor_from", e.actor_from);
    f.set("actor_to", e.actor_to);
    f.set("target", e.target);
    f.set_list("source_ids", e.source_ids);
    f.set_list("source_urls", e.source_urls);
    f.set("evidence", e.evidence);
    f.set("language", e.language);
    f.set_real("confidence", std::round(e.confidence * 1000) / 1000);
    f.write(e.lat, e.lon, name);
  }
  GDALFlushCache(ds.get());
  ds.reset();
  if (CPLGetLastErrorType() == CE_Failure) throw Error(path.string() + ": " + gdal_error());
}

void write_mention_layer(const fs::path& path, const std::vector<MentionFeature>& mentions,
                         const gazetteer::Gazetteer& gazetteer, OGRSpatialReferenceH wgs84) {
  GDALDriverH driver = GDALGetDriverByName("GeoJSON");
  if (driver == nullptr) throw Error("GDAL has no GeoJSON driver");
  Dataset ds(GDALCreate(driver, path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!ds) throw Error(path.string() + ": cannot create: " + gdal_error());
  OGRLayerH layer = create_layer(ds.get(), "mentions", kMentionFields, wgs84);
  for (const MentionFeature& m : mentions) {
    const gazetteer::PlaceView p = gazetteer.place(m.place);
    FeatureBuilder f(layer);
    f.set("doc_id", m.doc_id);
    f.set("start", static_cast<std::int64_t>(m.start));
    f.set("end", static_cast<std::int64_t>(m.end));
    f.set("text", m.text);
    f.set("place_id", p.id);
    f.set("name", p.name);
    f.set("name_ar", p.name_ar);
    f.set("kind", std::string(to_string(p.kind)));
    f.set("country", p.country);
    f.set("admin1", p.admin1);
    f.set_real("confidence", std::round(m.confidence * 1000) / 1000);
    f.set("precision_m", static_cast<std::int64_t>(p.precision_m));
    f.set("relation", m.relation);
    f.write(p.lat, p.lon, "mentions");
  }
  GDALFlushCache(ds.get());
  ds.reset();
  if (CPLGetLastErrorType() == CE_Failure) throw Error(path.string() + ": " + gdal_error());
}

// A private staging directory beside the destination (same file system, so rename is atomic).
class Staging {
 public:
  explicit Staging(const fs::path& out_dir) {
    m_path = out_dir / (".mawqi-staging-" + std::to_string(::getpid()));
    std::error_code ec;
    fs::remove_all(m_path, ec);
    if (!fs::create_directory(m_path, ec))
      throw Error(out_dir.string() + ": cannot create a staging directory (" + ec.message() + ")");
  }
  ~Staging() {
    std::error_code ec;
    fs::remove_all(m_path, ec);
  }
  Staging(const Staging&) = delete;
  Staging& operator=(const Staging&) = delete;
  [[nodiscard]] const fs::path& path() const { return m_path; }

 private:
  fs::path m_path;
};

}  // namespace

void write_layers(const std::string& out_dir, const std::string& format, const Layers& layers,
                  const gazetteer::Gazetteer& gazetteer) {
  if (format != "GeoJSON") throw Error("--format " + format + ": not supported (supported: GeoJSON)");
  register_gdal();
  CPLErrorReset();
  const fs::path out(out_dir);
  std::error_code ec;
  if (fs::exists(out, ec) && !fs::is_directory(out, ec)) throw Error(out_dir + ": exists and is not a directory");
  fs::create_directories(out, ec);
  if (ec) throw Error(out_dir + ": cannot create the output directory (" + ec.message() + ")");

  std::unique_ptr<std::remove_pointer_t<OGRSpatialReferenceH>, SrsReleaser> wgs84(OSRNewSpatialReference(nullptr));
  OSRSetWellKnownGeogCS(wgs84.get(), "WGS84");
  OSRSetAxisMappingStrategy(wgs84.get(), OAMS_TRADITIONAL_GIS_ORDER);

  const Staging staging(out);
  const std::vector<std::string> files = {"mentions.geojson", "incidents.geojson", "handovers.geojson"};
  write_mention_layer(staging.path() / files[0], layers.mentions, gazetteer, wgs84.get());
  write_event_layer(staging.path() / files[1], "incidents", layers.incidents, gazetteer, wgs84.get());
  write_event_layer(staging.path() / files[2], "handovers", layers.handovers, gazetteer, wgs84.get());
  // Every layer is complete before the first rename.
  for (const auto& f : files) {
    fs::rename(staging.path() / f, out / f, ec);
    if (ec) throw Error((out / f).string() + ": cannot replace (" + ec.message() + ")");
  }
}

std::string place_json(const gazetteer::PlaceView& p) {
  nlohmann::ordered_json j;
  j["id"] = p.id;
  j["name"] = p.name;
  j["name_ar"] = p.name_ar;
  j["kind"] = to_string(p.kind);
  j["country"] = p.country;
  j["admin1"] = p.admin1;
  j["lat"] = p.lat;
  j["lon"] = p.lon;
  j["population"] = p.population;
  j["precision_m"] = p.precision_m;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace mawqi::io
