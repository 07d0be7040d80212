#pragma once
// One function per subcommand; argv starts at the subcommand's name. Each returns the exit
// status (0 ok, 1 runtime failure, 2 bad input, 130 interrupted).
namespace xorscape::cli {

int run_train(int argc, char** argv);
int run_evaluate(int argc, char** argv);
int run_solutions(int argc, char** argv);
int run_merge(int argc, char** argv);
int run_landscape(int argc, char** argv);
int run_lr_scan(int argc, char** argv);
int run_perturb(int argc, char** argv);
int run_dos(int argc, char** argv);

}  // namespace xorscape::cli
