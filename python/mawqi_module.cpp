// The Python module `mawqi` (pybind11): a gazetteer and lexicons loaded once per process, then
// articles processed into mention and event records, shards into partials, partials merged into
// layers. What mawqi-dask runs on each worker; records a user can hand to pandas or GeoPandas.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <cstdlib>

#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "mawqi/error.hpp"
#include "mawqi/io.hpp"
#include "mawqi/map_page.hpp"
#include "mawqi/partial.hpp"
#include "mawqi/pipeline.hpp"
#include "mawqi/run.hpp"

namespace py = pybind11;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// JSON text to Python objects and back, through Python's own json module.
py::object from_json(const json& j) {
  return py::module_::import("json").attr("loads")(j.dump(-1, ' ', false, json::error_handler_t::replace));
}
std::string to_json_text(const py::handle& value) {
  return py::module_::import("json").attr("dumps")(value, py::arg("ensure_ascii") = false).cast<std::string>();
}

// The compiled default index of this build tree (what `mawqi run` maps without --gazetteer).
std::optional<std::string> default_index() {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(MAWQI_COMPILED_GAZETTEER_DIR, ec))
    if (entry.path().extension() == ".mawqi") return entry.path().string();
  return std::nullopt;
}

std::vector<std::string> default_sources() {
  std::vector<std::string> sources;
  const std::string list = MAWQI_DEFAULT_GAZETTEER_SOURCES;  // separated by '|'
  for (std::size_t at = 0; at <= list.size();) {
    const std::size_t end = std::min(list.find('|', at), list.size());
    if (end > at) sources.push_back(list.substr(at, end - at));
    at = end + 1;
  }
  return sources;
}

// Shards as mawqi.plan gives them (lists of slice dicts), read as a plan file is read.
std::vector<mawqi::io::Shard> shards_from(const py::handle& shards) {
  const json plan{{"mawqi_plan", 1}, {"shards", json::parse(to_json_text(shards))}};
  return mawqi::io::parse_shard_plan(plan.dump(), "plan");
}

// Records with the layers' field names (README, "Layers"), plus the point.
json mention_record(const mawqi::io::MentionFeature& m, const mawqi::gazetteer::Gazetteer& g) {
  const auto p = g.place(m.place);
  return json{{"doc_id", m.doc_id},
              {"start", m.start},
              {"end", m.end},
              {"text", m.text},
              {"place_id", std::string(p.id)},
              {"name", std::string(p.name)},
              {"name_ar", std::string(p.name_ar)},
              {"kind", mawqi::to_string(p.kind)},
              {"country", std::string(p.country)},
              {"admin1", std::string(p.admin1)},
              {"confidence", m.confidence},
              {"precision_m", p.precision_m},
              {"relation", m.relation},
              {"lat", p.lat},
              {"lon", p.lon}};
}

json count_of(const std::optional<long>& v) { return v ? json(*v) : json(nullptr); }

json event_record(const mawqi::events::Event& e, const mawqi::gazetteer::Gazetteer& g) {
  const auto p = g.place(e.place);
  return json{{"event_id", e.event_id},
              {"event_type", mawqi::events::to_string(e.type)},
              {"sub_event_type", e.sub_event_type},
              {"event_date", e.date.valid() ? json(e.date.iso()) : json(nullptr)},
              {"date_precision", mawqi::events::to_string(e.date_precision)},
              {"place_id", std::string(p.id)},
              {"place_name", std::string(p.name)},
              {"place_name_ar", std::string(p.name_ar)},
              {"admin1", std::string(p.admin1)},
              {"country", std::string(p.country)},
              {"geo_precision", e.geo_precision},
              {"precision_m", e.precision_m},
              {"location_note", e.location_note},
              {"weapon", e.weapon},
              {"munitions_count", count_of(e.munitions_count)},
              {"fatalities", count_of(e.fatalities)},
              {"injuries", count_of(e.injuries)},
              {"damage", e.damage},
              {"actor_from", e.actor_from},
              {"actor_to", e.actor_to},
              {"actor1", e.actor1},
              {"actor2", e.actor2},
              {"target", e.target},
              {"source_ids", e.source_ids},
              {"source_urls", e.source_urls},
              {"evidence", e.evidence},
              {"language", e.language},
              {"confidence", e.confidence},
              {"lat", e.lat},
              {"lon", e.lon}};
}

py::dict summary_dict(const mawqi::RunSummary& s, std::vector<std::string> warnings) {
  py::dict d;
  d["articles"] = s.articles;
  d["skipped"] = s.skipped;
  d["reused"] = s.reused;
  d["mentions"] = s.mentions;
  d["incidents"] = s.incidents;
  d["handovers"] = s.handovers;
  d["warnings"] = std::move(warnings);
  return d;
}

class Session {
 public:
  Session(const std::optional<std::string>& index, const std::optional<std::vector<std::string>>& gazetteer,
          const std::optional<std::string>& lexicons, const std::optional<std::vector<std::string>>& weights)
      : m_gazetteer(load_gazetteer(index, gazetteer)),
        m_language(mawqi::lang::Language::load(lexicons.value_or(MAWQI_DEFAULT_LEXICONS))),
        m_weights(load_weights(weights)),
        m_pipeline(m_gazetteer, m_language, m_weights),
        m_fingerprint(mawqi::partial_fingerprint(m_gazetteer, m_language, m_weights)) {}

  [[nodiscard]] const std::string& fingerprint() const { return m_fingerprint; }

  // One article (a dict with id, text and optionally title, lang, date, url) into its mentions
  // and its own events, not yet merged with other articles'.
  py::dict process(const py::dict& article) const {
    const mawqi::Article a = mawqi::io::parse_article(to_json_text(article), "article", "article");
    mawqi::ArticleResult r;
    {
      // Other Python threads run meanwhile; one article at a time in the pipeline, whose
      // tokenizer holds ICU break iterators of its own.
      const py::gil_scoped_release release;
      const std::lock_guard<std::mutex> lock(m_process_mutex);
      r = m_pipeline.process(a);
    }
    json mentions = json::array(), evs = json::array();
    for (const auto& m : r.mentions) mentions.push_back(mention_record(m, m_gazetteer));
    for (const auto& e : r.events) evs.push_back(event_record(e, m_gazetteer));
    py::dict out;
    out["id"] = a.id;
    out["mentions"] = from_json(mentions);
    out["events"] = from_json(evs);
    return out;
  }

  // A shard of mawqi.plan (a list of slices), or whole inputs, into a partial file.
  py::dict run_shard(const py::object& shard, const std::string& partial, unsigned jobs, bool strict,
                     const std::optional<std::tuple<std::string, std::size_t, std::size_t>>& position) const {
    mawqi::RunOptions options;
    if (position) {
      const auto& [plan, index, count] = *position;
      if (index >= count)
        throw mawqi::UsageError("run_shard: position: shard " + std::to_string(index) + " of " + std::to_string(count));
      options.plan_position = mawqi::PlanPosition{plan, index, index, count};
    }
    if (py::isinstance<py::str>(shard)) throw mawqi::UsageError("run_shard: a shard is a list of slices or inputs");
    const py::list items(shard);
    if (!items.empty() && py::isinstance<py::str>(items[0])) {
      for (const auto& item : items) options.inputs.push_back(item.cast<std::string>());
    } else {
      options.shard = shards_from(py::make_tuple(items)).at(0);
    }
    options.partial_path = partial;
    options.fingerprint = m_fingerprint;
    options.jobs = jobs;
    options.strict = strict;
    options.weights = m_weights;
    std::vector<std::string> warnings;
    mawqi::RunSummary s;
    {
      const py::gil_scoped_release release;
      if (!options.shard)
        options.inputs =
            mawqi::io::article_inputs(options.inputs, [&](const std::string& w) { warnings.push_back(w); });
      s = mawqi::run_corpus(options, m_gazetteer, m_language,
                            [&](const std::string& w) { warnings.push_back(mawqi::io::redact_secrets(w)); });
    }
    return summary_dict(s, std::move(warnings));
  }

  py::dict merge(const std::vector<std::string>& partials, const std::optional<std::string>& out,
                 const std::optional<std::string>& partial, const std::optional<std::string>& format,
                 const std::optional<std::string>& t_srs, bool strict) const {
    mawqi::MergeOptions options;
    options.partials = partials;
    if (out.has_value() == partial.has_value())
      throw mawqi::UsageError("merge: give out= (layers) or partial= (one partial), not both");
    options.out = out.value_or("");
    options.partial_path = partial.value_or("");
    options.output.format = format.value_or("");
    options.output.t_srs = t_srs.value_or("");
    const char* acled = std::getenv("MAWQI_ACLED");  // as the command reads it
    options.output.acled_conventions = acled != nullptr && *acled != '\0' ? acled : MAWQI_DEFAULT_ACLED;
    const char* map = std::getenv("MAWQI_MAP");
    options.output.map_folder = map != nullptr && *map != '\0' ? map : MAWQI_DEFAULT_MAP;
    options.output.leaflet_folder = mawqi::io::default_leaflet_folder();
    if (!mawqi::io::leaflet_missing(options.output.leaflet_folder).empty()) options.output.leaflet_folder.clear();
    options.fingerprint = m_fingerprint;
    options.strict = strict;
    if (out) mawqi::io::validate_output(mawqi::io::resolve_output(options.out, options.output));
    std::vector<std::string> warnings;
    mawqi::RunSummary s;
    {
      const py::gil_scoped_release release;
      s = mawqi::merge_partials(options, m_gazetteer,
                                [&](const std::string& w) { warnings.push_back(mawqi::io::redact_secrets(w)); });
    }
    return summary_dict(s, std::move(warnings));
  }

 private:
  static mawqi::gazetteer::Gazetteer load_gazetteer(const std::optional<std::string>& index,
                                                    const std::optional<std::vector<std::string>>& sources) {
    if (index && sources) throw mawqi::UsageError("give index= or gazetteer=, not both");
    if (index) return mawqi::gazetteer::Gazetteer::open_index(*index);
    if (sources) return mawqi::gazetteer::Gazetteer::build(*sources, tokenizer());
    if (const auto compiled = default_index()) return mawqi::gazetteer::Gazetteer::open_index(*compiled);
    return mawqi::gazetteer::Gazetteer::build(default_sources(), tokenizer());
  }
  static mawqi::resolve::Weights load_weights(const std::optional<std::vector<std::string>>& assignments) {
    mawqi::resolve::Weights w;
    if (assignments)
      for (const std::string& a : *assignments) w.set(a);
    return w;
  }
  static const mawqi::text::Tokenizer& tokenizer() {
    static const mawqi::text::Tokenizer t;
    return t;
  }

  mawqi::gazetteer::Gazetteer m_gazetteer;
  mawqi::lang::Language m_language;
  mawqi::resolve::Weights m_weights;
  mawqi::Pipeline m_pipeline;
  mutable std::mutex m_process_mutex;
  std::string m_fingerprint;
};

}  // namespace

PYBIND11_MODULE(mawqi, m) {
  m.doc() = "mawqi: places and events from Arabic and English news (the C++ pipeline, loaded once)";
  m.attr("__version__") = MAWQI_VERSION;
  // A bad input or a bad call is the caller's to fix: ValueError; anything else RuntimeError.
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const mawqi::InputError& e) {
      PyErr_SetString(PyExc_ValueError, mawqi::io::redact_secrets(e.what()).c_str());
    } catch (const mawqi::UsageError& e) {
      PyErr_SetString(PyExc_ValueError, mawqi::io::redact_secrets(e.what()).c_str());
    } catch (const mawqi::Error& e) {
      PyErr_SetString(PyExc_RuntimeError, mawqi::io::redact_secrets(e.what()).c_str());
    }
  });
  m.def(
      "plan",
      [](const std::vector<std::string>& inputs, std::size_t shards) {
        std::vector<std::string> ignored;
        const auto kept = mawqi::io::article_inputs(inputs, [&](const std::string& w) { ignored.push_back(w); });
        return from_json(json::parse(mawqi::io::shard_plan_json(mawqi::io::plan_shards(kept, shards)))["shards"]);
      },
      py::arg("inputs"), py::arg("shards"),
      "At most `shards` shards of the inputs, in input order, of about equal bytes: lists of slices "
      "({path, begin, end, line}) for Mawqi.run_shard");
  m.def("redact_secrets", &mawqi::io::redact_secrets, py::arg("text"),
        "The text on one line, without the password of any connection string in it");
  m.def(
      "plan_digest", [](const py::list& shards) { return mawqi::io::plan_digest(shards_from(shards)); },
      py::arg("shards"), "The identity of a plan (what mawqi.plan returned), for run_shard's position");
  py::class_<Session>(m, "Mawqi")
      .def(py::init<const std::optional<std::string>&, const std::optional<std::vector<std::string>>&,
                    const std::optional<std::string>&, const std::optional<std::vector<std::string>>&>(),
           py::kw_only(), py::arg("index") = py::none(), py::arg("gazetteer") = py::none(),
           py::arg("lexicons") = py::none(), py::arg("weights") = py::none(), py::call_guard<py::gil_scoped_release>(),
           "Loads a compiled index (index=), gazetteer sources (gazetteer=[...]) or the bundled default, "
           "and the lexicons; weights=['NAME=VALUE', ...]")
      .def_property_readonly("fingerprint", &Session::fingerprint,
                             "What partials are bound to: the gazetteer, lexicons, weights and release")
      .def("process", &Session::process, py::arg("article"),
           "An article dict (id, text, title, lang, date, url) into {id, mentions, events}, records with the "
           "layers' field names plus lat and lon; the events are the article's own reports, not yet merged "
           "across articles (event_id is empty until a merge gives it)")
      .def("run_shard", &Session::run_shard, py::arg("shard"), py::arg("partial"), py::kw_only(), py::arg("jobs") = 1,
           py::arg("strict") = false, py::arg("position") = py::none(),
           "A shard of mawqi.plan (or a list of input paths) into a partial file; position=(plan_digest(shards), "
           "index, len(shards)) binds it to its place in the plan, which the merge checks; returns the counts and "
           "warnings")
      .def("merge", &Session::merge, py::arg("partials"), py::kw_only(), py::arg("out") = py::none(),
           py::arg("partial") = py::none(), py::arg("format") = py::none(), py::arg("t_srs") = py::none(),
           py::arg("strict") = false,
           "Partials, in shard order, into the layers at out= (a directory or PG:...) or one partial=");
}
