// Who did what to whom, as the text states it: actor1, actor2 and target of an incident; the
// force that handed a base over and the one that received it.
#include "article_reader.hpp"

namespace mawqi::events {

std::optional<std::pair<const Extractor::Lexicons::Group*, std::size_t>> ArticleReader::armed_group_in(Span s) const {
  std::optional<std::pair<const Extractor::Lexicons::Group*, std::size_t>> found;
  for (std::size_t k = s.begin; k < s.end; ++k) {
    if (!is_word(m_tokens[k])) continue;
    const auto* candidates = entries_at(lx.groups_by_first_word, k);
    if (candidates == nullptr) continue;
    for (const std::size_t i : *candidates)
      if (const auto& g = lx.armed_groups[i]; phrase_at(k, s.end, g.words) > 0) {
        if (!found || (g.named && !found->first->named)) found = std::make_pair(&g, k);
        break;
      }
    if (found && found->first->named) break;
  }
  return found;
}

std::vector<ArticleReader::ForceAt> ArticleReader::forces_in(Span s) const {
  std::vector<ForceAt> out;
  for (std::size_t t = s.begin; t < s.end; ++t) {
    if (!is_word(m_tokens[t])) continue;
    const auto* candidates = entries_at(lx.forces_by_first_word, t);
    if (candidates == nullptr) continue;
    for (const std::size_t i : *candidates)
      if (const std::size_t n = phrase_at(t, s.end, lx.forces[i].words); n > 0) {
        out.push_back({&lx.forces[i], t, t + n});
        t += n - 1;
        break;
      }
  }
  return out;
}

std::string ArticleReader::force_in(Span s, const std::string& except) const {
  for (const ForceAt& f : forces_in(s))
    if (f.force->label != except) return f.force->label;
  return {};
}

// Who handed the base over and who received it, by the kind of the word and where each force
// stands: "X handed Y over to Z", "تسلمت Z القاعدة من X", "X left Y" (nobody received it).
void ArticleReader::read_transfer_actors(Event& e, std::size_t trigger, Span sentence) const {
  const std::vector<ForceAt> found = forces_in(sentence);
  if (found.empty()) return;
  const Token& word = m_tokens[trigger];
  auto kind_of_word = [&]() {
    for (const std::string& form : {lx.handover.match_at(m_tokens, trigger) > 1 ? std::string() : word.norm,
                                    m_stripped[trigger], m_bare[trigger]})
      if (const auto it = lx.transfer_kinds.find(form); it != lx.transfer_kinds.end()) return it->second;
    for (std::size_t n = lx.handover.match_at(m_tokens, trigger); n > 1; --n) {
      std::string phrase = m_tokens[trigger].norm;
      for (std::size_t w = 1; w < n; ++w) phrase += " " + m_tokens[trigger + w].norm;
      if (const auto it = lx.transfer_kinds.find(phrase); it != lx.transfer_kinds.end()) return it->second;
    }
    return Extractor::Lexicons::Transfer::handover;
  };
  const auto kind = kind_of_word();
  auto marked = [&](const ForceAt& f, const text::Lexicon& markers) {
    if (f.begin > sentence.begin && lexicon_at(markers, f.begin - 1)) return true;
    // للقوات العراقية: the marker glued to the force's first word.
    const std::string& norm = m_tokens[f.begin].norm;
    return m_tokens[f.begin].script == Script::arabic && norm != m_stripped[f.begin] &&
           markers.contains(norm.substr(0, norm.size() - m_stripped[f.begin].size()));
  };
  auto distance = [&](const ForceAt& f) { return f.begin > trigger ? f.begin - trigger : trigger - f.end; };
  const ForceAt* giver = nullptr;
  const ForceAt* receiver = nullptr;
  for (const ForceAt& f : found) {
    if (marked(f, lx.recipient_markers)) {
      if (!receiver) receiver = &f;
    } else if (marked(f, lx.source_markers)) {
      if (!giver) giver = &f;
    }
  }
  using Transfer = Extractor::Lexicons::Transfer;
  using Side = Extractor::Lexicons::Side;
  // The subject: the unmarked force nearest the word (Arabic puts it after the verb).
  const ForceAt* subject = nullptr;
  for (const ForceAt& f : found)
    if (&f != giver && &f != receiver && !marked(f, lx.recipient_markers) && !marked(f, lx.source_markers) &&
        (!subject || distance(f) < distance(*subject)))
      subject = &f;
  if (kind == Transfer::takeover) {
    if (!receiver) receiver = subject;
  } else if (!giver) {
    giver = subject;
  }
  // A handover's other side, when unmarked: a force of the other side named in the sentence.
  if (kind == Transfer::handover && !receiver)
    for (const ForceAt& f : found)
      if (&f != giver && (!giver || f.force->side != giver->force->side) && f.force->side != Side::coalition) {
        receiver = &f;
        break;
      }
  if (kind == Transfer::takeover && !giver)
    for (const ForceAt& f : found)
      if (&f != receiver && f.force->side == Side::coalition) {
        giver = &f;
        break;
      }
  if (giver) e.actor_from = giver->force->label;
  if (receiver && receiver != giver) e.actor_to = receiver->force->label;
}

std::string ArticleReader::agent_in(Span sentence) const {
  for (std::size_t k = sentence.begin + 1; k < sentence.end; ++k) {
    const std::size_t marker = lx.agent_markers.match_at(m_tokens, k);
    if (marker == 0) continue;
    // Only the agent of an attack: "fired by", "an attack by", "rockets launched overnight by".
    bool after_attack = false;
    for (std::size_t b = 1; b <= 3 && k >= sentence.begin + b && !after_attack; ++b) {
      const std::size_t t = k - b;
      after_attack = lexicon_at(lx.eventive, t) || lexicon_at(lx.attack_nouns, t) ||
                     (is_word(m_tokens[t]) && entries_at(lx.weapons_by_first_word, t) != nullptr);
    }
    if (!after_attack) continue;
    std::size_t a = k + marker;
    if (a < sentence.end && m_tokens[a].norm == "the") ++a;
    if (a >= sentence.end || !is_word(m_tokens[a])) continue;
    const Span head{a, std::min(sentence.end, a + kAgentWords)};
    if (const auto group = armed_group_in(head); group && group->second == a) return group->first->label;
    for (std::size_t m : mentions_in(head))
      if (m_mentions[m].mention.token_begin == a && !m_mentions[m].derived &&
          m_gazetteer.place(m_mentions[m].place).kind == PlaceKind::country)
        return std::string(m_gazetteer.place(m_mentions[m].place).name);
    if (const auto forces = forces_in(head); !forces.empty() && forces.front().begin == a)
      return forces.front().force->label;
    // A description, as written, up to a preposition of place or the end of the clause.
    if (!lexicon_at(lx.actor_nouns, a)) continue;
    std::size_t end = a + 1;
    while (end < head.end && is_word(m_tokens[end]) && !lexicon_at(lx.locatives, end) && !lexicon_at(lx.eventive, end))
      ++end;
    return m_article.text.substr(m_tokens[a].byte_start, m_tokens[end - 1].byte_end - m_tokens[a].byte_start);
  }
  return {};
}

// Who attacked (actor1: a group named in the sentence, else the agent after "by", else the
// country that is the subject of the trigger, else a description such as "gunmen"), who was hit (actor2: a force named
// in the sentence), and what was aimed at (target), as the text states them.
void ArticleReader::read_actors(Event& e, std::size_t trigger, Span sentence) const {
  const auto group = armed_group_in(sentence);
  if (group && group->first->named && e.actor1.empty()) e.actor1 = group->first->label;
  if (e.actor1.empty()) e.actor1 = agent_in(sentence);
  if (e.actor1.empty())
    for (std::size_t m : mentions_in({sentence.begin, std::min(sentence.end, trigger + 2)}))
      if (e.actor1.empty() && m_gazetteer.place(m_mentions[m].place).kind == PlaceKind::country &&
          actor_or_source(m, trigger, sentence) && !possessive(m_mentions[m].mention.token_end - 1) &&
          (m_mentions[m].mention.token_end + kSubjectGap >= trigger ||
           m_mentions[m].mention.token_begin == trigger + 1) &&
          !any_in(lx.passive_markers, {m_mentions[m].mention.token_end, trigger}))
        e.actor1 = m_gazetteer.place(m_mentions[m].place).name;  // "Iran fired missiles", not "Iraq was struck"
  if (group && e.actor1.empty()) e.actor1 = group->first->label;
  if (e.actor2.empty()) e.actor2 = force_in(sentence, e.actor1);
  if (e.target.empty())
    for (std::size_t k = trigger; k < sentence.end && e.target.empty(); ++k) {
      if (!is_word(m_tokens[k])) continue;
      const auto* candidates = entries_at(lx.targets_by_first_word, k);
      if (candidates == nullptr) continue;
      for (const std::size_t i : *candidates)
        if (phrase_at(k, sentence.end, lx.target_nouns[i].first) > 0) {
          e.target = lx.target_nouns[i].second;
          break;
        }
    }
}

}  // namespace mawqi::events
