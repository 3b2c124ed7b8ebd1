// Option parsing with the CLI's help and usage-error conventions.
#include "tools/command_line.h"

#include <iostream>

#include "tools/cli.h"

namespace quarry::internal::cli {

namespace po = boost::program_options;

std::optional<int> parse_command_line(std::string_view command, int argc, char** argv,
                                      const po::options_description& visible, const po::options_description& hidden,
                                      const po::positional_options_description& positional, po::variables_map& vm) {
  po::options_description all;
  all.add(visible).add(hidden);
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
    if (vm.count("help")) {
      std::cout << visible << "\n";
      return kExitOk;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    return usage_error(command, e.what());
  }
  return std::nullopt;
}

}  // namespace quarry::internal::cli
