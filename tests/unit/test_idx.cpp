// Unit tests of the IDX reader (frontend/idx.cpp): header and data, gzip (one member or several),
// the Dataset it produces (pixel names, labels, record numbers, the declared [0, 255] range), the
// file naming rules, and the quantizer keeping 8-bit pixels exact. Error messages are tested in
// tests/errors/test_idx_errors.cpp.
#include <catch2/catch.hpp>

#include "frontend/idx.hpp"
#include "support/cli.hpp"
#include "support/idx_bytes.hpp"
#include "ir/print.hpp"
#include "train/quantize_inputs.hpp"
#include "train/train.hpp"

#include <random>

namespace fs = std::filesystem;

TEST_CASE("idx: header, dimensions and data", "[idx]") {
  auto a = hv::parse_idx(hvtest::idx_file({2, 3}, {1, 2, 3, 4, 5, 255}), "f");
  CHECK(a.dims == std::vector<uint32_t>{2, 3});
  CHECK(a.data == std::vector<uint8_t>{1, 2, 3, 4, 5, 255});
  // Sizes are big-endian: 0x00000102 = 258 records of one byte.
  std::vector<uint8_t> many(258, 7);
  auto b = hv::parse_idx(hvtest::idx_file({258}, many), "f");
  CHECK(b.dims == std::vector<uint32_t>{258});
  CHECK(b.data.size() == 258);
}

TEST_CASE("idx: gzip, one member or several", "[idx]") {
  std::string raw = hvtest::idx_file({2, 2, 2}, {0, 1, 2, 3, 250, 251, 252, 253});
  CHECK(hv::gunzip_file(hvtest::gzip(raw), "f") == raw);
  // Concatenated members decompress to the concatenation (gzip's rule).
  std::string head = raw.substr(0, 5), tail = raw.substr(5);
  CHECK(hv::gunzip_file(hvtest::gzip(head) + hvtest::gzip(tail), "f") == raw);
  // More than one inflate step (1 MiB) of output.
  std::string big(3u << 20, 'x');
  CHECK(hv::gunzip_file(hvtest::gzip(big), "f") == big);
}

TEST_CASE("idx: images and labels as a Dataset", "[idx]") {
  fs::path dir = hvtest::scratch("idx_dataset");
  std::vector<uint8_t> px = {0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 255};
  hvtest::write(dir / "i-ubyte", hvtest::idx_file({3, 2, 2}, px));
  hvtest::write(dir / "l-ubyte.gz", hvtest::gzip(hvtest::idx_file({3}, {9, 0, 200})));
  auto ds = hv::read_idx(dir / "i-ubyte", dir / "l-ubyte.gz");
  CHECK(ds.source == (dir / "i-ubyte").string());
  CHECK(ds.n_rows == 3);
  CHECK(ds.feature_names == std::vector<std::string>{"px0_0", "px0_1", "px1_0", "px1_1"});
  CHECK(ds.label_name == "label");
  CHECK(ds.labels == std::vector<std::string>{"9", "0", "200"});
  CHECK(ds.row_line == std::vector<int>{1, 2, 3});
  CHECK(ds.at(2, 3) == 255);
  CHECK(ds.at(1, 0) == 40);
  CHECK(ds.has_value_range);
  CHECK(ds.value_lo == 0);
  CHECK(ds.value_hi == 255);

  // Without a label file: features only. More image dimensions: one index per dimension.
  hvtest::write(dir / "c-ubyte", hvtest::idx_file({1, 2, 1, 2}, {1, 2, 3, 4}));
  auto c = hv::read_idx(dir / "c-ubyte", "");
  CHECK(c.labels.empty());
  CHECK(c.feature_names == std::vector<std::string>{"px0_0_0", "px0_0_1", "px1_0_0", "px1_0_1"});
}

TEST_CASE("idx: which paths are IDX, and the MNIST label file's name", "[idx]") {
  CHECK(hv::is_idx_path("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"));
  CHECK(hv::is_idx_path("t10k-labels-idx1-ubyte"));
  CHECK(hv::is_idx_path("x.idx"));
  CHECK(hv::is_idx_path("dir.csv/x.idx.gz"));
  CHECK_FALSE(hv::is_idx_path("data.csv"));
  CHECK_FALSE(hv::is_idx_path("ubyte.csv"));
  CHECK_FALSE(hv::is_idx_path("x.gz"));
  CHECK(hv::idx_sibling_labels("/d/train-images-idx3-ubyte.gz") == "/d/train-labels-idx1-ubyte.gz");
  CHECK(hv::idx_sibling_labels("t10k-images-idx3-ubyte") == "t10k-labels-idx1-ubyte");
  CHECK(hv::idx_sibling_labels("/d/images.idx") == "");
}

TEST_CASE("idx: the quantizer reads the values, not the format", "[idx][quantize]") {
  fs::path dir = hvtest::scratch("idx_quantize");
  // Pixel 0 spans 3..200 in these images, pixel 1 is constant 0, pixel 2 spans 0..255.
  hvtest::write(dir / "i-ubyte", hvtest::idx_file({3, 3}, {3, 0, 0, 200, 0, 255, 17, 0, 128}));
  auto ds = hv::read_idx(dir / "i-ubyte", "");
  auto f = hv::fit_quantizer(ds, 8);
  REQUIRE(f.size() == 3);
  CHECK(f[0].lo == 3);
  CHECK(f[0].step == Approx(197.0 / 255));
  CHECK(f[1].lo == 0);  // constant: step 1
  CHECK(f[1].step == 1);
  CHECK(f[2].lo == 0);  // a pixel seen from 0 to 255 stays exact
  CHECK(f[2].step == 1);
  // The same values without the declared range (as a CSV file gives them): the same quantizer.
  hv::Dataset csv = ds;
  csv.has_value_range = false;
  auto fc = hv::fit_quantizer(csv, 8);
  for (size_t c = 0; c < 3; ++c) {
    CHECK(fc[c].lo == f[c].lo);
    CHECK(fc[c].step == f[c].step);
  }
}

// Issue 11: the same images read as IDX and as CSV used to train different networks (the IDX
// quantizer mapped the declared [0, 255], so the Gaussian directions were scaled and rounded
// differently). Now the whole network, text included, is the same.
TEST_CASE("idx: the same rows from IDX and from CSV train the same network", "[idx][train]") {
  fs::path dir = hvtest::scratch("idx_same_net");
  std::mt19937_64 rng(5);
  const uint32_t n = 240, side = 5;
  std::vector<uint8_t> px, lab;
  std::string csv = "";
  for (uint32_t r = 0; r < side; ++r)
    for (uint32_t k = 0; k < side; ++k) csv += "px" + std::to_string(r) + "_" + std::to_string(k) + ",";
  csv += "label\n";
  for (uint32_t i = 0; i < n; ++i) {
    uint8_t c = static_cast<uint8_t>(rng() % 3);
    for (uint32_t p = 0; p < side * side; ++p) {
      // Class c inks row c brightly; a few pixels are inked rarely and faintly (the bug's case).
      uint8_t v = p / side == c ? static_cast<uint8_t>(120 + rng() % 136) : (rng() % 40 == 0 ? static_cast<uint8_t>(rng() % 30) : 0);
      px.push_back(v);
      csv += std::to_string(v) + ",";
    }
    lab.push_back(c);
    csv += std::to_string(c) + "\n";
  }
  hvtest::write(dir / "i-ubyte", hvtest::idx_file({n, side, side}, px));
  hvtest::write(dir / "l-ubyte", hvtest::idx_file({n}, lab));
  hvtest::write(dir / "d.csv", csv);
  auto from_idx = hv::read_idx(dir / "i-ubyte", dir / "l-ubyte");
  auto from_csv = hv::read_csv(dir / "d.csv", {});
  REQUIRE(from_idx.feature_names == from_csv.feature_names);
  for (const std::string kind : {"gaussian", "sparse"}) {
    hv::TrainOptions opt;
    opt.dict.kind = kind;
    opt.dict.directions = 200;
    hv::TrainReport ri, rc;
    hv::Network ni = hv::train_network(from_idx, from_idx, opt, ri);
    hv::Network nc = hv::train_network(from_csv, from_csv, opt, rc);
    INFO(kind);
    CHECK(ri.neurons > 0);
    CHECK(hv::print_network(ni) == hv::print_network(nc));
  }
}
