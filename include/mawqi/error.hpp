#pragma once
// One exception root for the library; the CLI turns it into a one-line message and an exit code.
#include <stdexcept>
#include <string>

namespace mawqi {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A bad option value found after parsing (unknown format, invalid CRS): exit code 2.
class UsageError : public Error {
 public:
  using Error::Error;
};

// Bad input data: names where (file, line or feature) and which field.
class InputError : public Error {
 public:
  InputError(const std::string& where, const std::string& field, const std::string& what)
      : Error(where + ": " + (field.empty() ? "" : field + ": ") + what) {}
};

}  // namespace mawqi
