// IDX reader (see idx.hpp). Header: two zero bytes, a type byte (0x08 = unsigned byte), a
// dimension count, then one big-endian uint32 size per dimension; the data follow, exactly
// product(sizes) elements. gzip streams are inflated by support/gunzip within the memory budget,
// so a small compressed file cannot expand past it.
#include "frontend/idx.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cstdio>

#include "support/diagnostics.hpp"
#include "support/files.hpp"
#include "support/gunzip.hpp"
#include "support/resources.hpp"

namespace hv {

namespace {

std::string hex(uint64_t v, int digits) {
  return fmt::format("0x{:0{}X}", v, digits);
}

const char* type_name(unsigned t) {
  switch (t) {
    case 0x08: return "unsigned byte";
    case 0x09: return "signed byte";
    case 0x0B: return "short";
    case 0x0C: return "int";
    case 0x0D: return "float";
    case 0x0E: return "double";
    default: return "unknown";
  }
}

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

std::string without_gz(std::string name) {
  if (ends_with(name, ".gz")) name.resize(name.size() - 3);
  return name;
}

[[noreturn]] void fail_file(const std::string& file, const std::string& message) { fail_at({file, 0, 0}, message); }

// "60000 x 28 x 28"
std::string dims_text(const std::vector<uint32_t>& dims, size_t from) {
  std::string s;
  for (size_t i = from; i < dims.size(); ++i) s += (i > from ? " x " : "") + std::to_string(dims[i]);
  return s;
}

}  // namespace

bool is_idx_path(const std::string& path) {
  std::string name = without_gz(std::filesystem::path(path).filename().string());
  return ends_with(name, "ubyte") || ends_with(name, ".idx");
}

std::string idx_sibling_labels(const std::string& images_path) {
  std::filesystem::path p(images_path);
  std::string name = p.filename().string();
  size_t at = name.find("images-idx3");
  if (at == std::string::npos) return "";
  name.replace(at, 11, "labels-idx1");
  return (p.parent_path() / name).string();
}

std::string gunzip_file(const std::string& bytes, const std::string& filename) {
  // A single-member file's trailer declares its decompressed size (mod 2^32): refuse up front.
  uint64_t declared = 0;
  if (bytes.size() >= 18)
    for (size_t i = 0; i < 4; ++i) declared |= uint64_t{static_cast<uint8_t>(bytes[bytes.size() - 4 + i])} << (8 * i);
  check_memory(filename, "the decompressed file", declared, "the size its gzip trailer declares", "set --memory-limit");
  try {
    return gunzip(bytes, memory_limit());
  } catch (const GzipError& e) {
    if (std::string(e.what()) == gzip_limit_message())  // several members, or a trailer that lies
      fail_file(filename, "the decompressed file needs more than the " + format_bytes(memory_limit()) +
                              " memory limit; set --memory-limit");
    std::string hint = std::string(e.what()).find("ends early") != std::string::npos ? " (truncated file?)" : "";
    fail_file(filename, "corrupt gzip data at byte " + std::to_string(e.offset) + ": " + e.what() + hint);
  }
}

IdxArray parse_idx(const std::string& bytes, const std::string& filename) {
  auto byte = [&](size_t i) { return static_cast<uint8_t>(bytes[i]); };
  if (bytes.size() < 4)
    fail_file(filename, "the file is " + std::to_string(bytes.size()) +
                            " bytes long, too short for an IDX header (a 4-byte magic number)");
  uint32_t magic = (uint32_t{byte(0)} << 24) | (uint32_t{byte(1)} << 16) | (uint32_t{byte(2)} << 8) | byte(3);
  if (byte(0) != 0 || byte(1) != 0)
    fail_file(filename, "not an IDX file: the magic number is " + hex(magic, 8) +
                            ", expected two zero bytes, a type byte and a dimension count (e.g. 0x00000803)");
  unsigned type = byte(2), n_dims = byte(3);
  if (type != 0x08)
    fail_file(filename, "IDX data type " + hex(type, 2) + " (" + type_name(type) +
                            ") is not supported; expected 0x08 (unsigned byte)");
  if (n_dims == 0) fail_file(filename, "the IDX header declares 0 dimensions");
  size_t header = 4 + 4 * size_t{n_dims};
  if (bytes.size() < header)
    fail_file(filename, "the IDX header declares " + std::to_string(n_dims) + " dimensions, but the file ends at byte " +
                            std::to_string(bytes.size()) + ", before their " + std::to_string(4 * n_dims) +
                            " bytes of sizes");
  IdxArray a;
  uint64_t total = 1;
  for (size_t k = 0; k < n_dims; ++k) {
    size_t o = 4 + 4 * k;
    uint32_t v = (uint32_t{byte(o)} << 24) | (uint32_t{byte(o + 1)} << 16) | (uint32_t{byte(o + 2)} << 8) | byte(o + 3);
    a.dims.push_back(v);
    total = mul_sat(total, v);
  }
  uint64_t held = bytes.size() - header;
  if (total != held) {
    // mul_sat saturates: a product of 2^64 - 1 or more is reported as a bound.
    std::string amount = (total == UINT64_MAX ? "at least " : "") + std::to_string(total) + " bytes of data";
    std::string declared = n_dims == 1 ? amount : dims_text(a.dims, 0) + " = " + amount;
    fail_file(filename, "the IDX header declares " + declared + ", but the file holds " + std::to_string(held) +
                            (held < total ? " (truncated file?)" : " (trailing bytes)"));
  }
  a.data.assign(bytes.begin() + static_cast<long>(header), bytes.end());
  return a;
}

IdxArray read_idx_file(const std::filesystem::path& path) {
  std::string bytes = read_file(path);
  if (is_gzip(bytes)) bytes = gunzip_file(bytes, path.string());
  return parse_idx(bytes, path.string());
}

Dataset read_idx(const std::filesystem::path& images_path, const std::filesystem::path& labels_path) {
  const std::string file = images_path.string();
  IdxArray img = read_idx_file(images_path);
  if (img.dims.size() < 2)
    fail_file(file, "an IDX image file has at least 2 dimensions (the image count, then each image's), found 1");
  const size_t n = img.dims[0];
  if (n == 0) fail_file(file, "the file holds no images (count 0)");
  size_t d = img.data.size() / n;
  if (d == 0) fail_file(file, "the images are empty (" + dims_text(img.dims, 1) + ")");
  if (n > static_cast<size_t>(INT32_MAX)) fail_file(file, "more than 2^31 images");
  check_memory(file, "the data", add_sat(mul_sat(img.data.size(), sizeof(double)), mul_sat(n, 64)),
               std::to_string(n) + " images x " + std::to_string(d) + " pixels", "set --memory-limit");

  Dataset ds;
  ds.source = file;
  ds.label_name = "label";
  ds.n_rows = n;
  ds.has_value_range = true;
  ds.value_lo = 0;
  ds.value_hi = 255;
  ds.feature_names.reserve(d);
  std::vector<size_t> idx(img.dims.size() - 1, 0);
  for (size_t f = 0; f < d; ++f) {
    std::string name = "px";
    for (size_t k = 0; k < idx.size(); ++k) name += (k ? "_" : "") + std::to_string(idx[k]);
    ds.feature_names.push_back(std::move(name));
    for (size_t k = idx.size(); k-- > 0;) {
      if (++idx[k] < img.dims[k + 1]) break;
      idx[k] = 0;
    }
  }
  ds.x.assign(img.data.begin(), img.data.end());
  ds.row_line.resize(n);
  for (size_t r = 0; r < n; ++r) ds.row_line[r] = static_cast<int>(r + 1);
  if (labels_path.empty()) return ds;

  const std::string lfile = labels_path.string();
  IdxArray lab = read_idx_file(labels_path);
  if (lab.dims.size() != 1)
    fail_file(lfile, "an IDX label file has 1 dimension (the label count), found " + std::to_string(lab.dims.size()) +
                         " (" + dims_text(lab.dims, 0) + ")");
  if (lab.dims[0] != n)
    fail_file(lfile, "the file holds " + std::to_string(lab.dims[0]) + " labels, but " + quote_path(file) +
                         " holds " + std::to_string(n) + " images");
  ds.labels.reserve(n);
  for (uint8_t v : lab.data) ds.labels.push_back(std::to_string(v));
  return ds;
}

}  // namespace hv
