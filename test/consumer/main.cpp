// d/dx sum(x^3) = 3x^2: for x = {1, 2} the program prints "grad: 3 12".
#include <iostream>
#include <kudzu/kudzu.hpp>

using namespace kudzu;

int main() {
  Tensor x = Tensor::from({2}, {1.f, 2.f}).requires_grad(true);
  Tensor y = sum(x * x * x);
  y.backward();
  std::cout << "grad:";
  for (float g : x.grad().to_vector()) std::cout << ' ' << g;
  std::cout << '\n';
  return 0;
}
