#pragma once
// Parameter vectors from the command line, a text file, or a dataset of an earlier HDF5 output.
#include <string>
#include <vector>

namespace xorscape::io {

// "v1,v2,...;v1,v2,..." (commas or blanks between numbers, ';' between vectors).
std::vector<std::vector<double>> parse_vectors(const std::string& text, const std::string& option);
// One vector per line; blank lines and '#' comments ignored.
std::vector<std::vector<double>> read_vectors_file(const std::string& path,
                                                   const std::string& option);
// "file.h5:/group/dataset": the last axis is the parameter axis, the others are flattened.
std::vector<std::vector<double>> read_vectors_h5(const std::string& spec,
                                                 const std::string& option);

}  // namespace xorscape::io
