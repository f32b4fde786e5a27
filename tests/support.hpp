#pragma once
// Shared test helpers: the bundled gazetteer (loaded once) and a pipeline over it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "mawqi/gazetteer.hpp"
#include "mawqi/pipeline.hpp"
#include "mawqi/text.hpp"

namespace mawqi::test {

inline const text::Tokenizer& tokenizer() {
  static const text::Tokenizer t;
  return t;
}

inline const gazetteer::Gazetteer& bundled() {
  static const gazetteer::Gazetteer g =
      gazetteer::Gazetteer::build({std::string(MAWQI_SOURCE_DIR) + "/gazetteer"}, tokenizer());
  return g;
}

inline const lang::Language& language() {
  static const lang::Language l = lang::Language::load(std::string(MAWQI_SOURCE_DIR) + "/lexicons");
  return l;
}

inline const Pipeline& pipeline() {
  static const Pipeline p(bundled(), language());
  return p;
}

inline Article article(std::string text, std::string lang = "", std::string date = "2020-07-26", std::string id = "t") {
  Article a;
  a.id = std::move(id);
  a.text = std::move(text);
  a.lang = std::move(lang);
  a.date = std::move(date);
  return a;
}

// Surface forms of the mentions found in `text`, in order.
inline std::vector<std::string> surfaces(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& m : pipeline().process(article(text)).mentions) out.push_back(m.text);
  return out;
}

// Canonical English names of the places the mentions resolve to.
inline std::vector<std::string> resolved_names(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& m : pipeline().process(article(text)).mentions) out.emplace_back(bundled().place(m.place).name);
  return out;
}

inline std::string temp_dir(const std::string& name) {
  std::string dir = std::string(::testing::TempDir()) + "mawqi-" + name + "-" + std::to_string(::getpid());
  return dir;
}

}  // namespace mawqi::test

namespace mawqi::test {

struct CommandResult {
  int exit_code = 0;
  std::string output;  // stdout and stderr together
};

// Runs the mawqi binary with these arguments (shell words).
inline CommandResult run_mawqi(const std::string& args) {
  const std::string cmd = std::string(MAWQI_BINARY) + " " + args + " 2>&1";
  CommandResult r;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  char buf[4096];
  while (pipe != nullptr && std::fgets(buf, sizeof buf, pipe) != nullptr) r.output += buf;
  const int status = ::pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

inline std::string write_file(const std::string& path, const std::string& content) {
  std::ofstream(path, std::ios::binary) << content;
  return path;
}
}  // namespace mawqi::test
