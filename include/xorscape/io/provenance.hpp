#pragma once
#include <H5Cpp.h>

#include <cstdint>
#include <string>

namespace xorscape::io {

inline constexpr std::int64_t kSchemaVersion = 1;

struct Provenance {
  std::string subcommand;
  std::string command_line;
  std::string config_text;  // effective configuration, INI
  std::string config_hash;  // of the options that define the results
  std::uint64_t seed = 0;
  int threads = 1;
  std::string shard = "0/1";
};

// 64-bit FNV-1a of `text` as 16 hex digits: a stable fingerprint of a configuration.
std::string fingerprint(const std::string& text);

// Root attributes: schema, program, version, commit, command line, config, seed, UTC time, host.
void write_provenance(H5::H5File& file, const Provenance& p);

}  // namespace xorscape::io
