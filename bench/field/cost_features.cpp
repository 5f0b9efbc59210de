// Prints the cost model's shape features and estimate of a model file, one CSV row
// (model,hidden_adder_bits,output_adder_bits,argmax_bits,estimate), for bench/field/cost_fit.sh,
// which fits the model's coefficients against Yosys synth_xilinx of the same designs.
#include <cstdio>
#include <exception>

#include "frontend/hnet_parse.hpp"
#include "passes/pipeline.hpp"
#include "train/cost_model.hpp"

int main(int argc, char** argv) {
  try {
    for (int i = 1; i < argc; ++i) {
      hv::Network net = hv::read_hnet(argv[i]);
      hv::PassLog log;
      net = hv::run_pipeline(net, log);
      hv::CostFeatures f = hv::cost_features(net);
      std::printf("%s,%.0f,%.0f,%.0f,%.1f\n", argv[i], f.hidden_adder_bits, f.output_adder_bits, f.argmax_bits,
                  hv::estimate_luts(f).total);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
