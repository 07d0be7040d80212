#pragma once
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

namespace xorscape::model {

// mse: the paper's Eqs. (4)-(5). bce: binary cross-entropy, written through the output
// pre-activation so it stays finite when the sigmoid saturates.
enum class LossKind { mse, bce };

std::string_view to_string(LossKind l);
bool parse_loss(std::string_view name, LossKind& out);
std::vector<std::string> loss_names();

// The loss of one truth-table case from the output pre-activation zo and yhat = sigmoid(zo).
inline double case_loss(LossKind kind, double zo, double yhat, double y) {
  if (kind == LossKind::mse) return (yhat - y) * (yhat - y);
  return (zo > 0.0 ? zo : 0.0) + std::log1p(std::exp(-std::fabs(zo))) - y * zo;
}

}  // namespace xorscape::model
