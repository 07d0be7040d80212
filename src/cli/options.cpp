#include "options.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <iostream>
#include <sstream>

#include "xorscape/io/input_error.hpp"

namespace po = boost::program_options;

namespace xorscape::cli {
namespace {

std::string join(const std::vector<std::string>& v, const std::string& sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

std::string format_real(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

std::string range_text(double lo, double hi, bool lo_open, bool hi_open) {
  return (lo_open ? "(" : "[") + (std::isinf(lo) ? std::string("-inf") : format_real(lo)) + ", " +
         (std::isinf(hi) ? std::string("inf") : format_real(hi)) + (hi_open ? ")" : "]");
}

}  // namespace

std::vector<std::string> split_list(const std::string& text, std::string_view separators) {
  std::vector<std::string> out;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    const std::size_t end = std::min(text.find_first_of(separators, begin), text.size());
    const std::size_t first = text.find_first_not_of(" \t", begin);
    if (first < end) {
      const std::size_t last = text.find_last_not_of(" \t", end - 1);
      out.push_back(text.substr(first, last - first + 1));
    }
    begin = end + 1;
  }
  return out;
}

std::optional<double> parse_number(std::string_view token) {
  double d = 0.0;
  const auto r = std::from_chars(token.data(), token.data() + token.size(), d);
  if (r.ec != std::errc{} || r.ptr != token.data() + token.size() || !std::isfinite(d))
    return std::nullopt;
  return d;
}

OptionSet::OptionSet(std::string command, std::string synopsis)
    : command_(std::move(command)), synopsis_(std::move(synopsis)) {
  add_control("config", "", "INI file with options ([section] key = value); the command line wins");
}

void OptionSet::add(const std::string& section, const std::string& key,
                    const std::string& default_value, const std::string& help) {
  const std::string name = section + "." + key;
  if (!groups_.count(section)) {
    section_order_.push_back(section);
    groups_.emplace(section, po::options_description("[" + section + "]"));
  }
  groups_.at(section).add_options()(
      name.c_str(), po::value<std::string>()->default_value(default_value), help.c_str());
  entries_.push_back({section, key, default_value, true, false});
}

void OptionSet::add_control(const std::string& key, const std::string& default_value,
                            const std::string& help) {
  if (!groups_.count("")) groups_.emplace("", po::options_description("run control"));
  groups_.at("").add_options()(key.c_str(), po::value<std::string>()->default_value(default_value),
                               help.c_str());
  entries_.push_back({"", key, default_value, false, false});
}

void OptionSet::add_flag(const std::string& key, const std::string& help) {
  if (!groups_.count("")) groups_.emplace("", po::options_description("run control"));
  groups_.at("").add_options()(key.c_str(), po::bool_switch(), help.c_str());
  entries_.push_back({"", key, "false", false, true});
}

bool OptionSet::parse(int argc, char** argv) {
  command_line_ = "xorscape";
  for (int i = 0; i < argc; ++i) command_line_ += std::string(" ") + argv[i];
  po::options_description all;
  all.add_options()("help,h", "show this help");
  for (const auto& [name, group] : groups_) all.add(group);
  try {
    po::store(po::command_line_parser(argc, argv).options(all).run(), vm_);
    if (vm_.count("help")) {
      std::cout << "Usage: xorscape " << command_ << " [options]\n" << synopsis_ << "\n\n";
      std::cout << groups_.at("") << "\n";
      for (const auto& s : section_order_) std::cout << groups_.at(s) << "\n";
      return false;
    }
    const std::string config = vm_["config"].as<std::string>();
    if (!config.empty()) {
      std::ifstream in(config);
      if (!in) throw io::InputError("--config=" + config + ": cannot open file");
      po::store(po::parse_config_file(in, all, false), vm_);
    }
    po::notify(vm_);
  } catch (const po::error& e) {
    throw io::InputError(e.what());
  }
  return true;
}

std::string OptionSet::text(const std::string& name) const {
  return vm_[name].as<std::string>();
}
bool OptionSet::flag(const std::string& name) const {
  return vm_[name].as<bool>();
}
bool OptionSet::declared(const std::string& name) const {
  for (const auto& e : entries_)
    if ((e.section.empty() ? e.key : e.section + "." + e.key) == name) return true;
  return false;
}

bool OptionSet::given(const std::string& name) const {
  return vm_.count(name) && !vm_[name].defaulted();
}

void OptionSet::fail(const std::string& name, const std::string& why) const {
  const auto* value = vm_.count(name) ? boost::any_cast<std::string>(&vm_[name].value()) : nullptr;
  throw io::InputError("--" + name + "=" + (value ? *value : std::string()) + ": " + why);
}

std::int64_t OptionSet::integer(const std::string& name, std::int64_t lo, std::int64_t hi) const {
  const auto v = integers(name, lo, hi);
  if (v.size() != 1)
    fail(name, "expected one integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  return v[0];
}

std::vector<std::int64_t> OptionSet::integers(const std::string& name, std::int64_t lo,
                                              std::int64_t hi) const {
  const std::string accepted =
      "accepted: integers in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
  std::vector<std::int64_t> out;
  for (const auto& token : split_list(text(name))) {
    const auto d = parse_number(token);  // accept 6e7 as well as 60000000
    if (!d || *d != std::floor(*d) || *d < static_cast<double>(lo) || *d > static_cast<double>(hi))
      fail(name, "'" + token + "' is not accepted; " + accepted);
    out.push_back(static_cast<std::int64_t>(*d));
  }
  if (out.empty()) fail(name, "empty; " + accepted);
  return out;
}

double OptionSet::real(const std::string& name, double lo, double hi, bool lo_open,
                       bool hi_open) const {
  const auto v = reals(name, lo, hi, lo_open, hi_open);
  if (v.size() != 1) fail(name, "expected one number in " + range_text(lo, hi, lo_open, hi_open));
  return v[0];
}

std::vector<double> OptionSet::reals(const std::string& name, double lo, double hi, bool lo_open,
                                     bool hi_open) const {
  const std::string accepted =
      "accepted: finite numbers in " + range_text(lo, hi, lo_open, hi_open);
  std::vector<double> out;
  for (const auto& token : split_list(text(name))) {
    const auto d = parse_number(token);
    const bool ok = d && (lo_open ? *d > lo : *d >= lo) && (hi_open ? *d < hi : *d <= hi);
    if (!ok) fail(name, "'" + token + "' is not accepted; " + accepted);
    out.push_back(*d);
  }
  if (out.empty()) fail(name, "empty; " + accepted);
  return out;
}

std::string OptionSet::choice(const std::string& name,
                              const std::vector<std::string>& accepted) const {
  const std::string v = text(name);
  for (const auto& a : accepted)
    if (a == v) return v;
  fail(name, "unknown value; accepted: " + join(accepted, ", "));
}

std::string OptionSet::ini(bool identity_only) const {
  // Top-level keys first (INI has no way back to them after a [section]), then each section
  // once, in the order sections were first declared, even when shared option groups interleave.
  std::vector<std::string> sections{""};
  for (const auto& e : entries_)
    if (std::find(sections.begin(), sections.end(), e.section) == sections.end())
      sections.push_back(e.section);
  std::ostringstream out;
  for (const auto& section : sections) {
    if (!section.empty()) out << "\n[" << section << "]\n";
    for (const auto& e : entries_) {
      if (e.section != section || (identity_only && !e.identity) || e.key == "config") continue;
      const std::string name = e.section.empty() ? e.key : e.section + "." + e.key;
      out << e.key << " = " << (e.is_flag ? (flag(name) ? "true" : "false") : text(name)) << "\n";
    }
  }
  return out.str();
}

}  // namespace xorscape::cli
