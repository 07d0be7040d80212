#include "xorscape/exec/shard.hpp"

#include <charconv>

namespace xorscape::exec {

std::optional<Shard> parse_shard(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  Shard s;
  const auto a = text.substr(0, slash), b = text.substr(slash + 1);
  auto r1 = std::from_chars(a.data(), a.data() + a.size(), s.k);
  auto r2 = std::from_chars(b.data(), b.data() + b.size(), s.n);
  if (r1.ec != std::errc{} || r1.ptr != a.data() + a.size() || r2.ec != std::errc{} ||
      r2.ptr != b.data() + b.size() || a.empty() || b.empty() || s.n == 0 || s.k >= s.n)
    return std::nullopt;
  return s;
}

}  // namespace xorscape::exec
