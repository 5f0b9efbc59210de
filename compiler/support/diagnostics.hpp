// Diagnostics: user errors carry a location and print as `file:line:col: error: message`.
// UserError is what bad input raises (exit 1); anything else escaping to the driver is an
// internal error (exit 2). Messages say what was attempted and what was found, values quoted.
#pragma once
#include <stdexcept>
#include <string>

namespace hv {

struct Location {
  std::string file;
  int line = 0;  // 1-based; 0 = whole file
  int col = 0;   // 1-based; 0 = whole line
};

std::string format_location(const Location& loc);

class UserError : public std::runtime_error {
 public:
  explicit UserError(const std::string& full_message) : std::runtime_error(full_message) {}
};

[[noreturn]] void fail_at(const Location& loc, const std::string& message);
[[noreturn]] void fail(const std::string& message);

// Quote a value for a message: 'abc' with control characters and bytes that are not valid UTF-8
// escaped (\xHH), and values longer than 40 characters cut (a field of a data file can be huge).
std::string quote(const std::string& value);
// Quote a file path for a message: escaped like quote(), never cut.
std::string quote_path(const std::string& path);

}  // namespace hv
