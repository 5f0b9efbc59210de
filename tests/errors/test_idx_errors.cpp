// Every user-facing error of the IDX reader (frontend/idx.cpp) and of the CLI's IDX options, fed
// with the bad input and checked against the full message (`file: error: ...`; binary files have
// no lines) and, for the CLI, exit code 1.
#include <catch2/catch.hpp>

#include "frontend/idx.hpp"
#include "support/cli.hpp"
#include "support/diagnostics.hpp"
#include "support/idx_bytes.hpp"
#include "support/resources.hpp"

namespace fs = std::filesystem;

namespace {

template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const hv::UserError& e) {
    return e.what();
  }
  return "no error";
}

std::string parse_error(const std::string& bytes) {
  return error_of([&] { hv::parse_idx(bytes, "f"); });
}

std::string read_error(const fs::path& images, const fs::path& labels) {
  return error_of([&] { hv::read_idx(images, labels); });
}

void expect_cli_error(const std::string& args, const std::string& message) {
  auto r = hvtest::heaviside(args);
  INFO("heaviside " << args << "\n" << r.out);
  CHECK(r.code == 1);
  CHECK(r.out == message + "\n");
}

// 2 classes of 3x3 images, MNIST-named, gzip-compressed: <dir>/<set>-{images-idx3,labels-idx1}-ubyte.gz.
void write_set(const fs::path& dir, const std::string& set, uint32_t side, bool labels = true) {
  std::vector<uint8_t> px, lab;
  for (uint32_t i = 0; i < 20; ++i) {
    for (uint32_t p = 0; p < side * side; ++p) px.push_back(static_cast<uint8_t>((i * 37 + p * 11) % 256));
    lab.push_back(static_cast<uint8_t>(i % 2));
  }
  hvtest::write(dir / (set + "-images-idx3-ubyte.gz"), hvtest::gzip(hvtest::idx_file({20, side, side}, px)));
  if (labels) hvtest::write(dir / (set + "-labels-idx1-ubyte.gz"), hvtest::gzip(hvtest::idx_file({20}, lab)));
}

}  // namespace

TEST_CASE("idx error: too short for a header", "[idx][errors]") {
  CHECK(parse_error("") == "f: error: the file is 0 bytes long, too short for an IDX header (a 4-byte magic number)");
  CHECK(parse_error(std::string("\0\0\x08", 3)) ==
        "f: error: the file is 3 bytes long, too short for an IDX header (a 4-byte magic number)");
}

TEST_CASE("idx error: not an IDX magic number", "[idx][errors]") {
  CHECK(parse_error("a,b,y\n1,2,3\n") ==
        "f: error: not an IDX file: the magic number is 0x612C622C, expected two zero bytes, a type byte and a "
        "dimension count (e.g. 0x00000803)");
}

TEST_CASE("idx error: a data type other than unsigned byte", "[idx][errors]") {
  CHECK(parse_error(hvtest::idx_header({1}, 0x0C) + std::string(4, '\0')) ==
        "f: error: IDX data type 0x0C (int) is not supported; expected 0x08 (unsigned byte)");
  CHECK(parse_error(hvtest::idx_header({1}, 0x0D) + std::string(4, '\0')) ==
        "f: error: IDX data type 0x0D (float) is not supported; expected 0x08 (unsigned byte)");
  CHECK(parse_error(hvtest::idx_header({1}, 0x42)) ==
        "f: error: IDX data type 0x42 (unknown) is not supported; expected 0x08 (unsigned byte)");
}

TEST_CASE("idx error: dimension counts and sizes", "[idx][errors]") {
  CHECK(parse_error(hvtest::idx_header({})) == "f: error: the IDX header declares 0 dimensions");
  CHECK(parse_error(hvtest::idx_header({60000, 28, 28}).substr(0, 8)) ==
        "f: error: the IDX header declares 3 dimensions, but the file ends at byte 8, before their 12 bytes of sizes");
}

TEST_CASE("idx error: truncated data and trailing bytes", "[idx][errors]") {
  CHECK(parse_error(hvtest::idx_file({2, 2, 2}, {1, 2, 3, 4, 5})) ==
        "f: error: the IDX header declares 2 x 2 x 2 = 8 bytes of data, but the file holds 5 (truncated file?)");
  CHECK(parse_error(hvtest::idx_file({2, 2, 2}, std::vector<uint8_t>(9, 1))) ==
        "f: error: the IDX header declares 2 x 2 x 2 = 8 bytes of data, but the file holds 9 (trailing bytes)");
  CHECK(parse_error(hvtest::idx_file({10}, {1, 2})) ==
        "f: error: the IDX header declares 10 bytes of data, but the file holds 2 (truncated file?)");
  // Sizes whose product overflows 64 bits are an (impossible) declared size, not a wrap-around.
  CHECK(parse_error(hvtest::idx_file({0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu}, {})) ==
        "f: error: the IDX header declares 4294967295 x 4294967295 x 4294967295 = at least 18446744073709551615 bytes "
        "of data, "
        "but the file holds 0 (truncated file?)");
}

TEST_CASE("idx error: corrupt or truncated gzip", "[idx][errors]") {
  std::string gz = hvtest::gzip(hvtest::idx_file({4, 4}, std::vector<uint8_t>(16, 9)));
  std::string bad = gz;
  bad[3] = '\xff';  // reserved flag bits set
  CHECK(error_of([&] { hv::gunzip_file(bad, "f.gz"); }) ==
        "f.gz: error: corrupt gzip data at byte 3: reserved gzip header flags are set");
  std::string bad_crc = gz;
  bad_crc[bad_crc.size() - 6] ^= 1;  // the CRC-32 in the trailer
  CHECK(error_of([&] { hv::gunzip_file(bad_crc, "f.gz"); }) ==
        "f.gz: error: corrupt gzip data at byte " + std::to_string(gz.size() - 8) +
            ": the CRC-32 of the decompressed data does not match");
  CHECK(error_of([&] { hv::gunzip_file(gz.substr(0, gz.size() - 4), "f.gz"); }) ==
        "f.gz: error: corrupt gzip data at byte " + std::to_string(gz.size() - 4) +
            ": the gzip data ends early (truncated file?)");
  CHECK(error_of([&] { hv::gunzip_file(gz + "junk", "f.gz"); }) ==
        "f.gz: error: corrupt gzip data at byte " + std::to_string(gz.size()) + ": trailing data after the gzip stream");
}

TEST_CASE("idx error: the memory budget bounds decompression and the dataset", "[idx][errors]") {
  fs::path dir = hvtest::scratch("idx_err_memory");
  uint64_t saved = hv::memory_limit();
  hv::set_memory_limit(uint64_t{3} << 19);  // 1.5 MiB
  std::string zeros(3u << 20, '\0');
  std::string gz_error = error_of([&] { hv::gunzip_file(hvtest::gzip(zeros), "z.gz"); });
  // Two members of 1 MiB: the trailer declares only the last one, the decoder stops at the limit.
  std::string one_mib = hvtest::gzip(std::string(1u << 20, '\0'));
  std::string members_error = error_of([&] { hv::gunzip_file(one_mib + one_mib, "m.gz"); });
  hvtest::write(dir / "i-ubyte", hvtest::idx_file({1000, 200}, std::vector<uint8_t>(200000, 1)));
  std::string data_error = read_error(dir / "i-ubyte", "");
  hv::set_memory_limit(saved);
  CHECK(gz_error ==
        "z.gz: error: the decompressed file needs 3 MiB (the size its gzip trailer declares), over the 1.5 MiB "
        "memory limit; set --memory-limit");
  CHECK(members_error == "m.gz: error: the decompressed file needs more than the 1.5 MiB memory limit; set --memory-limit");
  CHECK(data_error == (dir / "i-ubyte").string() +
                          ": error: the data needs 1.6 MiB (1000 images x 200 pixels), over the 1.5 MiB memory "
                          "limit; set --memory-limit");
}

TEST_CASE("idx error: image and label files that do not fit together", "[idx][errors]") {
  fs::path dir = hvtest::scratch("idx_err_files");
  std::string i = (dir / "i-ubyte").string(), l = (dir / "l-ubyte").string();
  hvtest::write(i, hvtest::idx_file({4}, {1, 2, 3, 4}));
  CHECK(read_error(i, "") == i + ": error: an IDX image file has at least 2 dimensions (the image count, then each "
                                 "image's), found 1");
  hvtest::write(i, hvtest::idx_file({0, 28, 28}, {}));
  CHECK(read_error(i, "") == i + ": error: the file holds no images (count 0)");
  hvtest::write(i, hvtest::idx_file({5, 28, 0}, {}));
  CHECK(read_error(i, "") == i + ": error: the images are empty (28 x 0)");

  hvtest::write(i, hvtest::idx_file({2, 2}, {1, 2, 3, 4}));
  hvtest::write(l, hvtest::idx_file({2, 1}, {0, 1}));
  CHECK(read_error(i, l) == l + ": error: an IDX label file has 1 dimension (the label count), found 2 (2 x 1)");
  hvtest::write(l, hvtest::idx_file({3}, {0, 1, 1}));
  CHECK(read_error(i, l) == l + ": error: the file holds 3 labels, but '" + i + "' holds 2 images");
}

TEST_CASE("idx error: the CLI's IDX options", "[idx][errors][cli]") {
  fs::path dir = hvtest::scratch("idx_err_cli");
  write_set(dir, "train", 3);
  write_set(dir, "t10k", 4);
  write_set(dir, "nolab", 3, false);
  const std::string train = (dir / "train-images-idx3-ubyte.gz").string();
  const std::string test = (dir / "t10k-images-idx3-ubyte.gz").string();
  const std::string nolab = (dir / "nolab-images-idx3-ubyte.gz").string();
  const std::string csv = hvtest::source("examples/iris/iris.csv").string();
  const std::string out = " -o " + (dir / "m.hnet").string();

  expect_cli_error("train " + csv + " --labels " + train + out,
                   "error: option --labels names an IDX label file, but '" + csv +
                       "' is read as CSV (its labels are a column; IDX data files end in 'ubyte' or '.idx', "
                       "optionally '.gz')");
  expect_cli_error("train " + nolab + out, nolab + ": error: IDX images need a label file, and none was given (there is no '" +
                                               (dir / "nolab-labels-idx1-ubyte.gz").string() + "')");
  hvtest::write(dir / "plain.idx", hvtest::idx_file({2, 2}, {1, 2, 3, 4}));
  expect_cli_error("train " + (dir / "plain.idx").string() + out,
                   (dir / "plain.idx").string() +
                       ": error: IDX images need a label file, and none was given (the name does not follow the MNIST "
                       "pattern '*-images-idx3-ubyte')");
  expect_cli_error("train " + train + " --test " + nolab + out,
                   nolab + ": error: IDX images need a label file, and none was given (there is no '" +
                       (dir / "nolab-labels-idx1-ubyte.gz").string() + "')");
  expect_cli_error("train " + train + " --label y" + out,
                   "error: option --label names a CSV column, but '" + train + "' is IDX images (use --labels FILE)");
  expect_cli_error("train " + train + " --test-labels " + train + out,
                   "error: option --test-labels needs --test (the test images)");
  expect_cli_error("train " + train + " --test " + test + out,
                   test + ": error: the test images have 16 pixels ('px3_3' last), the training images 9 ('px2_2' last)");
  CHECK_FALSE(fs::exists(dir / "m.hnet"));

  // A model trained on CSV columns, given images.
  auto r = hvtest::heaviside("train " + csv + out);
  REQUIRE(r.code == 0);
  expect_cli_error("predict " + (dir / "m.hnet").string() + " " + train,
                   train + ": error: the model's input 'sepal length (cm)' is not a pixel of these images");
}
