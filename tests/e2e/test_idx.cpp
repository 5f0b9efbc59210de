// End to end on IDX data, as a user runs Fashion-MNIST: MNIST-named gzip files (labels found next
// to the images), train with --test, predict, and verify on the test images (Verilator and C).
// The images are small and synthetic (3 classes of 6x6 images with a bright bar whose position is
// the class) so that the test runs in seconds.
#include <catch2/catch.hpp>

#include <random>
#include <sstream>

#include "support/cli.hpp"
#include "support/idx_bytes.hpp"

namespace fs = std::filesystem;

namespace {

void write_set(const fs::path& dir, const std::string& set, uint32_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<uint8_t> px, lab;
  for (uint32_t i = 0; i < n; ++i) {
    // The first three images (one per class) are clean: bar 255, background 0, so that every
    // pixel is seen from 0 to 255 and the quantizer keeps it exact (lo 0, step 1).
    const bool clean = i < 3;
    uint8_t c = static_cast<uint8_t>(clean ? i : rng() % 3);
    for (uint32_t r = 0; r < 6; ++r)
      for (uint32_t k = 0; k < 6; ++k) {
        bool bar = r / 2 == c;
        px.push_back(static_cast<uint8_t>(clean ? (bar ? 255 : 0) : bar ? 160 + rng() % 96 : rng() % 120));
      }
    lab.push_back(c);
  }
  hvtest::write(dir / (set + "-images-idx3-ubyte.gz"), hvtest::gzip(hvtest::idx_file({n, 6, 6}, px)));
  hvtest::write(dir / (set + "-labels-idx1-ubyte.gz"), hvtest::gzip(hvtest::idx_file({n}, lab)));
}

}  // namespace

TEST_CASE("e2e: IDX images through train, predict and verify", "[e2e][idx]") {
  fs::path dir = hvtest::scratch("e2e_idx");
  write_set(dir, "train", 300, 1);
  write_set(dir, "t10k", 90, 2);
  const std::string train = (dir / "train-images-idx3-ubyte.gz").string();
  const std::string test = (dir / "t10k-images-idx3-ubyte.gz").string();
  const std::string model = (dir / "bars.hnet").string();

  auto t = hvtest::heaviside("train " + train + " --test " + test +
                             " --dictionary sparse --fan-in 2 --weight-bits 2 --directions 200 --beta-rel 0.2 -o " +
                             model);
  INFO(t.out);
  REQUIRE(t.code == 0);
  CHECK(t.out.find(train + ": 300 train rows, 90 test rows, 36 features, 3 classes") != std::string::npos);
  CHECK(t.out.find("patterns:   0 of ") != std::string::npos);
  CHECK(t.out.find("integer train 100.00%  test 100.00%") != std::string::npos);
  // Pixels seen from 0 to 255 are kept exact: lo 0 and step 1.
  std::string text = hvtest::slurp(model);
  CHECK(text.find("input \"px0_0\" lo 0 step 1") != std::string::npos);
  CHECK(text.find("input \"px5_5\" lo 0 step 1") != std::string::npos);

  // predict: the label file next to the images is found; the line column is the image number.
  auto p = hvtest::heaviside("predict " + model + " " + test);
  INFO(p.out);
  REQUIRE(p.code == 0);
  CHECK(p.out.find("line,predicted,label\n1,") != std::string::npos);  // stdout and stderr are merged here
  CHECK(p.out.find("\n90,") != std::string::npos);
  CHECK(p.out.find("accuracy: 90/90 = 100.00%") != std::string::npos);

  auto v = hvtest::heaviside("verify " + model + " --data " + test + " --random 300 --work " + (dir / "v").string());
  INFO(v.out);
  CHECK(v.code == 0);
  CHECK(v.out.find(" vectors (90 data rows, ") != std::string::npos);
  CHECK(v.out.find(" on a decision boundary, 300 random)") != std::string::npos);
  CHECK(v.out.find("PASS") != std::string::npos);
}
