#pragma once
// An article's results (its mentions and its not-yet-merged events) as JSON, for what mawqi
// stores and reads back itself: the --state file and the PostgreSQL table of reports. Places
// are stored by id, so a stored result never points outside the gazetteer it is read with.
#include <nlohmann/json.hpp>
#include <string>

#include "mawqi/events.hpp"
#include "mawqi/gazetteer.hpp"
#include "mawqi/io.hpp"

namespace mawqi::io {

[[nodiscard]] nlohmann::json event_to_json(const events::Event& event, const gazetteer::Gazetteer& gazetteer);
[[nodiscard]] nlohmann::json mention_to_json(const MentionFeature& mention, const gazetteer::Gazetteer& gazetteer);

// Read back and checked: every field present with its type and in its range, the place in
// `gazetteer`. Throws DamagedRecord saying what is wrong.
class DamagedRecord : public Error {
 public:
  using Error::Error;
};
[[nodiscard]] events::Event event_from_json(const nlohmann::json& j, const gazetteer::Gazetteer& gazetteer);
[[nodiscard]] MentionFeature mention_from_json(const nlohmann::json& j, const gazetteer::Gazetteer& gazetteer);

}  // namespace mawqi::io
