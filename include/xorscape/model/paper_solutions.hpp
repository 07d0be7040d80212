#pragma once
// Table II of the paper: five optimal parameter sets of the n_h = 2 XOR network, in the
// column order printed there: w1_11 w1_12 w1_21 w1_22 b1_1 b1_2 w2_11 w2_12 b2_1.
// Rows #3 and #4 solve XOR only when their hidden weights are read transposed (see README).
#include <array>

namespace xorscape::model {

inline constexpr std::array<std::array<double, 9>, 5> kTable2 = {{
    {-6.05, -6.05, -4.23, -4.24, 2.36, 6.29, -8.68, 8.46, -3.94},
    {-6.20, 5.64, 5.91, -5.96, -3.78, -3.63, 8.53, 8.65, -3.68},
    {-6.28, -6.17, 6.31, 6.10, 2.11, -3.28, -7.49, 9.21, 2.56},
    {-1.73, -8.76, 1.74, 9.31, -0.35, 4.02, 16.96, -11.51, 1.02},
    {7.25, 5.65, 7.16, 5.69, -3.25, -8.60, 13.61, -14.04, -6.53},
}};

}  // namespace xorscape::model
