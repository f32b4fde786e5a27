// Layers through GDAL/OGR in every format --format names. File formats are written into a
// private staging directory beside the destination and renamed into place; PostgreSQL rows
// are replaced by key inside one transaction.
#include <cpl_conv.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>

#include "mawqi/error.hpp"
#include "mawqi/io.hpp"
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
};

const std::vector<Format>& formats() {
  static const std::vector<Format> kFormats = {
      {"GeoJSON", "GeoJSON", ".geojson", false, false, true, {"COORDINATE_PRECISION=6", "WRITE_NAME=YES"}},
      {"GeoJSONSeq", "GeoJSONSeq", ".geojsonl", false, false, false, {"RS=NO", "COORDINATE_PRECISION=6"}},
      {"GPKG", "GPKG", "", true, true, false, {"SPATIAL_INDEX=YES"}},
      {"FlatGeobuf", "FlatGeobuf", ".fgb", false, true, false, {"SPATIAL_INDEX=YES"}},
      {"KML", "KML", ".kml", false, false, false, {}},
      {"CSV", "CSV", ".csv", false, true, false, {"GEOMETRY=AS_XY", "CREATE_CSVT=YES", "STRING_QUOTING=IF_NEEDED"}},
      {"PostgreSQL", "PostgreSQL", "", true, true, false, {"GEOMETRY_NAME=geom", "FID=fid", "SPATIAL_INDEX=GIST"}}};
  return kFormats;
}

const Format& find_format(const std::string& name) {
  for (const Format& f : formats())
    if (name == f.name) return f;
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
  // CSV writes dates as 2020/07/24; ISO text is what spreadsheets and scripts expect.
  const bool csv = std::string(GDALGetDriverShortName(driver)) == "CSV";
  return {has("StringList"), has("Date") && !csv};
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

class FeatureBuilder {
 public:
  FeatureBuilder(OGRLayerH layer, OGRCoordinateTransformationH transform)
      : m_layer(layer), m_feature(OGR_F_Create(OGR_L_GetLayerDefn(layer))), m_transform(transform) {}
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
    if (!d.valid()) return;
    if (type(name) == OFTDate)
      OGR_F_SetFieldDateTime(m_feature, index(name), d.year, d.month, d.day, 0, 0, 0, 0);
    else
      OGR_F_SetFieldString(m_feature, index(name), d.iso().c_str());
  }
  void set_list(const char* name, const std::vector<std::string>& values) {
    if (values.empty()) return;  // null, in every format
    if (type(name) == OFTStringList) {
      std::vector<const char*> ptrs;
      for (const auto& v : values) ptrs.push_back(v.c_str());
      ptrs.push_back(nullptr);
      OGR_F_SetFieldStringList(m_feature, index(name), const_cast<char**>(ptrs.data()));
      return;
    }
    std::string joined;  // formats without lists: "a; b"
    for (const auto& v : values) joined += (joined.empty() ? "" : "; ") + v;
    set(name, joined);
  }
  void write(double lat, double lon, const std::string& layer_name) {
    OGRGeometryH point = OGR_G_CreateGeometry(wkbPoint);
    OGR_G_SetPoint_2D(point, 0, lon, lat);
    if (m_transform != nullptr && OGR_G_Transform(point, m_transform) != OGRERR_NONE) {
      OGR_G_DestroyGeometry(point);
      throw Error("cannot reproject a point of layer " + layer_name + ": " + gdal_error());
    }
    OGR_F_SetGeometryDirectly(m_feature, point);
    if (OGR_L_CreateFeature(m_layer, m_feature) != OGRERR_NONE)
      throw Error("cannot write a feature to layer " + layer_name + ": " + gdal_error());
  }

 private:
  [[nodiscard]] int index(const char* name) const { return OGR_F_GetFieldIndex(m_feature, name); }
  [[nodiscard]] OGRFieldType type(const char* name) const {
    return OGR_Fld_GetType(OGR_F_GetFieldDefnRef(m_feature, index(name)));
  }
  OGRLayerH m_layer;
  OGRFeatureH m_feature;
  OGRCoordinateTransformationH m_transform;
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
  return layer;
}

void add_mentions_to(OGRLayerH layer, OGRCoordinateTransformationH transform,
                     const std::vector<MentionFeature>& mentions, const gazetteer::Gazetteer& gazetteer) {
  for (const MentionFeature& m : mentions) {
    const gazetteer::PlaceView p = gazetteer.place(m.place);
    FeatureBuilder f(layer, transform);
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
    f.write(p.lat, p.lon, "mentions");
  }
}

void add_events(OGRLayerH layer, OGRCoordinateTransformationH transform, const std::string& name,
                const std::vector<events::Event>& events, const gazetteer::Gazetteer& gazetteer) {
  for (const events::Event& e : events) {
    const gazetteer::PlaceView p = gazetteer.place(e.place);
    FeatureBuilder f(layer, transform);
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
    f.set("target", e.target);
    f.set_list("source_ids", e.source_ids);
    f.set_list("source_urls", e.source_urls);
    f.set("evidence", e.evidence);
    f.set("language", e.language);
    f.set_real("confidence", std::round(e.confidence * 1000) / 1000);
    f.write(e.lat, e.lon, name);
  }
}

const std::array<const char*, 3> kLayerNames = {"mentions", "incidents", "handovers"};

// QGIS reads a GeoPackage's styles from its layer_styles table.
void add_style_table(GDALDatasetH ds) {
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
    OGR_F_SetFieldString(f, OGR_F_GetFieldIndex(f, "styleQML"), layer_style_qml(layer).c_str());
    OGR_F_SetFieldString(f, OGR_F_GetFieldIndex(f, "description"), "mawqi default style");
    OGR_F_SetFieldInteger(f, OGR_F_GetFieldIndex(f, "useAsDefault"), 1);
    // A fixed time keeps the file byte-identical from run to run.
    OGR_F_SetFieldDateTime(f, OGR_F_GetFieldIndex(f, "update_time"), 2000, 1, 1, 0, 0, 0, 100);
    const OGRErr err = OGR_L_CreateFeature(styles, f);
    OGR_F_Destroy(f);
    if (err != OGRERR_NONE) throw Error("cannot write layer_styles: " + gdal_error());
  }
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

// Deletes the rows whose `column` is one of `keys`, in statements of bounded size.
void delete_rows(GDALDatasetH ds, const std::string& table, const std::string& column, std::vector<std::string> keys) {
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  constexpr std::size_t kChunk = 500;
  for (std::size_t i = 0; i < keys.size(); i += kChunk) {
    std::string sql = "DELETE FROM \"" + table + "\" WHERE \"" + column + "\" IN (";
    for (std::size_t k = i; k < std::min(keys.size(), i + kChunk); ++k) sql += (k > i ? "," : "") + sql_quote(keys[k]);
    execute(ds, sql + ")");
  }
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

const std::vector<std::string>& output_formats() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> names;
    for (const Format& f : formats()) names.emplace_back(f.name);
    return names;
  }();
  return kNames;
}

void validate_output(const OutputOptions& options) {
  const Format& format = find_format(options.format);
  if (!options.t_srs.empty() && !format.any_crs)
    throw UsageError("--t_srs: " + options.format + " is always WGS 84 (use GPKG, FlatGeobuf, CSV or PostgreSQL)");
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
  bool postgres = false;
  bool in_transaction = false;
  bool finished = false;

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
    auto create = [&](const fs::path& path) {
      Dataset ds(GDALCreate(driver, path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
      if (!ds) throw Error(path.string() + ": cannot create: " + gdal_error());
      datasets.push_back(std::move(ds));
    };
    if (format->container) create(staging->path() / "mawqi.gpkg");
    for (std::size_t i = 0; i < kLayerNames.size(); ++i) {
      const std::string name = kLayerNames[i];
      if (!format->container) create(staging->path() / (name + format->extension));
      layers[i] = create_layer(dataset_of(i), *format, name, name == "mentions" ? kMentionFields : kEventFields,
                               target.get(), caps);
    }
    if (format->container && GDALDatasetStartTransaction(datasets[0].get(), FALSE) == OGRERR_NONE)
      in_transaction = true;
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
    if (GDALDatasetStartTransaction(ds.get(), FALSE) != OGRERR_NONE) throw Error("PostgreSQL: " + gdal_error());
    in_transaction = true;
    for (std::size_t i = 0; i < kLayerNames.size(); ++i) {
      layers[i] = GDALDatasetGetLayerByName(ds.get(), kLayerNames[i]);
      if (layers[i] == nullptr) throw Error(std::string("PostgreSQL: no layer ") + kLayerNames[i]);
    }
    datasets.push_back(std::move(ds));
  }

  void finish_files() {
    if (in_transaction && GDALDatasetCommitTransaction(datasets[0].get()) != OGRERR_NONE)
      throw Error(out + ": cannot commit: " + gdal_error());
    in_transaction = false;
    if (format->container) add_style_table(datasets[0].get());
    for (auto& ds : datasets) GDALFlushCache(ds.get());
    datasets.clear();  // closes every file
    if (CPLGetLastErrorType() == CE_Failure) throw Error(out + ": " + gdal_error());
    if (!format->container)
      for (const char* name : kLayerNames) {
        const fs::path path = staging->path() / (std::string(name) + ".qml");
        std::ofstream qml(path, std::ios::binary);
        qml << layer_style_qml(name);
        if (!qml.flush()) throw Error(path.string() + ": cannot write the style");
      }
    // Every file is complete before the first rename.
    std::vector<fs::path> written;
    for (const auto& entry : fs::directory_iterator(staging->path())) written.push_back(entry.path());
    std::sort(written.begin(), written.end());
    std::error_code ec;
    for (const fs::path& file : written) {
      fs::rename(file, fs::path(out) / file.filename(), ec);
      if (ec) throw Error((fs::path(out) / file.filename()).string() + ": cannot replace (" + ec.message() + ")");
    }
  }
};

LayerWriter::LayerWriter(std::string out, const OutputOptions& options, const gazetteer::Gazetteer& gazetteer)
    : m(std::make_unique<Impl>()) {
  validate_output(options);
  m->out = std::move(out);
  m->format = &find_format(options.format);
  m->gazetteer = &gazetteer;
  CPLErrorReset();
  m->wgs84 = make_srs("");
  m->target = make_srs(options.t_srs);
  if (!options.t_srs.empty()) {
    m->transform.reset(OCTNewCoordinateTransformation(m->wgs84.get(), m->target.get()));
    if (!m->transform) throw UsageError("--t_srs " + options.t_srs + ": no transformation from WGS 84");
  }
  m->postgres = m->format->name == std::string("PostgreSQL");
  if (m->postgres)
    m->open_postgres();
  else
    m->open_files();
}

LayerWriter::~LayerWriter() {
  // Not finished: an error happened. Roll back; the staging directory goes with Staging.
  if (m && !m->finished && m->in_transaction && !m->datasets.empty())
    GDALDatasetRollbackTransaction(m->datasets[0].get());
}

void LayerWriter::add_mentions(const std::vector<MentionFeature>& mentions) {
  if (mentions.empty()) return;
  if (m->postgres) {
    std::vector<std::string> docs;
    for (const auto& mention : mentions) docs.push_back(mention.doc_id);
    delete_rows(m->datasets[0].get(), "mentions", "doc_id", docs);
  }
  add_mentions_to(m->layers[0], m->transform.get(), mentions, *m->gazetteer);
}

void LayerWriter::finish(const std::vector<events::Event>& incidents, const std::vector<events::Event>& handovers) {
  const std::array<const std::vector<events::Event>*, 2> lists = {&incidents, &handovers};
  for (std::size_t i = 0; i < lists.size(); ++i) {
    const std::string name = kLayerNames[i + 1];
    if (m->postgres) {
      std::vector<std::string> ids;
      for (const auto& e : *lists[i]) ids.push_back(e.event_id);
      delete_rows(m->datasets[0].get(), name, "event_id", ids);
    }
    add_events(m->layers[i + 1], m->transform.get(), name, *lists[i], *m->gazetteer);
  }
  if (m->postgres) {
    if (GDALDatasetCommitTransaction(m->datasets[0].get()) != OGRERR_NONE) throw Error("PostgreSQL: " + gdal_error());
    m->in_transaction = false;
  } else {
    m->finish_files();
  }
  m->finished = true;
}

void write_layers(const std::string& out, const OutputOptions& options, const Layers& layers,
                  const gazetteer::Gazetteer& gazetteer) {
  LayerWriter writer(out, options, gazetteer);
  writer.add_mentions(layers.mentions);
  writer.finish(layers.incidents, layers.handovers);
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
