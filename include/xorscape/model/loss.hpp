#pragma once
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

}  // namespace xorscape::model
