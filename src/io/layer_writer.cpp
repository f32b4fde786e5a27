// Layers through GDAL/OGR in every format --format names. File formats are written into a
// private staging directory beside the destination and renamed into place; PostgreSQL rows
// are replaced by key inside one transaction.
#include <cpl_conv.h>
#include <cpl_vsi.h>
#include <fcntl.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <strings.h>
#include <sys/eventfd.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "../util/fnv.hpp"
#include "mawqi/acled.hpp"
#include "mawqi/error.hpp"
#include "mawqi/io.hpp"
#include "mawqi/map_page.hpp"
#include "result_json.hpp"
#include "styles.hpp"

namespace mawqi::io {
namespace fs = std::filesystem;

namespace {

void register_gdal() {
  static std::once_flag once;
  std::call_once(once, [] {
    GDALAllRegister();
    // GDAL's messages reach the user through our one-line errors, not on their own.
    CPLSetErrorHandler(CPLQuietErrorHandler);
  });
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
using Srs = std::unique_ptr<std::remove_pointer_t<OGRSpatialReferenceH>, SrsReleaser>;

struct TransformReleaser {
  void operator()(OGRCoordinateTransformationH ct) const { OCTDestroyCoordinateTransformation(ct); }
};
using Transform = std::unique_ptr<std::remove_pointer_t<OGRCoordinateTransformationH>, TransformReleaser>;

std::string gdal_error() {
  const char* msg = CPLGetLastErrorMsg();
  return redact_secrets(msg != nullptr && *msg != '\0' ? msg : "unknown GDAL error");
}

struct Format {
  const char* name;
  const char* driver;
  const char* extension;  // per-layer files; empty for containers
  bool container;         // all three layers in one dataset
  bool any_crs;           // may carry a CRS other than WGS 84
  // WGS 84 by definition, so the layer is given no CRS: GeoJSON then comes out the same bytes as
  // with RFC7946=YES (no "crs" member, the same precision) without GDAL copying every feature to
  // convert it (a tenth of an incremental run).
  bool implicit_wgs84;
  std::vector<const char*> layer_options;
  // KML shows a placemark's <name>: a field holding "place, date" is given to the driver as its
  // NameField (written as <name>, not as data), so the placemarks carry the contract's fields.
  bool name_field = false;
  // ACLED: the events as one table with ACLED's columns (mawqi/acled.hpp), no mentions.
  bool acled = false;
};

constexpr const char* kAcledName = "acled";

constexpr const char* kKmlNameField = "mawqi_name";

const std::vector<Format>& formats() {
  static const std::vector<Format> kFormats = {
      {"GeoJSON", "GeoJSON", ".geojson", false, false, true, {"COORDINATE_PRECISION=6", "WRITE_NAME=YES"}},
      {"GeoJSONSeq", "GeoJSONSeq", ".geojsonl", false, false, false, {"RS=NO", "COORDINATE_PRECISION=6"}},
      {"GPKG", "GPKG", "", true, true, false, {"SPATIAL_INDEX=YES"}},
      {"FlatGeobuf", "FlatGeobuf", ".fgb", false, true, false, {"SPATIAL_INDEX=YES"}},
      {"KML", "KML", ".kml", false, false, false, {}, true},
      {"CSV", "CSV", ".csv", false, true, false, {"GEOMETRY=AS_XY", "CREATE_CSVT=YES", "STRING_QUOTING=IF_NEEDED"}},
      {"ACLED", "CSV", ".csv", false, false, false, {"CREATE_CSVT=YES", "STRING_QUOTING=IF_NEEDED"}, false, true},
      {"PostgreSQL", "PostgreSQL", "", true, true, false, {"GEOMETRY_NAME=geom", "FID=fid", "SPATIAL_INDEX=GIST"}}};
  return kFormats;
}

// Format names are matched as GDAL matches driver names: case-insensitively (gpkg, csv).
const Format& find_format(const std::string& name) {
  for (const Format& f : formats())
    if (strcasecmp(name.c_str(), f.name) == 0) return f;
  std::string known;
  for (const Format& f : formats()) known += std::string(known.empty() ? "" : ", ") + f.name;
  throw UsageError("--format " + name + ": unknown format (one of " + known + ")");
}

Srs make_srs(const std::string& definition) {
  Srs srs(OSRNewSpatialReference(nullptr));
  if (definition.empty())
    OSRSetWellKnownGeogCS(srs.get(), "WGS84");
  else if (OSRSetFromUserInput(srs.get(), definition.c_str()) != OGRERR_NONE)
    throw UsageError("--t_srs " + definition + ": not a coordinate reference system PROJ knows");
  OSRSetAxisMappingStrategy(srs.get(), OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

enum class FieldType { string, integer, real, date, string_list };

struct Field {
  const char* name;
  FieldType type;
};

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
    {"actor1", FieldType::string},           {"actor2", FieldType::string},
    {"target", FieldType::string},           {"source_ids", FieldType::string_list},
    {"source_urls", FieldType::string_list}, {"evidence", FieldType::string},
    {"language", FieldType::string},         {"confidence", FieldType::real}};

// What a driver can store; lists and dates fall back to text where it cannot.
struct Capabilities {
  bool string_list = false;
  bool date = false;
};

Capabilities capabilities(GDALDriverH driver) {
  const char* types = GDALGetMetadataItem(driver, GDAL_DMD_CREATIONFIELDDATATYPES, nullptr);
  const std::string t = types != nullptr ? types : "";
  auto has = [&](const std::string& word) { return (" " + t + " ").find(" " + word + " ") != std::string::npos; };
  // CSV writes dates as 2020/07/24 and lists as JSON; ISO text and "a; b" are what spreadsheets
  // and scripts expect (the .csvt still types the date column as a Date).
  const bool csv = std::string(GDALGetDriverShortName(driver)) == "CSV";
  return {has("StringList") && !csv, has("Date") && !csv};
}

OGRFieldType ogr_type(FieldType t, const Capabilities& caps) {
  switch (t) {
    case FieldType::string: return OFTString;
    case FieldType::integer: return OFTInteger;
    case FieldType::real: return OFTReal;
    case FieldType::date: return caps.date ? OFTDate : OFTString;
    case FieldType::string_list: return caps.string_list ? OFTStringList : OFTString;
  }
  return OFTString;
}

// Writes features to one layer, one after another with the same fields in the same order: one
// OGR feature is reused and set field by field (value or null), each field's index remembered by
// its place in that order, so no name is looked up and nothing is allocated per feature.
class FeatureBuilder {
 public:
  FeatureBuilder(OGRLayerH layer, OGRCoordinateTransformationH transform)
      : m_layer(layer), m_feature(OGR_F_Create(OGR_L_GetLayerDefn(layer))), m_transform(transform) {}
  ~FeatureBuilder() { OGR_F_Destroy(m_feature); }
  FeatureBuilder(const FeatureBuilder&) = delete;
  FeatureBuilder& operator=(const FeatureBuilder&) = delete;

  void set(const char* name, std::string_view value) {
    const int i = index(name);
    if (value.empty()) {
      OGR_F_SetFieldNull(m_feature, i);
      return;
    }
    m_text.assign(value);  // GDAL takes a NUL-terminated string
    OGR_F_SetFieldString(m_feature, i, m_text.c_str());
  }
  void set(const char* name, std::int64_t value) { OGR_F_SetFieldInteger64(m_feature, index(name), value); }
  void set(const char* name, const std::optional<long>& value) {
    const int i = index(name);
    if (value)
      OGR_F_SetFieldInteger64(m_feature, i, *value);
    else
      OGR_F_SetFieldNull(m_feature, i);
  }
  void set_real(const char* name, double value) { OGR_F_SetFieldDouble(m_feature, index(name), value); }
  void set_date(const char* name, const events::Date& d) {
    const int i = index(name);
    if (!d.valid())
      OGR_F_SetFieldNull(m_feature, i);
    else if (OGR_Fld_GetType(OGR_F_GetFieldDefnRef(m_feature, i)) == OFTDate)
      OGR_F_SetFieldDateTime(m_feature, i, d.year, d.month, d.day, 0, 0, 0, 0);
    else
      OGR_F_SetFieldString(m_feature, i, d.iso().c_str());
  }
  void set_list(const char* name, const std::vector<std::string>& values) {
    const int i = index(name);
    if (values.empty()) {  // null, in every format
      OGR_F_SetFieldNull(m_feature, i);
      return;
    }
    if (OGR_Fld_GetType(OGR_F_GetFieldDefnRef(m_feature, i)) == OFTStringList) {
      std::vector<const char*> ptrs;
      for (const auto& v : values) ptrs.push_back(v.c_str());
      ptrs.push_back(nullptr);
      OGR_F_SetFieldStringList(m_feature, i, const_cast<char**>(ptrs.data()));
      return;
    }
    std::string joined;  // formats without lists: "a; b"
    for (const auto& v : values) joined += (joined.empty() ? "" : "; ") + v;
    OGR_F_SetFieldString(m_feature, i, joined.c_str());
  }
  void set_label(std::string_view value) {
    if (const int i = OGR_F_GetFieldIndex(m_feature, kKmlNameField); i >= 0) {
      m_text.assign(value);
      OGR_F_SetFieldString(m_feature, i, m_text.c_str());
    }
  }
  void write(double lat, double lon, const std::string& layer_name) {
    // Every field of the layer in every feature: what is not known is null, not absent.
    for (int i = 0, n = OGR_F_GetFieldCount(m_feature); i < n; ++i)
      if (!OGR_F_IsFieldSet(m_feature, i)) OGR_F_SetFieldNull(m_feature, i);
    OGRGeometryH point = OGR_G_CreateGeometry(wkbPoint);
    OGR_G_SetPoint_2D(point, 0, lon, lat);
    if (m_transform != nullptr && OGR_G_Transform(point, m_transform) != OGRERR_NONE) {
      OGR_G_DestroyGeometry(point);
      throw Error("cannot reproject a point of layer " + layer_name + ": " + gdal_error());
    }
    OGR_F_SetGeometryDirectly(m_feature, point);
    if (OGR_L_CreateFeature(m_layer, m_feature) != OGRERR_NONE)
      throw Error("cannot write a feature to layer " + layer_name + ": " + gdal_error());
    // The next feature gets no identifier from this one (the driver may have given it one).
    OGR_F_SetFID(m_feature, OGRNullFID);
    m_next_field = 0;
  }

 private:
  // The fields are set in the same order for every feature: the k-th set of a feature is the
  // k-th of the one before, whose index is known.
  [[nodiscard]] int index(const char* name) {
    const std::size_t k = m_next_field++;
    if (k < m_indices.size() && m_indices[k].first == name) return m_indices[k].second;
    const int i = OGR_F_GetFieldIndex(m_feature, name);
    if (i < 0) throw Error(std::string("no field ") + name);
    if (k < m_indices.size())
      m_indices[k] = {name, i};
    else
      m_indices.emplace_back(name, i);
    return i;
  }
  OGRLayerH m_layer;
  OGRFeatureH m_feature;
  OGRCoordinateTransformationH m_transform;
  std::vector<std::pair<const char*, int>> m_indices;
  std::size_t m_next_field = 0;
  std::string m_text;
};

OGRLayerH create_layer(GDALDatasetH ds, const Format& format, const std::string& name, const std::vector<Field>& fields,
                       OGRSpatialReferenceH srs, const Capabilities& caps) {
  std::vector<const char*> options = format.layer_options;
  options.push_back(nullptr);
  OGRLayerH layer = GDALDatasetCreateLayer(ds, name.c_str(), format.implicit_wgs84 ? nullptr : srs, wkbPoint,
                                           const_cast<char**>(options.data()));
  if (layer == nullptr) throw Error("cannot create layer " + name + ": " + gdal_error());
  for (const Field& f : fields) {
    OGRFieldDefnH defn = OGR_Fld_Create(f.name, ogr_type(f.type, caps));
    const OGRErr err = OGR_L_CreateField(layer, defn, TRUE);
    OGR_Fld_Destroy(defn);
    if (err != OGRERR_NONE) throw Error("cannot create field " + std::string(f.name) + ": " + gdal_error());
  }
  if (format.name_field) {
    OGRFieldDefnH defn = OGR_Fld_Create(kKmlNameField, OFTString);
    OGR_L_CreateField(layer, defn, TRUE);
    OGR_Fld_Destroy(defn);
  }
  return layer;
}

void add_mentions_to(OGRLayerH layer, OGRCoordinateTransformationH transform,
                     const std::vector<MentionFeature>& mentions, const gazetteer::Gazetteer& gazetteer, bool label) {
  FeatureBuilder f(layer, transform);
  for (const MentionFeature& m : mentions) {
    const gazetteer::PlaceView p = gazetteer.place(m.place);
    f.set("doc_id", m.doc_id);
    f.set("start", static_cast<std::int64_t>(m.start));
    f.set("end", static_cast<std::int64_t>(m.end));
    f.set("text", m.text);
    f.set("place_id", p.id);
    f.set("name", p.name);
    f.set("name_ar", p.name_ar);
    f.set("kind", std::string_view(to_string(p.kind)));
    f.set("country", p.country);
    f.set("admin1", p.admin1);
    f.set_real("confidence", std::round(m.confidence * 1000) / 1000);
    f.set("precision_m", static_cast<std::int64_t>(p.precision_m));
    f.set("relation", m.relation);
    if (label) f.set_label(p.name);
    f.write(p.lat, p.lon, "mentions");
  }
}

void add_events(OGRLayerH layer, OGRCoordinateTransformationH transform, const std::string& name,
                const std::vector<events::Event>& events, const gazetteer::Gazetteer& gazetteer, bool label) {
  FeatureBuilder f(layer, transform);
  for (const events::Event& e : events) {
    const gazetteer::PlaceView p = gazetteer.place(e.place);
    f.set("event_id", e.event_id);
    f.set("event_type", std::string_view(events::to_string(e.type)));
    f.set("sub_event_type", e.sub_event_type);
    f.set_date("event_date", e.date);
    f.set("date_precision", std::string_view(events::to_string(e.date_precision)));
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
    f.set("actor1", e.actor1);
    f.set("actor2", e.actor2);
    f.set("target", e.target);
    f.set_list("source_ids", e.source_ids);
    f.set_list("source_urls", e.source_urls);
    f.set("evidence", e.evidence);
    f.set("language", e.language);
    f.set_real("confidence", std::round(e.confidence * 1000) / 1000);
    if (label) f.set_label(std::string(p.name) + (e.date.valid() ? ", " + e.date.iso() : std::string()));
    f.write(e.lat, e.lon, name);
  }
}

const std::array<const char*, 3> kLayerNames = {"mentions", "incidents", "handovers"};

OGRLayerH create_acled_layer(GDALDatasetH ds, const Format& format) {
  std::vector<const char*> options = format.layer_options;
  options.push_back(nullptr);
  OGRLayerH layer = GDALDatasetCreateLayer(ds, kAcledName, nullptr, wkbNone, const_cast<char**>(options.data()));
  if (layer == nullptr) throw Error(std::string("cannot create layer ") + kAcledName + ": " + gdal_error());
  for (const AcledConventions::Column& c : AcledConventions::columns()) {
    using T = AcledConventions::Type;
    // The date is ISO text, typed Date in the .csvt (type_csv_dates), as for the CSV layers.
    const OGRFieldType type = c.type == T::integer ? OFTInteger64 : c.type == T::real ? OFTReal : OFTString;
    OGRFieldDefnH defn = OGR_Fld_Create(c.name, type);
    const OGRErr err = OGR_L_CreateField(layer, defn, TRUE);
    OGR_Fld_Destroy(defn);
    if (err != OGRERR_NONE) throw Error("cannot create field " + std::string(c.name) + ": " + gdal_error());
  }
  return layer;
}

// Incidents and handovers in one table, by day (undated last), incidents first on a day.
void add_acled_rows(OGRLayerH layer, const AcledConventions& conventions, const std::vector<events::Event>& incidents,
                    const std::vector<events::Event>& handovers, const gazetteer::Gazetteer& gazetteer) {
  std::vector<const events::Event*> all;
  for (const auto* list : {&incidents, &handovers})
    for (const events::Event& e : *list) all.push_back(&e);
  const auto day = [](const events::Event* e) { return e->date.valid() ? e->date.days() : INT64_MAX; };
  std::stable_sort(all.begin(), all.end(), [&](const auto* a, const auto* b) { return day(a) < day(b); });
  OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(layer));
  for (const events::Event* e : all) {
    const std::vector<AcledConventions::Value> row = conventions.row(*e, gazetteer);
    for (int i = 0; i < static_cast<int>(row.size()); ++i) {
      const AcledConventions::Value& v = row[static_cast<std::size_t>(i)];
      if (const auto* text = std::get_if<std::string>(&v))
        OGR_F_SetFieldString(f, i, text->c_str());
      else if (const auto* n = std::get_if<std::int64_t>(&v))
        OGR_F_SetFieldInteger64(f, i, *n);
      else if (const auto* d = std::get_if<double>(&v))
        OGR_F_SetFieldDouble(f, i, *d);
      else
        OGR_F_SetFieldNull(f, i);
    }
    const OGRErr err = OGR_L_CreateFeature(layer, f);
    OGR_F_SetFID(f, OGRNullFID);
    if (err != OGRERR_NONE) {
      OGR_F_Destroy(f);
      throw Error(std::string("cannot write a row of ") + kAcledName + ": " + gdal_error());
    }
  }
  OGR_F_Destroy(f);
}

// QGIS reads a GeoPackage's styles from its layer_styles table.
void add_style_table(GDALDatasetH ds, const std::vector<EventSymbol>& symbols) {
  OGRLayerH styles = GDALDatasetCreateLayer(ds, "layer_styles", nullptr, wkbNone, nullptr);
  if (styles == nullptr) throw Error("cannot create layer_styles: " + gdal_error());
  for (const char* field : {"f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column", "styleName",
                            "styleQML", "styleSLD", "description", "owner", "ui"}) {
    OGRFieldDefnH defn = OGR_Fld_Create(field, OFTString);
    OGR_L_CreateField(styles, defn, TRUE);
    OGR_Fld_Destroy(defn);
  }
  OGRFieldDefnH flag = OGR_Fld_Create("useAsDefault", OFTInteger);
  OGR_Fld_SetSubType(flag, OFSTBoolean);
  OGR_L_CreateField(styles, flag, TRUE);
  OGR_Fld_Destroy(flag);
  OGRFieldDefnH time = OGR_Fld_Create("update_time", OFTDateTime);
  OGR_L_CreateField(styles, time, TRUE);
  OGR_Fld_Destroy(time);
  for (const char* layer : kLayerNames) {
    OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(styles));
    OGR_F_SetFieldString(f, OGR_F_GetFieldIndex(f, "f_table_catalog"), "");
    OGR_F_SetFieldString(f, OGR_F_GetFieldIndex(f, "f_table_schema"), "");
    OGR_F_SetFieldString(f, OGR_F_GetFieldIndex(f, "f_table_name"), layer);
    OGR_F_SetFieldString(f, OGR_F_GetFieldIndex(f, "f_geometry_column"), "geom");
    OGR_F_SetFieldString(f, OGR_F_GetFieldIndex(f, "styleName"), (std::string("mawqi ") + layer).c_str());
    OGR_F_SetFieldString(f, OGR_F_GetFieldIndex(f, "styleQML"), layer_style_qml(layer, symbols).c_str());
    OGR_F_SetFieldString(f, OGR_F_GetFieldIndex(f, "description"), "mawqi default style");
    OGR_F_SetFieldInteger(f, OGR_F_GetFieldIndex(f, "useAsDefault"), 1);
    // A fixed time keeps the file byte-identical from run to run.
    OGR_F_SetFieldDateTime(f, OGR_F_GetFieldIndex(f, "update_time"), 2000, 1, 1, 0, 0, 0, 100);
    const OGRErr err = OGR_L_CreateFeature(styles, f);
    OGR_F_Destroy(f);
    if (err != OGRERR_NONE) throw Error("cannot write layer_styles: " + gdal_error());
  }
}

// The staging directories of this process's unfinished writers: what SIGINT and SIGTERM remove
// (InterruptCleanup). The lock is held while a set of layers is switched, so a signal never
// lands between two renames.
std::mutex& staging_mutex() {
  static std::mutex mutex;
  return mutex;
}
std::set<fs::path>& live_staging() {
  static std::set<fs::path> dirs;
  return dirs;
}

constexpr std::string_view kStagingPrefix = ".mawqi-staging-";

bool process_alive(pid_t pid) { return ::kill(pid, 0) == 0 || errno == EPERM; }

// Staging directories left by runs that died (SIGKILL, power loss): their process is gone.
void remove_stale_staging(const fs::path& out_dir) {
  std::error_code ec;
  for (auto it = fs::directory_iterator(out_dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!name.starts_with(kStagingPrefix)) continue;
    const std::string digits =
        name.substr(kStagingPrefix.size(), name.find('-', kStagingPrefix.size()) - kStagingPrefix.size());
    if (digits.empty() || digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos) continue;
    const auto pid = static_cast<pid_t>(std::stol(digits));
    if (pid == ::getpid() || process_alive(pid)) continue;
    std::error_code remove_ec;
    fs::remove_all(it->path(), remove_ec);
  }
}

// A private staging directory beside the destination (same file system, so rename is atomic),
// named after the process so that later runs can tell a dead run's leftovers.
class Staging {
 public:
  explicit Staging(const fs::path& out_dir) {
    static std::atomic<unsigned> counter{0};
    remove_stale_staging(out_dir);
    m_path = out_dir / (std::string(kStagingPrefix) + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    const std::lock_guard<std::mutex> lock(staging_mutex());
    std::error_code ec;
    fs::remove_all(m_path, ec);
    if (!fs::create_directory(m_path, ec))
      throw Error(out_dir.string() + ": cannot create a staging directory (" + ec.message() + ")");
    live_staging().insert(m_path);
  }
  ~Staging() {
    const std::lock_guard<std::mutex> lock(staging_mutex());
    std::error_code ec;
    fs::remove_all(m_path, ec);
    live_staging().erase(m_path);
  }
  Staging(const Staging&) = delete;
  Staging& operator=(const Staging&) = delete;
  [[nodiscard]] const fs::path& path() const { return m_path; }

 private:
  fs::path m_path;
};

// Replaces the files of `out` named like `files` with them, all or none: each old file is kept
// (a hard link, or a copy where links are not possible) in `backup` until every rename has
// succeeded, and put back if one fails.
void switch_files(const std::vector<fs::path>& files, const fs::path& out, const fs::path& backup) {
  struct Replaced {
    fs::path dest;
    bool had_old;
  };
  std::vector<Replaced> done;
  std::error_code ec;
  fs::create_directory(backup, ec);
  if (ec) throw Error(backup.string() + ": cannot create (" + ec.message() + ")");
  auto roll_back = [&] {
    for (auto it = done.rbegin(); it != done.rend(); ++it) {
      std::error_code undo;
      if (it->had_old)
        fs::rename(backup / it->dest.filename(), it->dest, undo);
      else
        fs::remove(it->dest, undo);
    }
  };
  for (const fs::path& file : files) {
    const fs::path dest = out / file.filename();
    const auto status = fs::symlink_status(dest, ec);
    const bool had_old = !ec && fs::exists(status);
    if (had_old && !fs::is_regular_file(status)) {
      roll_back();
      throw Error(dest.string() + ": cannot replace (not a regular file); the previous layers are kept");
    }
    if (had_old) {
      fs::create_hard_link(dest, backup / dest.filename(), ec);
      if (ec) fs::copy_file(dest, backup / dest.filename(), fs::copy_options::overwrite_existing, ec);
      if (ec) {
        roll_back();
        throw Error(dest.string() + ": cannot keep the previous file while replacing it (" + ec.message() + ")");
      }
    }
    fs::rename(file, dest, ec);
    if (ec) {
      roll_back();
      throw Error(dest.string() + ": cannot replace (" + ec.message() + "); the previous layers are kept");
    }
    done.push_back({dest, had_old});
  }
}

// Two runs into one directory switch their sets one after the other, never interleaved: an
// advisory lock on the directory itself (no file left behind), released when the process ends.
class DirectoryLock {
 public:
  explicit DirectoryLock(const std::string& dir) : m_fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) {
    if (m_fd >= 0) ::flock(m_fd, LOCK_EX);
  }
  ~DirectoryLock() {
    if (m_fd >= 0) ::close(m_fd);
  }
  DirectoryLock(const DirectoryLock&) = delete;
  DirectoryLock& operator=(const DirectoryLock&) = delete;

 private:
  int m_fd;
};

// GDAL's CSV driver types the date column String in the .csvt because it is written as ISO text:
// the sidecar says Date, which is what the text is.
void type_csv_dates(const fs::path& csv) {
  fs::path csvt = csv;
  csvt.replace_extension(".csvt");
  std::ifstream header_in(csv, std::ios::binary), types_in(csvt, std::ios::binary);
  std::string header, types;
  if (!std::getline(header_in, header) || !std::getline(types_in, types)) return;
  auto split = [](const std::string& line) {
    std::vector<std::string> cells;
    std::stringstream ss(line);
    for (std::string cell; std::getline(ss, cell, ',');) cells.push_back(cell);
    return cells;
  };
  const std::vector<std::string> names = split(header);
  std::vector<std::string> kinds = split(types);
  if (names.size() != kinds.size()) return;
  bool changed = false;
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == "event_date" && kinds[i] == "String") {
      kinds[i] = "Date";
      changed = true;
    }
  if (!changed) return;
  std::string out;
  for (const auto& k : kinds) out += (out.empty() ? "" : ",") + k;
  std::ofstream rewrite(csvt, std::ios::binary | std::ios::trunc);
  rewrite << out << "\n";
  if (!rewrite.flush()) throw Error(csvt.string() + ": cannot write");
}

// GeoPackage stamps gpkg_contents.last_change with the clock unless told a date.
class FixedGpkgDate {
 public:
  FixedGpkgDate() { CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", "2000-01-01T00:00:00.000Z"); }
  ~FixedGpkgDate() { CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", nullptr); }
  FixedGpkgDate(const FixedGpkgDate&) = delete;
  FixedGpkgDate& operator=(const FixedGpkgDate&) = delete;
};

std::string sql_quote(const std::string& value) {
  std::string q = "'";
  for (char c : value) q += c == '\'' ? std::string("''") : std::string(1, c);
  return q + "'";
}

void execute(GDALDatasetH ds, const std::string& sql) {
  CPLErrorReset();
  OGRLayerH result = GDALDatasetExecuteSQL(ds, sql.c_str(), nullptr, nullptr);
  if (result != nullptr) GDALDatasetReleaseResultSet(ds, result);
  if (CPLGetLastErrorType() == CE_Failure) throw Error("PostgreSQL: " + gdal_error());
}

}  // namespace

std::string redact_secrets(std::string text) {
  // libpq keywords (password=secret, password = 'a b'), URIs (postgresql://user:secret@host).
  static const std::regex kKeyword(R"((password\s*=\s*)('(\\.|[^'])*'|[^\s'"]+))", std::regex::icase);
  static const std::regex kUri(R"(((postgres|postgresql)://[^:/@\s]*:)[^@\s]*@)", std::regex::icase);
  text = std::regex_replace(text, kKeyword, "$1***");
  text = std::regex_replace(text, kUri, "$1***@");
  // GDAL and libpq messages run over several lines; ours are one.
  std::string flat;
  flat.reserve(text.size());
  bool space = false;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t') {
      space = !flat.empty();
      continue;
    }
    if (space) flat += ' ';
    space = false;
    flat += c;
  }
  return flat;
}

struct MentionEncoding::Frame {
  const Format* format = nullptr;
  std::string id;
  std::string header, separator, footer;  // around, between features
  std::string empty;                      // the layer without a feature
};

namespace {

// A GDAL dataset in memory (/vsimem) holding one mentions layer of `format`, as the layer file
// would be created.
struct MemoryLayer {
  std::string path;
  Dataset dataset;
  OGRLayerH layer = nullptr;

  explicit MemoryLayer(const Format& format) {
    static std::atomic<unsigned> counter{0};
    path = "/vsimem/mawqi-" + std::to_string(::getpid()) + "-" + std::to_string(++counter) + "/mentions" +
           format.extension;
    GDALDriverH driver = GDALGetDriverByName(format.driver);
    if (driver == nullptr) throw Error(std::string("GDAL has no ") + format.driver + " driver");
    dataset.reset(GDALCreate(driver, path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!dataset) throw Error("cannot create an in-memory " + std::string(format.name) + " layer: " + gdal_error());
    const Srs wgs84 = make_srs("");
    layer = create_layer(dataset.get(), format, "mentions", kMentionFields, wgs84.get(), capabilities(driver));
  }
  ~MemoryLayer() {
    dataset.reset();
    VSIUnlink(path.c_str());
  }
  MemoryLayer(const MemoryLayer&) = delete;
  MemoryLayer& operator=(const MemoryLayer&) = delete;

  // What the driver has written so far (it writes straight into the memory file).
  [[nodiscard]] std::string_view bytes() const {
    vsi_l_offset length = 0;
    const GByte* data = VSIGetMemFileBuffer(path.c_str(), &length, FALSE);
    return data == nullptr ? std::string_view() : std::string_view(reinterpret_cast<const char*>(data), length);
  }
  // Closes the dataset (the driver writes its footer) and gives the whole file.
  [[nodiscard]] std::string close() {
    dataset.reset();
    return std::string(bytes());
  }
};

// A feature with what encodings differ in: a slash, text beyond ASCII, a real and coordinates.
void write_probe(OGRLayerH layer) {
  FeatureBuilder f(layer, nullptr);
  f.set("doc_id", std::string_view("probe/1"));
  f.set("start", std::int64_t{3});
  f.set("end", std::int64_t{8});
  f.set("text", std::string_view("\u0628\u063A\u062F\u0627\u062F \"\u00E9\""));
  f.set_real("confidence", 0.125);
  f.write(33.340582, 44.400876, "mentions");
}

}  // namespace

std::optional<MentionEncoding> MentionEncoding::of(const std::string& out, const OutputOptions& options) {
  const OutputOptions resolved = resolve_output(out, options);
  if (!resolved.encoded_mentions || !resolved.t_srs.empty()) return std::nullopt;
  const Format& format = find_format(resolved.format);
  if (format.name != std::string("GeoJSON") && format.name != std::string("GeoJSONSeq")) return std::nullopt;
  register_gdal();
  auto frame = std::make_shared<Frame>();
  frame->format = &format;
  std::string probe_feature;
  // The driver's own framing: the bytes before a first feature, after it, and between two.
  {
    MemoryLayer probe(format);
    const std::size_t before = probe.bytes().size();
    write_probe(probe.layer);
    const std::size_t after_one = probe.bytes().size();
    write_probe(probe.layer);
    const std::size_t after_two = probe.bytes().size();
    const std::string file = probe.close();
    const std::string_view all(file);
    const std::string_view first = all.substr(before, after_one - before);
    const std::string_view second = all.substr(after_one, after_two - after_one);
    if (first.empty() || !second.ends_with(first))
      throw Error(std::string("GDAL's ") + format.name + " driver does not write features one after another");
    probe_feature = first;
    frame->header = all.substr(0, before);
    frame->separator = second.substr(0, second.size() - first.size());
    frame->footer = all.substr(after_two);
  }
  {
    MemoryLayer none(format);
    frame->empty = none.close();
  }
  // And the bytes themselves: a json-c or GDAL build that escapes or prints numbers otherwise gets
  // another id, so stored bytes of the other are not mixed into its layers.
  frame->id = std::string(format.name) + " " + GDALVersionInfo("RELEASE_NAME");
  for (const char* option : format.layer_options) frame->id += std::string(" ") + option;
  for (const Field& field : kMentionFields) frame->id += std::string(" ") + field.name;
  frame->id += " " + util::hex64(util::fnv_field(
                         util::fnv_field(util::fnv_field(util::kFnvBasis, frame->header), frame->separator),
                         frame->footer + probe_feature));
  return MentionEncoding(std::move(frame));
}

const std::string& MentionEncoding::id() const { return m_frame->id; }

struct MentionEncoder::Impl {
  const MentionEncoding::Frame* frame = nullptr;
  const gazetteer::Gazetteer* gazetteer = nullptr;
  std::optional<MemoryLayer> memory;
  bool has_features = false;
};

MentionEncoder::MentionEncoder(const MentionEncoding& encoding, const gazetteer::Gazetteer& gazetteer)
    : m(std::make_unique<Impl>()) {
  m->frame = &encoding.frame();
  m->gazetteer = &gazetteer;
}

MentionEncoder::~MentionEncoder() = default;

std::string MentionEncoder::encode(const std::vector<MentionFeature>& mentions) {
  if (mentions.empty()) return {};
  // A fresh memory file now and then keeps it small; opening one costs about as much as a feature.
  constexpr std::size_t kMemoryBytes = 1 << 20;
  if (!m->memory || m->memory->bytes().size() > kMemoryBytes) {
    m->memory.reset();
    m->memory.emplace(*m->frame->format);
    m->has_features = false;
  }
  const std::size_t before = m->memory->bytes().size();
  add_mentions_to(m->memory->layer, nullptr, mentions, *m->gazetteer, false);
  std::string_view written = m->memory->bytes().substr(before);
  if (m->has_features) {
    if (!written.starts_with(m->frame->separator))
      throw Error("GDAL's " + std::string(m->frame->format->name) + " driver joined two features unlike before");
    written.remove_prefix(m->frame->separator.size());
  }
  m->has_features = true;
  return std::string(written);
}

const std::vector<std::string>& output_formats() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> names;
    for (const Format& f : formats()) names.emplace_back(f.name);
    return names;
  }();
  return kNames;
}

OutputOptions resolve_output(const std::string& out, const OutputOptions& options) {
  OutputOptions resolved = options;
  const bool connection = strncasecmp(out.c_str(), "PG:", 3) == 0;
  if (resolved.format.empty()) resolved.format = connection ? "PostgreSQL" : "GeoJSON";
  resolved.format = find_format(resolved.format).name;
  if (connection && resolved.format != "PostgreSQL")
    throw UsageError("--out PG:… is a PostgreSQL connection; --format " + options.format + " writes files");
  if (!connection && resolved.format == "PostgreSQL")
    throw UsageError("--format PostgreSQL: --out must be a connection string, PG:\"dbname=…\"");
  return resolved;
}

void validate_output(const OutputOptions& options) {
  const Format& format = find_format(options.format.empty() ? "GeoJSON" : options.format);
  if (!options.t_srs.empty() && !format.any_crs)
    throw UsageError(std::string("--t_srs: ") + format.name +
                     " is always WGS 84 (use GPKG, FlatGeobuf, CSV or PostgreSQL)");
  register_gdal();
  (void)make_srs(options.t_srs);
}

struct LayerWriter::Impl {
  std::string out;
  const Format* format = nullptr;
  const gazetteer::Gazetteer* gazetteer = nullptr;
  Srs wgs84, target;
  Transform transform;
  Capabilities caps;
  std::optional<Staging> staging;
  std::optional<FixedGpkgDate> fixed_date;
  std::vector<Dataset> datasets;  // files: one per layer (or one container); PostgreSQL: one
  std::array<OGRLayerH, 3> layers{};
  OGRLayerH acled_layer = nullptr;
  std::optional<AcledConventions> acled;
  std::optional<MapPage> map_page;
  std::string crs = "EPSG:4326";  // of the layers, for the QGIS project
  bool postgres = false;
  bool in_transaction = false;
  bool finished = false;
  // GeoJSON, GeoJSONSeq: the mentions file is written here from encoded features.
  std::optional<MentionEncoding> encoding;
  std::optional<MentionEncoder> own_encoder;  // for add_article
  fs::path mentions_path;
  struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  std::unique_ptr<std::FILE, FileCloser> mentions_file;  // closed on every path, a throw included
  bool mentions_started = false;

  void write_mentions(std::string_view bytes) {
    if (bytes.empty()) return;
    if (std::fwrite(bytes.data(), 1, bytes.size(), mentions_file.get()) != bytes.size())
      throw Error(mentions_path.string() + ": cannot write (" + std::strerror(errno) + ")");
  }
  void add_encoded(std::string_view encoded, const std::vector<MentionFeature>* features) {
    if (encoded.empty()) return;
    if (map_page) {
      if (features != nullptr)
        map_page->add_mentions(*features);
      else
        map_page->add_encoded_mentions(encoded);
    }
    const MentionEncoding::Frame& frame = encoding->frame();
    write_mentions(mentions_started ? std::string_view(frame.separator) : std::string_view(frame.header));
    write_mentions(encoded);
    mentions_started = true;
  }
  void close_mentions() {
    if (!mentions_file) return;
    const MentionEncoding::Frame& frame = encoding->frame();
    write_mentions(mentions_started ? frame.footer : frame.empty);
    const bool ok = std::fflush(mentions_file.get()) == 0;
    const int closed = std::fclose(mentions_file.release());
    if (!ok || closed != 0) throw Error(mentions_path.string() + ": cannot write (" + std::strerror(errno) + ")");
  }

  // PostgreSQL: every article's own events are kept in a table of reports, so that an article
  // edited or re-run takes its share out of the events it reported and each event is merged
  // again from the reports that remain, as a fresh run over them would merge it.
  struct Pending {
    std::string doc_id;
    std::vector<MentionFeature> mentions;
    std::vector<events::Event> reports;
  };
  std::vector<Pending> pending;
  std::set<std::string> affected_keys;  // type|sub-type|place id of every event to merge again
  std::int64_t generation = 0, position = 0;

  [[nodiscard]] GDALDatasetH dataset_of(std::size_t layer) const {
    return datasets.size() == 1 ? datasets[0].get() : datasets[layer].get();
  }

  void open_files() {
    const fs::path dir(out);
    std::error_code ec;
    if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) throw Error(out + ": exists and is not a directory");
    fs::create_directories(dir, ec);
    if (ec) throw Error(out + ": cannot create the output directory (" + ec.message() + ")");
    GDALDriverH driver = GDALGetDriverByName(format->driver);
    if (driver == nullptr) throw Error(std::string("GDAL has no ") + format->driver + " driver");
    caps = capabilities(driver);
    staging.emplace(dir);
    fixed_date.emplace();
    const std::string name_option = std::string("NameField=") + kKmlNameField;
    std::vector<const char*> dataset_options;
    if (format->name_field) dataset_options.push_back(name_option.c_str());
    dataset_options.push_back(nullptr);
    auto create = [&](const fs::path& path) {
      Dataset ds(GDALCreate(driver, path.c_str(), 0, 0, 0, GDT_Unknown, const_cast<char**>(dataset_options.data())));
      if (!ds) throw Error(path.string() + ": cannot create: " + gdal_error());
      datasets.push_back(std::move(ds));
    };
    if (format->container) create(staging->path() / "mawqi.gpkg");
    if (format->acled) {
      create(staging->path() / (std::string(kAcledName) + format->extension));
      acled_layer = create_acled_layer(datasets[0].get(), *format);
      return;
    }
    for (std::size_t i = 0; i < kLayerNames.size(); ++i) {
      const std::string name = kLayerNames[i];
      if (i == 0 && encoding) {  // written from the encoded features
        mentions_path = staging->path() / (name + format->extension);
        mentions_file.reset(std::fopen(mentions_path.c_str(), "wb"));
        if (!mentions_file) throw Error(mentions_path.string() + ": cannot create (" + std::strerror(errno) + ")");
        static_cast<void>(std::setvbuf(mentions_file.get(), nullptr, _IOFBF, 1 << 20));
        datasets.emplace_back();
        continue;
      }
      if (!format->container) create(staging->path() / (name + format->extension));
      layers[i] = create_layer(dataset_of(i), *format, name, name == "mentions" ? kMentionFields : kEventFields,
                               target.get(), caps);
    }
    if (format->container && GDALDatasetStartTransaction(datasets[0].get(), FALSE) == OGRERR_NONE)
      in_transaction = true;
  }

  [[nodiscard]] GDALDatasetH db() const { return datasets[0].get(); }

  // The values of the first column of a query's rows.
  [[nodiscard]] std::vector<std::string> query_column(const std::string& sql) const {
    CPLErrorReset();
    OGRLayerH result = GDALDatasetExecuteSQL(db(), sql.c_str(), nullptr, nullptr);
    if (CPLGetLastErrorType() == CE_Failure) {
      if (result != nullptr) GDALDatasetReleaseResultSet(db(), result);
      throw Error("PostgreSQL: " + gdal_error());
    }
    std::vector<std::string> values;
    if (result == nullptr) return values;
    for (OGRFeatureH f = OGR_L_GetNextFeature(result); f != nullptr; f = OGR_L_GetNextFeature(result)) {
      values.emplace_back(OGR_F_GetFieldAsString(f, 0));
      OGR_F_Destroy(f);
    }
    GDALDatasetReleaseResultSet(db(), result);
    return values;
  }

  void open_postgres() {
    const char* drivers[] = {"PostgreSQL", nullptr};
    Dataset ds(GDALOpenEx(out.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, drivers, nullptr, nullptr));
    if (!ds) throw Error("cannot connect to PostgreSQL: " + gdal_error());
    caps = capabilities(GDALGetDriverByName("PostgreSQL"));
    // Tables first (DDL), then every row in one transaction: readers see the old rows or the new.
    for (std::size_t i = 0; i < kLayerNames.size(); ++i) {
      const std::string name = kLayerNames[i];
      if (GDALDatasetGetLayerByName(ds.get(), name.c_str()) != nullptr) continue;
      create_layer(ds.get(), *format, name, name == "mentions" ? kMentionFields : kEventFields, target.get(), caps);
      if (name != "mentions")
        execute(ds.get(), "CREATE UNIQUE INDEX IF NOT EXISTS \"" + name + "_event_id\" ON \"" + name + "\" (event_id)");
    }
    execute(ds.get(),
            "CREATE TABLE IF NOT EXISTS mawqi_reports (doc_id text NOT NULL, generation bigint NOT NULL, "
            "position bigint NOT NULL, merge_key text NOT NULL, report text NOT NULL)");
    execute(ds.get(), "CREATE INDEX IF NOT EXISTS mawqi_reports_doc ON mawqi_reports (doc_id)");
    execute(ds.get(), "CREATE INDEX IF NOT EXISTS mawqi_reports_key ON mawqi_reports (merge_key)");
    execute(ds.get(), "CREATE INDEX IF NOT EXISTS mentions_doc_id ON mentions (doc_id)");
    if (GDALDatasetStartTransaction(ds.get(), FALSE) != OGRERR_NONE) throw Error("PostgreSQL: " + gdal_error());
    in_transaction = true;
    for (std::size_t i = 0; i < kLayerNames.size(); ++i) {
      layers[i] = GDALDatasetGetLayerByName(ds.get(), kLayerNames[i]);
      if (layers[i] == nullptr) throw Error(std::string("PostgreSQL: no layer ") + kLayerNames[i]);
    }
    datasets.push_back(std::move(ds));
    // This run's reports come after those of earlier runs, in input order.
    const auto last = query_column("SELECT COALESCE(MAX(generation), 0) FROM mawqi_reports");
    generation = (last.empty() ? 0 : std::stoll(last.front())) + 1;
  }

  [[nodiscard]] std::string merge_key(const events::Event& e) const {
    return std::string(events::to_string(e.type)) + "|" + e.sub_event_type + "|" +
           std::string(gazetteer->place(e.place).id);
  }

  [[nodiscard]] static std::string quoted_list(const std::vector<std::string>& values, std::size_t from,
                                               std::size_t to) {
    std::string list;
    for (std::size_t k = from; k < to; ++k) list += (k > from ? "," : "") + sql_quote(values[k]);
    return list;
  }

  // Takes out what the pending articles wrote before (their mentions and reports, noting which
  // events they were part of), then writes what they say now.
  void flush_pending() {
    if (pending.empty()) return;
    std::vector<std::string> docs;
    for (const Pending& p : pending) docs.push_back(p.doc_id);
    const std::string in = quoted_list(docs, 0, docs.size());
    for (std::string& key : query_column("SELECT DISTINCT merge_key FROM mawqi_reports WHERE doc_id IN (" + in + ")"))
      affected_keys.insert(std::move(key));
    execute(db(), "DELETE FROM mawqi_reports WHERE doc_id IN (" + in + ")");
    execute(db(), "DELETE FROM \"mentions\" WHERE doc_id IN (" + in + ")");
    std::string insert;
    for (const Pending& p : pending) {
      add_mentions_to(layers[0], transform.get(), p.mentions, *gazetteer, format->name_field);
      for (const events::Event& e : p.reports) {
        const std::string key = merge_key(e);
        affected_keys.insert(key);
        insert +=
            std::string(insert.empty() ? "" : ",") + "(" + sql_quote(p.doc_id) + "," + std::to_string(generation) +
            "," + std::to_string(position++) + "," + sql_quote(key) + "," +
            sql_quote(event_to_json(e, *gazetteer).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)) +
            ")";
      }
    }
    if (!insert.empty())
      execute(db(), "INSERT INTO mawqi_reports (doc_id, generation, position, merge_key, report) VALUES " + insert);
    pending.clear();
  }

  // Every event of the affected keys merged again from the reports, in report order; the event
  // rows of those keys replaced. Merging never crosses a key, so the other rows stand as they are.
  void merge_reports() {
    std::vector<std::string> keys(affected_keys.begin(), affected_keys.end());
    constexpr std::size_t kChunk = 500;
    for (std::size_t i = 0; i < keys.size(); i += kChunk) {
      const std::size_t to = std::min(keys.size(), i + kChunk);
      const std::string in = quoted_list(keys, i, to);
      events::Deduplicator merger(*gazetteer);
      for (const std::string& report : query_column("SELECT report FROM mawqi_reports WHERE merge_key IN (" + in +
                                                    ") ORDER BY generation, position")) {
        const nlohmann::json j = nlohmann::json::parse(report, nullptr, false);
        try {
          merger.add(event_from_json(j, *gazetteer));
        } catch (const DamagedRecord&) {
          // A report whose place this gazetteer no longer has, or a row edited by hand: a
          // fresh run with this gazetteer would not have it either.
        } catch (const nlohmann::json::exception&) {
        }
      }
      std::vector<events::Event> incidents, handovers;
      for (events::Event& e : std::move(merger).finish())
        (e.type == events::EventType::incident ? incidents : handovers).push_back(std::move(e));
      for (std::size_t t = 1; t < kLayerNames.size(); ++t) {
        execute(db(), std::string("DELETE FROM \"") + kLayerNames[t] +
                          "\" WHERE event_type || '|' || sub_event_type || '|' || place_id IN (" + in + ")");
        add_events(layers[t], transform.get(), kLayerNames[t], t == 1 ? incidents : handovers, *gazetteer,
                   format->name_field);
      }
    }
  }

  // map/symbols.tsv, for the QGIS styles: none without a map folder (every event in grey).
  [[nodiscard]] const std::vector<EventSymbol>& symbols() const {
    static const std::vector<EventSymbol> kNone;
    return map_page ? map_page->symbols() : kNone;
  }

  // mawqi.qgs: the three layers, handovers on top, over the base map (basemap.geojson), with
  // paths relative to the project so that the folder can be moved or shared whole.
  void write_project(const std::string& basemap) const {
    const auto write = [&](const char* name, const std::string& text) {
      const fs::path path = staging->path() / name;
      std::ofstream file(path, std::ios::binary);
      file << text;
      if (!file.flush()) throw Error(path.string() + ": cannot write");
    };
    write("basemap.geojson", basemap);
    std::vector<ProjectLayer> layers;
    for (const char* name : {"handovers", "incidents", "mentions"}) {
      std::string source = format->container ? std::string("./mawqi.gpkg|layername=") + name
                                             : std::string("./") + name + format->extension;
      // GDAL's CSV driver finds the points in the X and Y columns mawqi writes.
      if (format->name == std::string("CSV")) source += "|option:X_POSSIBLE_NAMES=X|option:Y_POSSIBLE_NAMES=Y";
      layers.push_back({name, name, source, "Point", crs});
    }
    layers.push_back({"basemap", "outlines", "./basemap.geojson", "Polygon", "EPSG:4326"});  // GeoJSON: always
    write("mawqi.qgs", qgis_project(layers, symbols(), crs));
  }

  void finish_files() {
    if (in_transaction && GDALDatasetCommitTransaction(datasets[0].get()) != OGRERR_NONE)
      throw Error(out + ": cannot commit: " + gdal_error());
    in_transaction = false;
    if (format->container) add_style_table(datasets[0].get(), symbols());
    for (auto& ds : datasets)
      if (ds) GDALFlushCache(ds.get());
    datasets.clear();  // closes every file
    close_mentions();
    if (CPLGetLastErrorType() == CE_Failure) throw Error(out + ": " + gdal_error());
    if (format->acled) type_csv_dates(staging->path() / (std::string(kAcledName) + format->extension));
    if (!format->container && !format->acled)
      for (const char* name : kLayerNames) {
        const fs::path path = staging->path() / (std::string(name) + ".qml");
        std::ofstream qml(path, std::ios::binary);
        qml << layer_style_qml(name, symbols());
        if (!qml.flush()) throw Error(path.string() + ": cannot write the style");
        if (format->name == std::string("CSV")) type_csv_dates(staging->path() / (std::string(name) + ".csv"));
      }
    // Every file is complete before the first rename; the set is switched whole or not at all,
    // and a signal waits until it is.
    std::vector<fs::path> written;
    for (const auto& entry : fs::directory_iterator(staging->path())) written.push_back(entry.path());
    std::sort(written.begin(), written.end());
    const std::lock_guard<std::mutex> lock(staging_mutex());
    const DirectoryLock other_runs(out);
    switch_files(written, fs::path(out), staging->path() / ".previous");
  }
};

LayerWriter::LayerWriter(std::string out, const OutputOptions& options, const gazetteer::Gazetteer& gazetteer)
    : m(std::make_unique<Impl>()) {
  const OutputOptions resolved = resolve_output(out, options);
  validate_output(resolved);
  m->out = std::move(out);
  m->format = &find_format(resolved.format);
  m->gazetteer = &gazetteer;
  CPLErrorReset();
  m->wgs84 = make_srs("");
  m->target = make_srs(resolved.t_srs);
  if (!resolved.t_srs.empty()) {
    m->transform.reset(OCTNewCoordinateTransformation(m->wgs84.get(), m->target.get()));
    if (!m->transform) throw UsageError("--t_srs " + resolved.t_srs + ": no transformation from WGS 84");
  }
  m->postgres = m->format->name == std::string("PostgreSQL");
  if (m->format->acled) {
    if (resolved.acled_conventions.empty())
      throw UsageError("--format ACLED: the folder of ACLED's conventions (formats/acled) is not known");
    m->acled = AcledConventions::load(resolved.acled_conventions);
  }
  if (!resolved.map_folder.empty() && !m->postgres && !m->format->acled) {
    m->map_page.emplace(resolved.map_folder, resolved.leaflet_folder, gazetteer);
  }
  if (!resolved.t_srs.empty()) m->crs = resolved.t_srs;
  m->encoding = MentionEncoding::of(m->out, resolved);
  if (m->encoding) m->own_encoder.emplace(*m->encoding, gazetteer);
  if (m->postgres)
    m->open_postgres();
  else
    m->open_files();
}

LayerWriter::~LayerWriter() {
  if (!m) return;
  // Not finished: an error happened. Roll back; the staging directory goes with Staging.
  if (!m->finished && m->in_transaction && !m->datasets.empty()) GDALDatasetRollbackTransaction(m->datasets[0].get());
}

const MentionEncoding* LayerWriter::mention_encoding() const { return m->encoding ? &*m->encoding : nullptr; }

void LayerWriter::add_encoded_mentions(std::string_view encoded, const std::vector<MentionFeature>* features) {
  if (!m->encoding) throw Error("this output's mentions are not encoded by features");
  m->add_encoded(encoded, features);
}

void LayerWriter::add_article(const std::string& doc_id, const std::vector<MentionFeature>& mentions,
                              const std::vector<events::Event>& reports) {
  if (m->encoding) {
    m->add_encoded(m->own_encoder->encode(mentions), &mentions);
    return;
  }
  if (m->format->acled) return;  // events only
  if (!m->postgres) {
    add_mentions_to(m->layers[0], m->transform.get(), mentions, *m->gazetteer, m->format->name_field);
    if (m->map_page) m->map_page->add_mentions(mentions);
    return;
  }
  m->pending.push_back({doc_id, mentions, reports});
  constexpr std::size_t kArticlesPerFlush = 500;
  if (m->pending.size() >= kArticlesPerFlush) m->flush_pending();
}

void LayerWriter::finish(const std::vector<events::Event>& incidents, const std::vector<events::Event>& handovers) {
  if (m->postgres) {
    m->flush_pending();
    m->merge_reports();
    if (GDALDatasetCommitTransaction(m->db()) != OGRERR_NONE) throw Error("PostgreSQL: " + gdal_error());
    m->in_transaction = false;
  } else if (m->format->acled) {
    add_acled_rows(m->acled_layer, *m->acled, incidents, handovers, *m->gazetteer);
    m->finish_files();
  } else {
    add_events(m->layers[1], m->transform.get(), "incidents", incidents, *m->gazetteer, m->format->name_field);
    add_events(m->layers[2], m->transform.get(), "handovers", handovers, *m->gazetteer, m->format->name_field);
    if (m->map_page) {
      if (m->map_page->has_page()) {
        const fs::path path = m->staging->path() / "map.html";
        std::ofstream page(path, std::ios::binary);
        page << m->map_page->render(incidents, handovers);
        if (!page.flush()) throw Error(path.string() + ": cannot write the map page");
      }
      m->write_project(m->map_page->basemap(incidents, handovers));
    }
    m->finish_files();
  }
  m->finished = true;
}

void write_layers(const std::string& out, const OutputOptions& options, const Layers& layers,
                  const gazetteer::Gazetteer& gazetteer) {
  if (resolve_output(out, options).format == "PostgreSQL")
    throw UsageError("PostgreSQL keeps each article's own events: write to it with LayerWriter::add_article");
  LayerWriter writer(out, options, gazetteer);
  writer.add_article("", layers.mentions, {});
  writer.finish(layers.incidents, layers.handovers);
}

void register_temporary(const std::string& path) {
  const std::lock_guard<std::mutex> lock(staging_mutex());
  live_staging().insert(path);
}

void unregister_temporary(const std::string& path) {
  const std::lock_guard<std::mutex> lock(staging_mutex());
  live_staging().erase(path);
}

struct InterruptCleanup::Impl {
  sigset_t signals{};
  sigset_t previous{};
  std::atomic<bool> stop{false};
  int wake = -1;  // eventfd: the destructor wakes the watcher at once (no polling interval at exit)
  std::thread watcher;
};

namespace {

// Removes what runs have staged, then ends the process by `sig`, as if it had not been caught
// (exit status 128 + N).
[[noreturn]] void clean_up_and_die(int sig) {
  {
    const std::lock_guard<std::mutex> lock(staging_mutex());  // after a switch in progress
    for (const fs::path& dir : live_staging()) {
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
    ::signal(sig, SIG_DFL);
    sigset_t only{};
    sigemptyset(&only);
    sigaddset(&only, sig);
    pthread_sigmask(SIG_UNBLOCK, &only, nullptr);
    ::raise(sig);
  }
  std::_Exit(128 + sig);
}

}  // namespace

InterruptCleanup::InterruptCleanup() : m(std::make_unique<Impl>()) {
  sigemptyset(&m->signals);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&m->signals, sig);
  pthread_sigmask(SIG_BLOCK, &m->signals, &m->previous);
  m->wake = eventfd(0, EFD_CLOEXEC);
  // Waits in a thread of its own, so what it does on a signal need not be async-signal-safe.
  m->watcher = std::thread([impl = m.get()] {
    while (!impl->stop) {
      // A signal is looked for every 100 ms, or at once when the destructor writes to `wake`.
      if (impl->wake >= 0) {
        pollfd woken{impl->wake, POLLIN, 0};
        if (::poll(&woken, 1, 100) > 0) break;
      }
      const timespec now{0, impl->wake >= 0 ? 0 : 100'000'000};
      const int sig = sigtimedwait(&impl->signals, nullptr, &now);
      if (sig > 0) clean_up_and_die(sig);
    }
  });
}

InterruptCleanup::~InterruptCleanup() {
  m->stop = true;
  if (m->wake >= 0) {
    const std::uint64_t one = 1;
    (void)!::write(m->wake, &one, sizeof one);
  }
  m->watcher.join();
  if (m->wake >= 0) ::close(m->wake);
  pthread_sigmask(SIG_SETMASK, &m->previous, nullptr);
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
