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

std::optional<int> parse_index_argument(std::string_view command, const char* usage, int argc, char** argv,
                                        std::string& index_dir) {
  po::options_description visible(usage);
  visible.add_options()("help,h", "show this help");
  po::options_description hidden;
  hidden.add_options()("index", po::value(&index_dir));
  po::positional_options_description positional;
  positional.add("index", 1);
  po::variables_map vm;
  if (auto done = parse_command_line(command, argc, argv, visible, hidden, positional, vm)) return done;
  if (!vm.count("index")) return usage_error(command, "missing INDEX");
  return std::nullopt;
}

}  // namespace quarry::internal::cli
