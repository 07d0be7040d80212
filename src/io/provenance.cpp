#include "xorscape/io/provenance.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>

#include "xorscape/io/h5_file.hpp"
#include "xorscape/version_info.hpp"

namespace xorscape::io {
namespace {
std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}
std::string host_name() {
  char buf[256] = {};
  return gethostname(buf, sizeof buf - 1) == 0 ? buf : "unknown";
}
}  // namespace

std::string fingerprint(const std::string& text) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

void write_provenance(H5::H5File& file, const Provenance& p) {
  H5::Group root = file.openGroup("/");
  write_attr(root, "schema_version", kSchemaVersion);
  write_attr(root, "program", std::string("xorscape"));
  write_attr(root, "program_version", std::string(kVersion));
  write_attr(root, "git_commit", std::string(kGitCommit));
  write_attr(root, "subcommand", p.subcommand);
  write_attr(root, "command_line", p.command_line);
  write_attr(root, "config", p.config_text);
  write_attr(root, "config_hash", p.config_hash);
  write_attr(root, "seed", static_cast<std::int64_t>(p.seed));
  write_attr(root, "created_utc", utc_now());
  write_attr(root, "host", host_name());
  write_attr(root, "threads", std::int64_t{p.threads});
  write_attr(root, "ranks", std::int64_t{1});
  write_attr(root, "shard", p.shard);
}

}  // namespace xorscape::io
