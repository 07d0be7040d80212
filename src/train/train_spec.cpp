#include "xorscape/train/train_spec.hpp"

#include "xorscape/model/named_enum.hpp"

namespace xorscape::train {
namespace {
using model::NamedValue;
constexpr NamedValue<Optimizer> kOptimizers[] = {
    {"gd", Optimizer::gd}, {"adam", Optimizer::adam}, {"zero-t-mc", Optimizer::zero_t_mc}};
constexpr NamedValue<InitScheme> kInitSchemes[] = {{"scaled", InitScheme::scaled},
                                                   {"symmetric", InitScheme::symmetric},
                                                   {"given", InitScheme::given}};
}  // namespace

std::string_view to_string(Optimizer o) {
  return model::name_of(kOptimizers, o);
}
bool parse_optimizer(std::string_view name, Optimizer& out) {
  return model::value_of(kOptimizers, name, out);
}
std::vector<std::string> optimizer_names() {
  return model::names_of(kOptimizers);
}

std::string_view to_string(InitScheme s) {
  return model::name_of(kInitSchemes, s);
}
bool parse_init_scheme(std::string_view name, InitScheme& out) {
  return model::value_of(kInitSchemes, name, out);
}
std::vector<std::string> init_scheme_names() {
  return model::names_of(kInitSchemes);
}

}  // namespace xorscape::train
