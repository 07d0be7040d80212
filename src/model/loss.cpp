#include "xorscape/model/loss.hpp"

#include "xorscape/model/named_enum.hpp"

namespace xorscape::model {
namespace {
constexpr NamedValue<LossKind> kLosses[] = {{"mse", LossKind::mse}, {"bce", LossKind::bce}};
}  // namespace

std::string_view to_string(LossKind l) {
  return name_of(kLosses, l);
}
bool parse_loss(std::string_view name, LossKind& out) {
  return value_of(kLosses, name, out);
}
std::vector<std::string> loss_names() {
  return names_of(kLosses);
}

}  // namespace xorscape::model
