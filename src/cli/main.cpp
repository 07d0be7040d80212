#include <H5Cpp.h>

#include <cstring>
#include <iostream>
#include <string_view>

#include "commands.hpp"
#include "xorscape/io/input_error.hpp"
#include "xorscape/version_info.hpp"

namespace {

constexpr const char* kUsage = R"(Usage: xorscape <command> [options]

Loss landscape, training dynamics and density of loss of the small sigmoid network that
learns XOR (Yang, Arora, Bachmann, J. Phys. A 2025).

Commands:
  evaluate   loss, outputs, activations and gradient of given parameter vectors (Table II)
  train      ensembles of gd / adam / zero-T Monte Carlo trajectories (Figs. 2, 3, 4)
  landscape  two-parameter cross-sections of the loss, random batches, descent paths (Figs. 6, 7)
  lr-scan    the interval of learning rates that converge: sweep + bisection (Sect. III A)
  perturb    epochs to converge from an optimum with one parameter shifted (Fig. 5)
  dos        density of loss g(L), S(L) = ln g: simple, Wang-Landau 1/t, multicanonical (Fig. 8)
  merge      combine the shard files of one run (--shard k/n) into one file
  solutions  the solution atlas: solutions of train runs in canonical form, grouped in families

Options:
  -h, --help     this help; `xorscape <command> --help` lists a command's options
  --version      version and git commit
)";

struct Command {
  std::string_view name;
  int (*run)(int, char**);
};
constexpr Command kCommands[] = {
    {"evaluate", xorscape::cli::run_evaluate}, {"solutions", xorscape::cli::run_solutions},
    {"train", xorscape::cli::run_train},       {"landscape", xorscape::cli::run_landscape},
    {"lr-scan", xorscape::cli::run_lr_scan},   {"perturb", xorscape::cli::run_perturb},
    {"dos", xorscape::cli::run_dos},           {"merge", xorscape::cli::run_merge}};

}  // namespace

int main(int argc, char** argv) {
  H5::Exception::dontPrint();
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
    std::cout << kUsage;
    return argc < 2 ? 2 : 0;
  }
  if (!std::strcmp(argv[1], "--version")) {
    std::cout << "xorscape " << xorscape::kVersion << " (git " << xorscape::kGitCommit << ")\n";
    return 0;
  }
  for (const auto& c : kCommands) {
    if (c.name != argv[1]) continue;
    try {
      return c.run(argc - 1, argv + 1);
    } catch (const xorscape::io::InputError& e) {
      std::cerr << "xorscape " << c.name << ": error: " << e.what() << "\n";
      return 2;
    } catch (const H5::Exception& e) {
      std::cerr << "xorscape " << c.name << ": HDF5 error: " << e.getDetailMsg() << "\n";
      return 1;
    } catch (const std::exception& e) {
      std::cerr << "xorscape " << c.name << ": error: " << e.what() << "\n";
      return 1;
    }
  }
  std::cerr << "xorscape: error: unknown command '" << argv[1]
            << "'; accepted: evaluate, train, landscape, lr-scan, perturb, dos, merge, solutions"
            << " (see xorscape --help)\n";
  return 2;
}
