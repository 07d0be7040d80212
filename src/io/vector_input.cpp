#include "xorscape/io/vector_input.hpp"

#include <H5Cpp.h>

#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include "xorscape/io/h5_file.hpp"
#include "xorscape/io/input_error.hpp"

namespace xorscape::io {
namespace {

std::vector<double> parse_numbers(const std::string& text, const std::string& where) {
  std::vector<double> out;
  std::size_t i = 0;
  const auto is_sep = [](char c) { return c == ',' || c == ' ' || c == '\t' || c == '\r'; };
  while (i < text.size()) {
    while (i < text.size() && is_sep(text[i])) ++i;
    if (i >= text.size()) break;
    std::size_t j = i;
    while (j < text.size() && !is_sep(text[j])) ++j;
    const std::string token = text.substr(i, j - i);
    double v = 0.0;
    const auto r = std::from_chars(token.data(), token.data() + token.size(), v);
    if (r.ec != std::errc{} || r.ptr != token.data() + token.size() || !std::isfinite(v))
      throw InputError(where + ": '" + token + "' is not a finite number");
    out.push_back(v);
    i = j;
  }
  return out;
}

}  // namespace

std::vector<std::vector<double>> parse_vectors(const std::string& text, const std::string& option) {
  std::vector<std::vector<double>> out;
  std::stringstream ss(text);
  std::string part;
  while (std::getline(ss, part, ';')) {
    auto v = parse_numbers(part, option + "=" + text);
    if (!v.empty()) out.push_back(std::move(v));
  }
  if (out.empty()) throw InputError(option + "='" + text + "': no numbers given");
  return out;
}

std::vector<std::vector<double>> read_vectors_file(const std::string& path,
                                                   const std::string& option) {
  std::ifstream in(path);
  if (!in) throw InputError(option + "=" + path + ": cannot open file");
  std::vector<std::vector<double>> out;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (const auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    auto v = parse_numbers(line, option + "=" + path + " line " + std::to_string(n));
    if (!v.empty()) out.push_back(std::move(v));
  }
  if (out.empty()) throw InputError(option + "=" + path + ": no vectors in file");
  return out;
}

std::vector<std::vector<double>> read_vectors_h5(const std::string& spec,
                                                 const std::string& option) {
  const auto colon = spec.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == spec.size())
    throw InputError(option + "=" + spec + ": expected FILE.h5:/path/to/dataset");
  const std::string file = spec.substr(0, colon), dataset = spec.substr(colon + 1);
  try {
    const H5::H5File f(file, H5F_ACC_RDONLY);
    const H5::DataSet ds = f.openDataSet(dataset);
    const auto dims = dims_of(ds);
    if (dims.empty() || ds.getTypeClass() != H5T_FLOAT)
      throw InputError(option + "=" + spec + ": not an array of floating-point numbers");
    const auto flat = read_all<double>(ds);
    const std::size_t p = dims.back();
    std::vector<std::vector<double>> out;
    for (std::size_t i = 0; p && i + p <= flat.size(); i += p) {
      out.emplace_back(flat.begin() + i, flat.begin() + i + p);
      for (double x : out.back())
        if (!std::isfinite(x))
          throw InputError(option + "=" + spec + ": vector " + std::to_string(out.size() - 1) +
                           " holds a non-finite value (task not done?)");
    }
    return out;
  } catch (const H5::Exception&) {
    throw InputError(option + "=" + spec + ": cannot read dataset '" + dataset + "' of '" + file +
                     "'");
  }
}

}  // namespace xorscape::io
