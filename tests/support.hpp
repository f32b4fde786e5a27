#pragma once
// Shared test helpers: the bundled gazetteer (loaded once) and a pipeline over it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <sys/wait.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

#include "mawqi/gazetteer.hpp"
#include "mawqi/pipeline.hpp"
#include "mawqi/text.hpp"

namespace mawqi::test {

inline const text::Tokenizer& tokenizer() {
  static const text::Tokenizer t;
  return t;
}

// The committed gazetteer files alone, built from their sources.
inline const gazetteer::Gazetteer& committed() {
  static const gazetteer::Gazetteer g =
      gazetteer::Gazetteer::build({std::string(MAWQI_SOURCE_DIR) + "/gazetteer"}, tokenizer());
  return g;
}

// The default gazetteer as `mawqi run` has it without --gazetteer (the committed files and the
// world's towns the build generated): the index the build compiled, mapped in milliseconds.
inline const gazetteer::Gazetteer& bundled() {
  static const gazetteer::Gazetteer g = [] {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(MAWQI_DEFAULT_INDEX_DIR, ec))
      if (entry.path().extension() == ".mawqi") return gazetteer::Gazetteer::open_index(entry.path().string());
    ADD_FAILURE() << "no compiled default gazetteer in " << MAWQI_DEFAULT_INDEX_DIR;
    return gazetteer::Gazetteer::build({std::string(MAWQI_SOURCE_DIR) + "/gazetteer"}, tokenizer());
  }();
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

// --- Files a test writes ---
//
// Every path a test writes is under a directory of its own process, made by mkdtemp under
// ::testing::TempDir(), and in it under the test's full name: <TempDir>/mawqi-tests-XXXXXX/
// <Suite.Test>/<name>. ctest -j runs every test in a process of its own, other build trees
// (build, build-asan, ...) run the same tests at the same time into the same TempDir, and a
// fixed name there (or one made unique by the process id alone, which another container
// sharing /tmp can also have) is then written by two tests at once.

namespace detail {

class ProcessScratch {
 public:
  ProcessScratch() {
    std::string dir = ::testing::TempDir() + "mawqi-tests-XXXXXX";
    if (::mkdtemp(dir.data()) == nullptr)
      throw std::filesystem::filesystem_error("mkdtemp", dir, std::error_code(errno, std::generic_category()));
    m_root = dir;
  }
  // At exit: removed, unless a test failed (then kept, to see what it wrote). Forked children
  // leave by exec or _exit, which run no destructors.
  ~ProcessScratch() {
    if (::testing::UnitTest::GetInstance()->Failed()) {
      std::fprintf(stderr, "mawqi tests: the files the tests wrote are kept in %s\n", m_root.c_str());
      return;
    }
    std::error_code ec;
    std::filesystem::remove_all(m_root, ec);
  }
  ProcessScratch(const ProcessScratch&) = delete;
  ProcessScratch& operator=(const ProcessScratch&) = delete;
  [[nodiscard]] const std::filesystem::path& root() const { return m_root; }

 private:
  std::filesystem::path m_root;
};

// "Suite.Test" of the running test (parameterized: "Table_BadInput.IsReported..._broken_JSON").
inline std::string current_test_slug() {
  const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string slug = info != nullptr ? std::string(info->test_suite_name()) + "." + info->name() : "no-test";
  for (char& c : slug)
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '.' && c != '-' && c != '_') c = '_';
  return slug;
}

}  // namespace detail

// This process's directory of test files (see above).
inline const std::filesystem::path& process_scratch_root() {
  static const detail::ProcessScratch scratch;
  return scratch.root();
}

// A path of the running test's own, for a file or a directory, that does not exist (anything
// a previous iteration of --gtest_repeat left there is removed); its parent does.
inline std::filesystem::path scratch_path(const std::string& name) {
  const std::filesystem::path dir = process_scratch_root() / detail::current_test_slug();
  std::filesystem::create_directories(dir);
  const std::filesystem::path path = dir / name;
  std::filesystem::remove_all(path);
  return path;
}

// An empty directory of the running test's own.
inline std::filesystem::path scratch_dir(const std::string& name) {
  const std::filesystem::path dir = scratch_path(name);
  std::filesystem::create_directories(dir);
  return dir;
}

// scratch_path as a string (a path that does not exist yet).
inline std::string temp_dir(const std::string& name) { return scratch_path(name).string(); }

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

// A file's bytes ("" when it cannot be read).
inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

inline std::string write_file(const std::string& path, const std::string& content) {
  std::ofstream(path, std::ios::binary) << content;
  return path;
}
}  // namespace mawqi::test
