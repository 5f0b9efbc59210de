// The arrangement dictionary: threshold blocks agree with their materialized columns, Zobrist
// deduplication merges exactly duplicates and complements, exact enumeration in the plane counts
// Cover's bound, and every column is the pattern of its integer neuron.
#include <catch2/catch.hpp>
#include <omp.h>
#include <random>
#include <set>

#include "train/bitmatrix.hpp"
#include "train/dictionary.hpp"
#include "train/generators.hpp"

namespace {

std::vector<int64_t> random_q(size_t n, size_t d, uint64_t seed, int64_t qmax = 255) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int64_t> u(0, qmax);
  std::vector<int64_t> q(n * d);
  for (auto& v : q) v = u(rng);
  return q;
}

std::vector<uint8_t> column(const hv::Dictionary& D, size_t j) {
  std::vector<uint64_t> bits(D.words());
  D.column(j, bits.data());
  std::vector<uint8_t> v(D.rows());
  for (size_t i = 0; i < D.rows(); ++i) v[i] = (bits[i / 64] >> (i % 64)) & 1u;
  return v;
}

std::vector<uint8_t> canonical(std::vector<uint8_t> v) {
  if (v[0])
    for (auto& b : v) b ^= 1;
  return v;
}

// Points in general position (no three collinear), distinct.
std::vector<int64_t> general_position(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int64_t> u(0, 255);
  std::vector<int64_t> q;
  while (q.size() < 2 * n) {
    int64_t x = u(rng), y = u(rng);
    bool ok = true;
    for (size_t i = 0; i < q.size() / 2 && ok; ++i) {
      ok = !(q[2 * i] == x && q[2 * i + 1] == y);
      for (size_t j = i + 1; j < q.size() / 2 && ok; ++j)
        ok = (q[2 * j] - q[2 * i]) * (y - q[2 * i + 1]) - (q[2 * j + 1] - q[2 * i + 1]) * (x - q[2 * i]) != 0;
    }
    if (ok) {
      q.push_back(x);
      q.push_back(y);
    }
  }
  return q;
}

uint64_t choose(uint64_t n, uint64_t k) {
  uint64_t r = 1;
  for (uint64_t i = 1; i <= k; ++i) r = r * (n - k + i) / i;
  return r;
}

}  // namespace

TEST_CASE("dictionary: every column is its neuron's pattern; no duplicates up to complement", "[dictionary]") {
  auto q = random_q(150, 5, 1, 15);
  for (const char* kind : {"gaussian", "sparse"}) {
    hv::Dictionary D(&q, 150, 5);
    hv::GeneratorOptions g;
    g.kind = kind;
    g.directions = 60;
    g.max_fan_in = 2;
    g.weight_bits = 3;
    hv::generate_dictionary(D, g, "test");
    REQUIRE(D.cols() > 20);
    std::set<std::vector<uint8_t>> seen;
    std::vector<uint64_t> bits(D.words());
    for (size_t j = 0; j < D.cols(); ++j) {
      auto col = column(D, j);
      D.neuron_bits(D.neuron(j), bits.data());
      for (size_t i = 0; i < 150; ++i) REQUIRE(((bits[i / 64] >> (i % 64)) & 1u) == col[i]);
      CHECK(seen.insert(canonical(col)).second);
      size_t ones = std::count(col.begin(), col.end(), 1);
      CHECK(ones > 0);
      CHECK(ones < 150);
      CHECK(static_cast<size_t>(D.count(j)) == ones);
    }
    CHECK(D.stats().candidates == D.cols() + D.stats().duplicates + D.stats().constant);
  }
}

TEST_CASE("dictionary: block correlations equal sums over materialized columns", "[dictionary]") {
  auto q = random_q(300, 4, 2, 63);
  hv::Dictionary D(&q, 300, 4);
  std::mt19937_64 rng(3);
  std::vector<uint64_t> bits(D.words());
  for (int k = 0; k < 30; ++k) {  // some explicit columns first, then blocks
    hv::IntNeuron nr{{1, -2, 0, 3}, -static_cast<int64_t>(rng() % 100)};
    D.neuron_bits(nr, bits.data());
    D.add_column(bits.data(), nr);
  }
  for (int k = 0; k < 10; ++k) D.add_direction(hv::random_sparse_direction(rng, 4, 3, 4));
  const size_t K = 3;
  std::normal_distribution<double> N;
  std::vector<double> R(300 * K);
  for (auto& v : R) v = N(rng);
  std::vector<double> out(D.cols() * K);
  D.correlate(R.data(), K, out.data(), nullptr);
  for (size_t j = 0; j < D.cols(); ++j) {
    auto col = column(D, j);
    for (size_t k = 0; k < K; ++k) {
      double s = 0;
      for (size_t i = 0; i < 300; ++i) s += col[i] * R[i * K + k];
      REQUIRE(out[j * K + k] == Approx(s).margin(1e-9));
    }
  }
}

TEST_CASE("tiled bits: round trip and full pass over several panels, odd row counts, skip masks", "[dictionary]") {
  std::mt19937_64 rng(11);
  for (size_t n : {1, 63, 129, 300}) {
    const size_t P = 2 * hv::TiledBits::kPanel + 37, K = 2;
    hv::TiledBits T(n);
    std::vector<std::vector<uint64_t>> cols(P, std::vector<uint64_t>(T.words(), 0));
    for (auto& c : cols) {
      for (size_t i = 0; i < n; ++i)
        if (rng() % 3 == 0) c[i / 64] |= uint64_t{1} << (i % 64);
      T.push_back(c.data());
    }
    REQUIRE(T.cols() == P);
    std::vector<uint64_t> back(T.words());
    std::normal_distribution<double> N;
    std::vector<double> R(n * K);
    for (auto& v : R) v = N(rng);
    std::vector<uint8_t> skip(P);
    for (auto& s : skip) s = rng() % 4 == 0;
    const int saved_threads = omp_get_max_threads();
    for (unsigned threads : {1u, 2u, 3u}) {
      std::vector<double> out(P * K, -7.0);
      omp_set_num_threads(static_cast<int>(threads));
      T.correlate(R.data(), K, out.data(), skip.data());
      for (size_t j = 0; j < P; ++j) {
        T.column(j, back.data());
        REQUIRE(back == cols[j]);
        int64_t ones = 0;
        for (size_t k = 0; k < K; ++k) {
          double s = 0;
          for (size_t i = 0; i < n; ++i)
            if (T.get(i, j)) s += R[i * K + k];
          if (skip[j])
            REQUIRE(out[j * K + k] == -7.0);  // untouched
          else
            REQUIRE(out[j * K + k] == Approx(s).margin(1e-9));
        }
        for (size_t i = 0; i < n; ++i) ones += T.get(i, j);
        REQUIRE(T.count(j) == ones);
      }
    }
    omp_set_num_threads(saved_threads);
  }
}

TEST_CASE("dictionary: exact enumeration in the plane reaches Cover's bound", "[dictionary]") {
  for (size_t n : {5, 12, 30}) {
    auto q = general_position(n, n);
    hv::Dictionary D(&q, n, 2);
    hv::GeneratorOptions g;
    g.kind = "exact";
    hv::generate_dictionary(D, g, "test");
    // Affine dichotomies of n points in general position in R^2: 2 * sum_{k<=2} C(n-1, k);
    // up to complement, without the constant pair: sum_{k<=2} C(n-1, k) - 1.
    uint64_t cover = choose(n - 1, 0) + choose(n - 1, 1) + choose(n - 1, 2) - 1;
    CHECK(D.cols() == cover);
  }
}

TEST_CASE("dictionary: exact enumeration on a line gives every threshold", "[dictionary]") {
  std::vector<int64_t> q = {5, 1, 9, 1, 7, 3};  // 5 distinct values
  hv::Dictionary D(&q, 6, 1);
  hv::GeneratorOptions g;
  g.kind = "exact";
  hv::generate_dictionary(D, g, "test");
  CHECK(D.cols() == 4);
}

TEST_CASE("dictionary: exact enumeration refuses what it cannot do", "[dictionary][errors]") {
  auto q = random_q(10, 3, 4);
  hv::Dictionary D(&q, 10, 3);
  hv::GeneratorOptions g;
  g.kind = "exact";
  CHECK_THROWS_WITH(hv::generate_dictionary(D, g, "d.csv"),
                    "d.csv: error: exact enumeration needs at most 2 input features, found 3 (the gaussian and sparse dictionaries have no such limit)");
  auto q2 = random_q(500, 2, 5);
  hv::Dictionary D2(&q2, 500, 2);
  CHECK_THROWS_WITH(hv::generate_dictionary(D2, g, "d.csv"),
                    "d.csv: error: exact enumeration of 500 rows in 2-D would examine 124750 directions; at most 400 "
                    "rows are allowed");
}
