#include "xorscape/model/batch.hpp"

#include "xorscape/model/named_enum.hpp"

namespace xorscape::model {
namespace {
constexpr NamedValue<BatchKind> kBatches[] = {{"full", BatchKind::full},
                                              {"random", BatchKind::random}};
}  // namespace

std::string_view to_string(BatchKind b) {
  return name_of(kBatches, b);
}
bool parse_batch(std::string_view name, BatchKind& out) {
  return value_of(kBatches, name, out);
}
std::vector<std::string> batch_names() {
  return names_of(kBatches);
}

}  // namespace xorscape::model
