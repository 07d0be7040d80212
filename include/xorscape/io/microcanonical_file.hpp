#pragma once
// The microcanonical analysis in a `dos` file (docs/output_format.md): its settings as
// attributes of /dos (written when the file is made, so `merge` can finalize without the
// command line), and the results in /dos/nh_<N>/microcanonical.
#include <H5Cpp.h>

#include "xorscape/dos/entropy_analysis.hpp"

namespace xorscape::io {

void write_analysis_settings(H5::Group& dos_group, const dos::EntropyAnalysisSettings& s);
// Defaults for attributes a file lacks.
dos::EntropyAnalysisSettings read_analysis_settings(const H5::Group& dos_group);

// Replaces /dos/nh_<N>/microcanonical with the curves, peaks, convex intervals, gamma_max
// verdicts and transitions of `report`.
void write_microcanonical(H5::Group& nh_group, const dos::RobustnessReport& report,
                          const dos::EntropyAnalysisSettings& s);

}  // namespace xorscape::io
