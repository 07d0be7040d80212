#pragma once
#include <stdexcept>

namespace xorscape::io {

// Bad input from the user (an option value, a config or input file): the program reports the
// message on one line and exits with status 2, writing nothing.
struct InputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace xorscape::io
