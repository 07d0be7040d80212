#pragma once
// One declaration per option: name (`section.key`, the same in INI files, on the command line
// as --section.key, and in the stored config), default, help with its accepted range. Values
// are kept as text and converted with range checks, so that every bad value gets the same
// one-line message and the effective configuration can be written back as INI.
#include <boost/program_options.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace xorscape::cli {

// Tokens of `text` between any of `separators`, blanks trimmed, empty ones dropped
// ("2, 18" and "2 18" give {"2", "18"} with the default separators).
std::vector<std::string> split_list(const std::string& text, std::string_view separators = ", \t");
// A whole token as a finite number (std::from_chars: the same in every locale), else nullopt.
std::optional<double> parse_number(std::string_view token);

class OptionSet {
 public:
  explicit OptionSet(std::string command, std::string synopsis);

  // An option that changes the results (it enters the config fingerprint).
  void add(const std::string& section, const std::string& key, const std::string& default_value,
           const std::string& help);
  // An option that controls the run but not its results (output path, threads, ...).
  void add_control(const std::string& key, const std::string& default_value,
                   const std::string& help);
  void add_flag(const std::string& key, const std::string& help);

  // Parses the command line and, if --config FILE is given, that INI file (the command line
  // wins). Returns false if --help was asked for (help has then been printed).
  bool parse(int argc, char** argv);

  std::string text(const std::string& name) const;
  bool flag(const std::string& name) const;
  bool given(const std::string& name) const;
  bool declared(const std::string& name) const;  // set on the command line or in the config file
  std::int64_t integer(const std::string& name, std::int64_t lo, std::int64_t hi) const;
  double real(const std::string& name, double lo, double hi, bool lo_open, bool hi_open) const;
  std::vector<std::int64_t> integers(const std::string& name, std::int64_t lo,
                                     std::int64_t hi) const;
  std::vector<double> reals(const std::string& name, double lo, double hi, bool lo_open,
                            bool hi_open) const;
  std::string choice(const std::string& name, const std::vector<std::string>& accepted) const;

  // Every option as INI text; identity_only keeps only the options that change results.
  std::string ini(bool identity_only) const;
  std::string command_line() const { return command_line_; }

  [[noreturn]] void fail(const std::string& name, const std::string& why) const;

 private:
  struct Entry {
    std::string section, key, default_value;
    bool identity = true, is_flag = false;
  };
  std::string command_, synopsis_, command_line_;
  std::vector<Entry> entries_;
  std::vector<std::string> section_order_;
  std::map<std::string, boost::program_options::options_description> groups_;
  boost::program_options::variables_map vm_;
};

}  // namespace xorscape::cli
