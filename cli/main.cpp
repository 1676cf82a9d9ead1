// apq: the hardware commands; the LibTorch ones are handed over to apq-nn (cli/nn_main.cpp).
#include "cli/command.h"

int main(int argc, char** argv) { return apq::cli::run_command_line(apq::cli::commands(), argc, argv); }
