#pragma once
// Output files appear under their final name only when complete: they are written as
// `<name>.partial` and renamed at the end.
#include <filesystem>

namespace xorscape::io {

std::filesystem::path partial_path(const std::filesystem::path& final_path);

// Throws InputError if the directory of `final_path` does not exist, or if `final_path` exists
// and overwrite is false.
void check_output_path(const std::filesystem::path& final_path, bool overwrite);

// Renames the partial file to its final name.
void publish(const std::filesystem::path& final_path);

}  // namespace xorscape::io
