// The functions kudzu-approximate can fit, each with the training range it uses unless
// --range says otherwise, listed in one table (functions.cpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kudzu::approximate {

struct TargetFunction {
  const char* name;     // what --function takes
  const char* formula;  // for titles and legends, e.g. "sin x"
  double (*value)(double x);
  double low, high;  // the default training range
};

// Every function, in the order --help lists them.
const std::vector<TargetFunction>& target_functions();

// The function called `name`, or nullptr.
const TargetFunction* find_function(std::string_view name);

// "sin, cos, abs, ...": the names, for help texts and error messages.
std::string function_names();

// A range bound for people: multiples of pi as "π", "−3π", "π/2", others as "%.3g" with a
// Unicode minus ("−0.5").
std::string format_bound(double value);

}  // namespace kudzu::approximate
