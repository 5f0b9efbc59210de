// The Catch2 v2 main, compiled once as its own library (it takes ~20 s to build).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
