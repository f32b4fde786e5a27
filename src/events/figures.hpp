#pragma once
// How two reports of one event combine their figures, within an article and across articles
// alike (ACLED's convention): the lowest reported count, fatalities and injuries, where "not
// stated" never overrides a stated figure; damage only where the first said nothing.
#include <optional>

#include "mawqi/events.hpp"

namespace mawqi::events {

inline void keep_lowest_figures(Event& keep, const Event& other) {
  auto lowest = [](std::optional<long>& into, const std::optional<long>& v) {
    if (v && (!into || *v < *into)) into = v;
  };
  lowest(keep.munitions_count, other.munitions_count);
  lowest(keep.fatalities, other.fatalities);
  lowest(keep.injuries, other.injuries);
  if (keep.damage == "unknown") keep.damage = other.damage;
}

}  // namespace mawqi::events
