// Scoring against gold (src/eval): event P/R/F1 per language and the accuracy of event fields
// on matched events, with the gold's "not stated" conventions (../shared/corpus/README.md).
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <sstream>

#include "mawqi/error.hpp"
#include "mawqi/eval.hpp"
#include "support.hpp"

using namespace mawqi;
using eval::Field;

namespace {

// Two places, far apart, so that an event matches only at its own.
const gazetteer::Gazetteer& places() {
  static const gazetteer::Gazetteer g = [] {
    Place taji;
    taji.id = "mq:camp-taji";
    taji.name = "Camp Taji";
    taji.kind = PlaceKind::military_base;
    taji.lat = 33.53;
    taji.lon = 44.26;
    Place erbil;
    erbil.id = "mq:erbil-airport";
    erbil.name = "Erbil International Airport";
    erbil.kind = PlaceKind::airport;
    erbil.lat = 36.24;
    erbil.lon = 43.96;
    return gazetteer::Gazetteer::from_places({taji, erbil}, test::tokenizer());
  }();
  return g;
}

std::uint32_t place_index(std::string_view id) { return *places().find_id(id); }

// A gold incident at Camp Taji that states every incident field.
eval::GoldEvent gold_incident() {
  eval::GoldEvent g;
  g.type = "incident";
  g.subtype = "rocket_attack";
  g.place = "Camp Taji";
  g.lat = 33.53;
  g.lon = 44.26;
  g.date = events::Date{2020, 3, 11};
  g.date_stated = true;
  g.count = 3;
  g.count_unit = "rockets";
  g.killed = 2;
  g.wounded = 0;
  g.actor = "Kataib Hezbollah (claimed)";
  g.target = "supply convoy of the coalition";
  return g;
}

// Ours, agreeing with gold_incident() on every field.
events::Event our_incident() {
  events::Event e;
  e.type = events::EventType::incident;
  e.sub_event_type = "rocket_attack";
  e.place = place_index("mq:camp-taji");
  e.lat = 33.53;
  e.lon = 44.26;
  e.date = events::Date{2020, 3, 11};
  e.date_precision = events::DatePrecision::day;
  e.munitions_count = 3;
  e.fatalities = 2;
  e.injuries = 0;
  e.actor1 = "Kataib Hezbollah";
  e.target = "convoy";
  return e;
}

eval::GoldEvent gold_handover() {
  eval::GoldEvent g;
  g.type = "handover";
  g.subtype = "base_transfer";
  g.place = "Camp Taji";
  g.lat = 33.53;
  g.lon = 44.26;
  g.date = events::Date{2020, 8, 23};
  g.date_stated = true;
  g.from = "US-led coalition (Australian forces)";
  g.to = "Iraqi army";
  return g;
}

events::Event our_handover() {
  events::Event e;
  e.type = events::EventType::handover;
  e.sub_event_type = "base_handover";
  e.place = place_index("mq:camp-taji");
  e.lat = 33.53;
  e.lon = 44.26;
  e.date = events::Date{2020, 8, 23};
  e.date_precision = events::DatePrecision::day;
  e.actor_from = "Australian forces (coalition)";
  e.actor_to = "Iraqi security forces";
  return e;
}

eval::Report score_one(const eval::GoldEvent& gold, const events::Event& ours, const std::string& lang = "en") {
  eval::Report r;
  eval::score(eval::GoldDocument{"d1", {}, {gold}}, eval::Prediction{"d1", lang, {}, {ours}}, places(), r);
  return r;
}

std::string printed(const eval::Report& r) {
  std::ostringstream out;
  eval::print(r, out);
  return out.str();
}

}  // namespace

TEST(EvalFields, EveryFieldRight) {
  const eval::Report r = score_one(gold_incident(), our_incident());
  EXPECT_EQ(r.events.tp, 1u);
  for (Field f :
       {Field::subtype, Field::date, Field::count, Field::killed, Field::wounded, Field::actor, Field::target})
    EXPECT_EQ(r.field(f).correct, 1u) << to_string(f);
  EXPECT_EQ(r.field(Field::from).total, 0u);  // an incident's gold states no handover parties
  EXPECT_EQ(r.field(Field::to).total, 0u);
  EXPECT_EQ(r.fields_overall().correct, 7u);
  EXPECT_EQ(r.fields_overall().total, 7u);
  EXPECT_TRUE(r.field_misses.empty());

  const eval::Report h = score_one(gold_handover(), our_handover());
  for (Field f : {Field::subtype, Field::date, Field::from, Field::to})
    EXPECT_EQ(h.field(f).correct, 1u) << to_string(f);
  EXPECT_EQ(h.fields_overall().total, 4u);
  EXPECT_TRUE(h.field_misses.empty());
}

// One field of ours wrong at a time: only that field is counted wrong, and one miss line names
// the article, the field, the gold's value and ours.
TEST(EvalFields, EachFieldWrong) {
  struct Case {
    Field field;
    bool handover;
    std::function<void(events::Event&)> spoil;
    std::string line;  // expected in the miss line
  };
  const std::vector<Case> cases = {
      {Field::subtype, false, [](events::Event& e) { e.sub_event_type = "mortar_attack"; },
       "gold rocket_attack, ours mortar_attack"},
      {Field::subtype, true, [](events::Event& e) { e.sub_event_type = "armed_attack"; },
       "gold base_transfer, ours armed_attack"},
      {Field::date, false,
       [](events::Event& e) {
         e.date = events::Date{2020, 3, 10};
       },  // still matches (±1 day)
       "gold 2020-03-11, ours 2020-03-10 (day)"},
      {Field::date, false, [](events::Event& e) { e.date_precision = events::DatePrecision::week; },
       "gold 2020-03-11, ours 2020-03-11 (week)"},
      {Field::count, false, [](events::Event& e) { e.munitions_count = 4; }, "gold 3, ours 4"},
      {Field::count, false, [](events::Event& e) { e.munitions_count.reset(); }, "gold 3, ours null"},
      {Field::killed, false, [](events::Event& e) { e.fatalities = 0; }, "gold 2, ours 0"},
      {Field::wounded, false, [](events::Event& e) { e.injuries.reset(); }, "gold 0, ours null"},
      {Field::actor, false, [](events::Event& e) { e.actor1 = "Islamic State"; },
       "gold \"Kataib Hezbollah (claimed)\", ours \"Islamic State\""},
      {Field::target, false, [](events::Event& e) { e.target = "Camp Taji"; },
       "gold \"supply convoy of the coalition\", ours target \"Camp Taji\" / actor2 null"},
      {Field::from, true, [](events::Event& e) { e.actor_from = "British forces (coalition)"; },
       "gold \"US-led coalition (Australian forces)\", ours \"British forces (coalition)\""},
      {Field::to, true, [](events::Event& e) { e.actor_to.clear(); }, "gold \"Iraqi army\", ours null"},
  };
  for (const Case& c : cases) {
    events::Event ours = c.handover ? our_handover() : our_incident();
    c.spoil(ours);
    const eval::Report r = score_one(c.handover ? gold_handover() : gold_incident(), ours);
    ASSERT_EQ(r.events.tp, 1u) << c.line;
    const eval::FieldCounts all = r.fields_overall();
    EXPECT_EQ(r.field(c.field).correct, 0u) << c.line;
    EXPECT_EQ(r.field(c.field).total, 1u) << c.line;
    EXPECT_EQ(all.correct + 1, all.total) << c.line;
    ASSERT_EQ(r.field_misses.size(), 1u) << c.line;
    const std::string& miss = r.field_misses[0];
    EXPECT_EQ(miss.rfind("d1  field     " + std::string(to_string(c.field)), 0), 0u) << miss;
    EXPECT_NE(miss.find(c.line), std::string::npos) << miss;
  }
}

// A field the gold leaves null or out is not scored, whatever ours says; but `date: null` (vague)
// and `to: null` (nobody named as receiving) are statements that ours must agree with.
TEST(EvalFields, NullIsNotStated) {
  eval::GoldEvent bare;
  bare.type = "incident";
  bare.place = "Camp Taji";
  bare.lat = 33.53;
  bare.lon = 44.26;
  const eval::Report r = score_one(bare, our_incident());
  EXPECT_EQ(r.events.tp, 1u);
  EXPECT_EQ(r.fields_overall().total, 0u);
  EXPECT_TRUE(r.field_misses.empty());

  eval::GoldEvent vague = bare;
  vague.date_stated = true;  // `"date": null`
  events::Event ours = our_incident();
  EXPECT_EQ(score_one(vague, ours).field(Field::date).correct, 0u);  // we claim a day
  ours.date_precision = events::DatePrecision::month;
  EXPECT_EQ(score_one(vague, ours).field(Field::date).correct, 1u);
  ours.date = {};
  ours.date_precision = events::DatePrecision::unknown;
  EXPECT_EQ(score_one(vague, ours).field(Field::date).correct, 1u);

  eval::GoldEvent nobody = gold_handover();
  nobody.to = "";  // `"to": null`
  events::Event handover = our_handover();
  eval::Report wrong = score_one(nobody, handover);
  EXPECT_EQ(wrong.field(Field::to).correct, 0u);
  ASSERT_EQ(wrong.field_misses.size(), 1u);
  EXPECT_NE(wrong.field_misses[0].find("gold null (nobody named), ours \"Iraqi security forces\""), std::string::npos);
  handover.actor_to.clear();
  EXPECT_EQ(score_one(nobody, handover).field(Field::to).correct, 1u);
  nobody.to.reset();  // no `to` key at all
  EXPECT_EQ(score_one(nobody, our_handover()).field(Field::to).total, 0u);
}

// The comparison documented in src/eval/eval.cpp (same_actor).
TEST(EvalFields, ActorComparison) {
  struct Case {
    const char* gold;
    const char* ours;
    bool same;
  };
  const std::vector<Case> cases = {
      {"US forces", "US forces (coalition)", true},                                     // a bracketed qualifier of ours
      {"Iraqi Security Forces", "Iraqi security forces", true},                         // case
      {"U.S. troops", "US forces (coalition)", true},                                   // full stops; troops = forces
      {"US-led coalition (Australian forces)", "Australian forces (coalition)", true},  // the same two words
      {"US-led coalition", "US forces (coalition)", true},                              // ours within the gold's words
      {"Kataib Hezbollah (claimed)", "Kataib Hezbollah", true},                         // a claim is about the source
      {"Iran (Quds Force)", "Quds Force", true},
      {"Iran (Quds Force)", "Iran", true},
      {"supply convoy of the coalition", "convoy", true},
      {"Saraya Awliya al-Dam", "Saraya Awliya al Dam", true},  // hyphen
      {"Saraya Thar’allah", "Saraya Thar'allah", true},        // typographic apostrophe
      {"troops", "troops", true},                              // nothing left but the generic word
      {"US forces (international coalition)", "Australian forces (coalition)", false},  // a shared qualifier only
      {"rebels (per the government in Tripoli)", "government forces", false},           // an attribution is not a name
      {"Iraqi security forces", "US forces (coalition)", false},
      {"Syrian government forces", "Russian forces", false},
      {"troops", "forces", false},
      {"Hamas", "", false},
      {"", "", false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(eval::same_actor(c.gold, c.ours), c.same) << c.gold << " / " << c.ours;
    EXPECT_EQ(eval::same_actor(c.ours, c.gold), c.same) << "symmetric: " << c.gold << " / " << c.ours;
  }
}

TEST(EvalEvents, CountedPerLanguage) {
  eval::Report r;
  // Arabic: one match, and field misses only from it.
  eval::score(eval::GoldDocument{"a1", {}, {gold_incident()}}, eval::Prediction{"a1", "ar", {}, {our_incident()}},
              places(), r);
  // English: the gold event at Taji missed, ours at Erbil spurious.
  events::Event erbil = our_incident();
  erbil.place = place_index("mq:erbil-airport");
  erbil.lat = 36.24;
  erbil.lon = 43.96;
  eval::score(eval::GoldDocument{"e1", {}, {gold_handover()}}, eval::Prediction{"e1", "en", {}, {erbil}}, places(), r);
  // English again: a match with a wrong count.
  events::Event three = our_incident();
  three.munitions_count = 5;
  eval::score(eval::GoldDocument{"e2", {}, {gold_incident()}}, eval::Prediction{"e2", "en", {}, {three}}, places(), r);

  EXPECT_EQ(r.events_ar.tp, 1u);
  EXPECT_EQ(r.events_ar.fp + r.events_ar.fn, 0u);
  EXPECT_EQ(r.events_en.tp, 1u);
  EXPECT_EQ(r.events_en.fp, 1u);
  EXPECT_EQ(r.events_en.fn, 1u);
  EXPECT_EQ(r.events.tp, 2u);
  EXPECT_EQ(r.events.fp, 1u);
  EXPECT_EQ(r.events.fn, 1u);
  EXPECT_EQ(r.field(Field::count).correct, 1u);
  EXPECT_EQ(r.field(Field::count).total, 2u);

  const std::string out = printed(r);
  EXPECT_NE(out.find("events\n  all  P 0.667  R 0.667  F1 0.667  (tp 2, fp 1, fn 1)\n"
                     "  ar   P 1.000  R 1.000  F1 1.000  (tp 1, fp 0, fn 0)\n"
                     "  en   P 0.500  R 0.500  F1 0.500  (tp 1, fp 1, fn 1)\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("fields (2 matched events)\n  subtype    2/2    1.000\n"), std::string::npos) << out;
  EXPECT_NE(out.find("  count      1/2    0.500\n"), std::string::npos) << out;
  EXPECT_NE(out.find("  from       0/0    -\n"), std::string::npos) << out;
  EXPECT_NE(out.find("  all       13/14   0.929\n"), std::string::npos) << out;
  // Field misses come after the event misses, and are counted with them.
  const std::size_t missed = out.find("e1  missed    event handover/base_transfer at Camp Taji on 2020-08-23");
  const std::size_t field = out.find("e2  field     count    gold 3, ours 5  (incident/rocket_attack at Camp Taji");
  ASSERT_NE(missed, std::string::npos) << out;
  ASSERT_NE(field, std::string::npos) << out;
  EXPECT_LT(missed, field);
  EXPECT_NE(out.find("misses (3)\n"), std::string::npos) << out;
}

namespace {

std::string gold_with_event(const std::string& event_fields) {
  return R"({"id":"g","toponyms":[],"events":[{"type":"handover","subtype":"base_transfer","place":"Camp Taji",)"
         R"("lat":33.5,"lon":44.3)" +
         event_fields + "}]}";
}

eval::GoldDocument read(const std::string& json) {
  const std::string path = test::temp_dir("gold-fields") + ".json";
  test::write_file(path, json);
  struct Remove {
    std::string p;
    ~Remove() { std::filesystem::remove(p); }
  } remove{path};
  return eval::read_gold(path);
}

std::string error_of(const std::string& json) {
  try {
    (void)read(json);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST(GoldReader, ReadsEventFields) {
  const eval::GoldDocument all = read(gold_with_event(
      R"(,"date":"2020-08-23","count":3,"count_unit":"rockets","casualties":{"killed":1,"wounded":null},)"
      R"("damage":"material only","from":"US forces","to":null,"actor":"gunmen","target":"convoy","primary":true)"));
  ASSERT_EQ(all.events.size(), 1u);
  const eval::GoldEvent& e = all.events[0];
  EXPECT_TRUE(e.date_stated);
  EXPECT_EQ(e.date, (events::Date{2020, 8, 23}));
  EXPECT_EQ(e.count, 3);
  EXPECT_EQ(e.count_unit, "rockets");
  EXPECT_EQ(e.killed, 1);
  EXPECT_FALSE(e.wounded.has_value());
  EXPECT_EQ(e.damage, "material only");
  EXPECT_EQ(e.from, "US forces");
  ASSERT_TRUE(e.to.has_value());  // stated: nobody named
  EXPECT_EQ(*e.to, "");
  EXPECT_EQ(e.actor, "gunmen");
  EXPECT_EQ(e.target, "convoy");
  EXPECT_EQ(e.primary, true);

  const eval::GoldEvent bare = read(gold_with_event("")).events.at(0);
  EXPECT_FALSE(bare.date_stated);
  EXPECT_FALSE(bare.count.has_value());
  EXPECT_FALSE(bare.killed.has_value());
  EXPECT_FALSE(bare.to.has_value());  // not stated
  EXPECT_EQ(bare.from, "");
  EXPECT_FALSE(bare.primary.has_value());

  const eval::GoldEvent vague = read(gold_with_event(R"(,"date":null,"casualties":null)")).events.at(0);
  EXPECT_TRUE(vague.date_stated);
  EXPECT_FALSE(vague.date.has_value());
  EXPECT_FALSE(vague.killed.has_value());
}

TEST(GoldReader, WrongTypesNameTheField) {
  EXPECT_NE(error_of(gold_with_event(R"(,"count":"three")")).find("events[0].count: expected a whole number"),
            std::string::npos);
  EXPECT_NE(error_of(gold_with_event(R"(,"count":2.5)")).find("events[0].count: expected a whole number"),
            std::string::npos);
  EXPECT_NE(error_of(gold_with_event(R"(,"casualties":{"killed":-1})"))
                .find("events[0].casualties.killed: expected a whole number (0 or more) or null, not number"),
            std::string::npos);
  EXPECT_NE(error_of(gold_with_event(R"(,"casualties":[1])")).find("events[0].casualties: expected an object"),
            std::string::npos);
  EXPECT_NE(error_of(gold_with_event(R"(,"to":7)")).find("events[0].to: expected a string or null, not number"),
            std::string::npos);
  EXPECT_NE(error_of(gold_with_event(R"(,"primary":"yes")")).find("events[0].primary: expected true, false or null"),
            std::string::npos);
  EXPECT_NE(error_of(gold_with_event(R"(,"date":"2020-02-30")")).find("events[0].date: not a valid date '2020-02-30'"),
            std::string::npos);
  EXPECT_NE(error_of(gold_with_event(R"(,"date":20200223)")).find("events[0].date: expected a date YYYY-MM-DD"),
            std::string::npos);
  // One line, naming the file.
  const std::string message = error_of(gold_with_event(R"(,"count":"three")"));
  EXPECT_EQ(message.find('\n'), std::string::npos);
  EXPECT_NE(message.find("gold-fields"), std::string::npos) << message;
}
