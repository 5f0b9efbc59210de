// Uses the installed heaviside library: trains on the CSV given as argv[1] with the flow API,
// compiles to Verilog and C texts, and prints what it made. tests/install/run.sh checks the output.
#include <cstdio>
#include <flow/flow.hpp>

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  using namespace hv::flow;
  TrainTest tt = load_train_test({argv[1]}, std::nullopt, 0.25, 1);
  TrainSettings s;
  s.name = "consumer";
  s.convex.dict.directions = 200;
  TrainResult r = train(tt.train, tt.test, s);
  CompileOptions co;
  co.run_passes = false;
  Compiled c = compile(r.net, co);
  for (const auto& f : c.files) std::printf("%s %zu\n", f.name.c_str(), f.text.size());
  std::printf("neurons %d train %.4f\n", r.net.hidden[0].n_out, r.int_acc.train);
  return 0;
}
