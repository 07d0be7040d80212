#include "xorscape/model/activation.hpp"

#include "xorscape/model/batch.hpp"
#include "xorscape/model/loss.hpp"
#include "xorscape/model/named_enum.hpp"

namespace xorscape::model {
namespace {
constexpr NamedValue<Activation> kActivations[] = {
    {"sigmoid", Activation::sigmoid}, {"tanh", Activation::tanh}, {"relu", Activation::relu}};
constexpr NamedValue<LossKind> kLosses[] = {{"mse", LossKind::mse}, {"bce", LossKind::bce}};
constexpr NamedValue<BatchKind> kBatches[] = {{"full", BatchKind::full},
                                              {"random", BatchKind::random}};
}  // namespace

std::string_view to_string(Activation a) {
  return name_of(kActivations, a);
}
bool parse_activation(std::string_view name, Activation& out) {
  return value_of(kActivations, name, out);
}
std::vector<std::string> activation_names() {
  return names_of(kActivations);
}

std::string_view to_string(LossKind l) {
  return name_of(kLosses, l);
}
bool parse_loss(std::string_view name, LossKind& out) {
  return value_of(kLosses, name, out);
}
std::vector<std::string> loss_names() {
  return names_of(kLosses);
}

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
