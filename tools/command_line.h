// Parsing of one command's options, shared by every `quarry` command.
#pragma once

#include <boost/program_options.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace quarry::internal::cli {

// The most hits a command returns (-k plus --offset, --depth): beyond it a
// number is a typo, and a negative one would wrap around in an unsigned type.
inline constexpr int64_t kMaxHits = 10'000'000;

// Parses argv against visible options (shown by --help) and hidden positional
// ones. Returns an exit code when the command should stop here (after --help:
// 0; on a usage error, reported on stderr: 2), or nullopt to go on.
std::optional<int> parse_command_line(std::string_view command, int argc, char** argv,
                                      const boost::program_options::options_description& visible,
                                      const boost::program_options::options_description& hidden,
                                      const boost::program_options::positional_options_description& positional,
                                      boost::program_options::variables_map& vm);

// For commands whose only argument is INDEX: parses it into index_dir; the
// same contract as parse_command_line, and a missing INDEX is a usage error.
std::optional<int> parse_index_argument(std::string_view command, const char* usage, int argc, char** argv,
                                        std::string& index_dir);

}  // namespace quarry::internal::cli
