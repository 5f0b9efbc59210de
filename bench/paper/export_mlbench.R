# Exports eight classification datasets from Debian's r-cran-mlbench to examples/<name>/<name>.csv
# (header row, numeric features, label in the last column), so the paper bench runs without R.
# Cleaning: factor features become their numeric codes' values, constant columns and identifiers
# are dropped, rows with a missing value are dropped (BreastCancer: 16 rows).
# Usage: Rscript bench/paper/export_mlbench.R [examples-dir]
suppressMessages(library(mlbench))
args <- commandArgs(trailingOnly = TRUE)
root <- if (length(args) > 0) args[1] else "examples"

numeric_frame <- function(d, label) {
  y <- as.character(d[[label]])
  x <- d[, setdiff(names(d), label), drop = FALSE]
  for (n in names(x)) x[[n]] <- as.numeric(as.character(x[[n]]))
  keep <- vapply(x, function(v) length(unique(v)) > 1, logical(1))
  x <- x[, keep, drop = FALSE]
  names(x) <- gsub("[^A-Za-z0-9_]", "_", names(x))
  out <- cbind(x, class = y)
  out[complete.cases(out), ]
}

export <- function(name, label, drop = character(0)) {
  data(list = name, package = "mlbench", envir = environment())
  d <- get(name)
  d <- d[, setdiff(names(d), drop), drop = FALSE]
  out <- numeric_frame(d, label)
  dir <- file.path(root, tolower(name))
  dir.create(dir, showWarnings = FALSE, recursive = TRUE)
  path <- file.path(dir, paste0(tolower(name), ".csv"))
  write.table(out, path, sep = ",", row.names = FALSE, quote = FALSE)
  cat(sprintf("%s: %d rows, %d features, %d classes\n", path, nrow(out), ncol(out) - 1,
              length(unique(out$class))))
}

export("PimaIndiansDiabetes", "diabetes")
export("Sonar", "Class")
export("Ionosphere", "Class")
export("BreastCancer", "Class", drop = "Id")
export("Glass", "Type")
export("Vehicle", "Class")
export("Vowel", "Class", drop = "V1")  # V1 is the speaker, not a measurement
