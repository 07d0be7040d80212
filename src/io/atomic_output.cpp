#include "xorscape/io/atomic_output.hpp"

#include "xorscape/io/input_error.hpp"

namespace xorscape::io {
namespace fs = std::filesystem;

fs::path partial_path(const fs::path& final_path) {
  return fs::path(final_path.string() + ".partial");
}

void check_output_path(const fs::path& final_path, bool overwrite) {
  const fs::path dir = final_path.parent_path().empty() ? fs::path(".") : final_path.parent_path();
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw InputError("--out=" + final_path.string() + ": directory '" + dir.string() +
                     "' does not exist");
  if (fs::exists(final_path, ec) && !overwrite)
    throw InputError("--out=" + final_path.string() +
                     ": file exists (use --overwrite to replace it)");
}

void publish(const fs::path& final_path) {
  fs::rename(partial_path(final_path), final_path);
}

}  // namespace xorscape::io
