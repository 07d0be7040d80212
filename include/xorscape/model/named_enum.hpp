#pragma once
// Name <-> value tables for the small enums of the model (activation, gate, loss, batch).
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace xorscape::model {

template <typename E>
struct NamedValue {
  std::string_view name;
  E value;
};

template <typename E>
std::string_view name_of(std::span<const NamedValue<E>> table, E value) {
  for (const auto& nv : table)
    if (nv.value == value) return nv.name;
  return "?";
}
template <typename E, std::size_t N>
std::string_view name_of(const NamedValue<E> (&table)[N], E value) {
  return name_of(std::span<const NamedValue<E>>(table), value);
}

template <typename E, std::size_t N>
bool value_of(const NamedValue<E> (&table)[N], std::string_view name, E& out) {
  for (const auto& nv : table)
    if (nv.name == name) {
      out = nv.value;
      return true;
    }
  return false;
}

template <typename E, std::size_t N>
std::vector<std::string> names_of(const NamedValue<E> (&table)[N]) {
  std::vector<std::string> names;
  for (const auto& nv : table) names.emplace_back(nv.name);
  return names;
}

}  // namespace xorscape::model
