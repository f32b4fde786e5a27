// Google Benchmark micro-benchmarks of each stage on the example articles (bench/, not tests:
// speed is measured here, never asserted).
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>
#include <vector>

#include "mawqi/gazetteer.hpp"
#include "mawqi/io.hpp"
#include "mawqi/match.hpp"
#include "mawqi/pipeline.hpp"
#include "mawqi/resolve.hpp"
#include "mawqi/text.hpp"

namespace {

struct Fixture {
  mawqi::text::Tokenizer tokenizer;
  mawqi::gazetteer::Gazetteer gazetteer =
      mawqi::gazetteer::Gazetteer::build({std::string(MAWQI_SOURCE_DIR) + "/gazetteer"}, tokenizer);
  mawqi::lang::Language language = mawqi::lang::Language::load(std::string(MAWQI_SOURCE_DIR) + "/lexicons");
  std::vector<mawqi::Article> articles;
  std::size_t bytes = 0;
  Fixture() {
    mawqi::io::read_articles(
        {std::string(MAWQI_SOURCE_DIR) + "/examples"}, {},
        [&](mawqi::Article&& a) {
          bytes += a.text.size();
          articles.push_back(std::move(a));
        },
        [](const std::string&) {});
  }
};

Fixture& fixture() {
  static Fixture f;
  return f;
}

void set_counters(benchmark::State& state) {
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * fixture().articles.size()));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * fixture().bytes));
}

void BM_Tokenize(benchmark::State& state) {
  auto& f = fixture();
  for (auto _ : state)
    for (const auto& a : f.articles) benchmark::DoNotOptimize(f.tokenizer.tokenize(a.text));
  set_counters(state);
}

void BM_Match(benchmark::State& state) {
  auto& f = fixture();
  const mawqi::match::Matcher matcher(f.gazetteer, f.tokenizer, f.language);
  std::vector<std::vector<mawqi::text::Token>> tokens;
  for (const auto& a : f.articles) tokens.push_back(f.tokenizer.tokenize(a.text));
  for (auto _ : state)
    for (std::size_t i = 0; i < tokens.size(); ++i)
      benchmark::DoNotOptimize(matcher.find(f.articles[i].text, tokens[i]));
  set_counters(state);
}

void BM_Resolve(benchmark::State& state) {
  auto& f = fixture();
  const mawqi::match::Matcher matcher(f.gazetteer, f.tokenizer, f.language);
  const mawqi::resolve::Resolver resolver(f.gazetteer, f.tokenizer, f.language);
  std::vector<std::vector<mawqi::text::Token>> tokens;
  std::vector<std::vector<mawqi::match::Mention>> mentions;
  for (const auto& a : f.articles) {
    tokens.push_back(f.tokenizer.tokenize(a.text));
    mentions.push_back(matcher.find(a.text, tokens.back()));
  }
  for (auto _ : state)
    for (std::size_t i = 0; i < tokens.size(); ++i)
      benchmark::DoNotOptimize(resolver.resolve(f.articles[i].text, tokens[i], mentions[i]));
  set_counters(state);
}

void BM_Extract(benchmark::State& state) {
  auto& f = fixture();
  const mawqi::match::Matcher matcher(f.gazetteer, f.tokenizer, f.language);
  const mawqi::resolve::Resolver resolver(f.gazetteer, f.tokenizer, f.language);
  const mawqi::events::Extractor extractor(f.gazetteer, f.tokenizer, f.language);
  std::vector<std::vector<mawqi::text::Token>> tokens;
  std::vector<std::vector<mawqi::resolve::ResolvedMention>> resolved;
  for (const auto& a : f.articles) {
    tokens.push_back(f.tokenizer.tokenize(a.text));
    resolved.push_back(resolver.resolve(a.text, tokens.back(), matcher.find(a.text, tokens.back())));
  }
  for (auto _ : state)
    for (std::size_t i = 0; i < tokens.size(); ++i)
      benchmark::DoNotOptimize(extractor.extract(f.articles[i], tokens[i], resolved[i]));
  set_counters(state);
}

void BM_Pipeline(benchmark::State& state) {
  auto& f = fixture();
  const mawqi::Pipeline pipeline(f.gazetteer, f.language);
  for (auto _ : state)
    for (const auto& a : f.articles) benchmark::DoNotOptimize(pipeline.process(a));
  set_counters(state);
}

}  // namespace

BENCHMARK(BM_Tokenize);
BENCHMARK(BM_Match);
BENCHMARK(BM_Resolve);
BENCHMARK(BM_Extract);
BENCHMARK(BM_Pipeline);
BENCHMARK_MAIN();
