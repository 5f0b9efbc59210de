// IDX reader (the MNIST / Fashion-MNIST format): an image file (magic 0x00000803: unsigned bytes,
// count x rows x cols, big-endian sizes) and a label file (0x00000801: count unsigned bytes), each
// optionally gzip-compressed (detected from the gzip magic bytes, decompressed by support/gunzip). The
// result is the same Dataset the CSV reader produces: one feature per pixel, named px<row>_<col>
// (px<i>_<j>_<k> for more image dimensions), label "label" holding the label byte as decimal
// text, row_line the 1-based record number, and the declared value range [0, 255] so that the
// quantizer keeps 8-bit pixels exact. Only unsigned-byte data is accepted.
// Checked: magic numbers, the data type, dimension counts and sizes, truncated or oversized
// files, corrupt or truncated gzip streams, and that the label file holds one label per image.
// Every problem is a user error `file: error: ...`. O(bytes) time; the memory budget is checked
// before the decompressed data and the dataset are allocated.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "frontend/csv.hpp"

namespace hv {

// Whether a data path names an IDX file: its name, less a ".gz" suffix, ends in "ubyte" (the MNIST
// naming, e.g. train-images-idx3-ubyte.gz) or ".idx". Anything else is read as CSV.
bool is_idx_path(const std::string& path);

// The label file next to an MNIST-named image file ("...-images-idx3-ubyte[.gz]" ->
// "...-labels-idx1-ubyte[.gz]"), or "" when the name does not follow that pattern.
std::string idx_sibling_labels(const std::string& images_path);

struct IdxArray {
  std::vector<uint32_t> dims;  // dims[0] = record count
  std::vector<uint8_t> data;   // row-major
};

// Parses IDX bytes (already decompressed); `filename` is for messages.
IdxArray parse_idx(const std::string& bytes, const std::string& filename);
// Reads a file, gunzipping it when it starts with the gzip magic bytes, and parses it.
IdxArray read_idx_file(const std::filesystem::path& path);
// Decompresses a whole gzip file image (several members allowed); corrupt data and the memory
// budget are reported as errors in `filename`.
std::string gunzip_file(const std::string& bytes, const std::string& filename);

// Images (and, when labels_path is not empty, labels) as a Dataset.
Dataset read_idx(const std::filesystem::path& images_path, const std::filesystem::path& labels_path);

}  // namespace hv
