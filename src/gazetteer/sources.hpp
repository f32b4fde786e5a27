#pragma once
// Which files a gazetteer source stands for; shared by the readers and the compiled default index.
#include <string>
#include <vector>

namespace mawqi::gazetteer {

// The files read_source reads for `path`, in the order it reads them: a directory's .geojson files
// sorted by name (InputError if it has none), else the path itself.
[[nodiscard]] std::vector<std::string> source_files(const std::string& path);

}  // namespace mawqi::gazetteer
