# glmnet family = "mgaussian" on the multi-class problem exported by bench_multiclass (Debian's
# r-cran-glmnet, via Rscript). glmnet minimizes (1/2n)||Y - HW - 1b||_F^2 + lambda sum_j ||W_j||_2
# (standardize = FALSE, standardize.response = FALSE), so lambda = beta / n. As its documentation
# advises, it fits its own path: 100 lambdas from its lambda_max down to beta / n, and the last one
# is scored. Protocol: thresh from loose to tight; the first that reaches heaviside's certified
# objective within 1e-6 relative is timed (one fit each); past `budget` seconds in all, the last
# is reported as not reached. Prints one JSON line.
suppressMessages(library(glmnet))
args <- commandArgs(trailingOnly = TRUE)
folder <- args[1]
budget <- if (length(args) > 1) as.numeric(args[2]) else 300
meta <- scan(file.path(folder, "meta.txt"), quiet = TRUE)
n <- meta[1]; P <- meta[2]; K <- meta[3]; beta <- meta[4]; ours <- meta[5]
con <- file(file.path(folder, "H.u8"), "rb")
H <- matrix(as.numeric(readBin(con, "integer", n = n * P, size = 1, signed = FALSE)), nrow = n)
close(con)
con <- file(file.path(folder, "Y.f64"), "rb")
Y <- matrix(readBin(con, "double", n = n * K), nrow = n, byrow = TRUE)
close(con)
objective <- function(W, b) {
  R <- Y - H %*% W - matrix(b, n, K, byrow = TRUE)
  0.5 * sum(R^2) + beta * sum(sqrt(rowSums(W^2)))
}
target <- beta / n
res <- NULL
spent <- 0
for (thresh in c(1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12, 1e-13, 1e-14)) {
  t0 <- proc.time()[["elapsed"]]
  fit <- glmnet(H, Y, family = "mgaussian", nlambda = 100, standardize = FALSE, standardize.response = FALSE,
                intercept = TRUE, thresh = thresh, maxit = 1e7, lambda.min.ratio = 1e-4)
  lmax <- max(fit$lambda)
  fit <- glmnet(H, Y, family = "mgaussian", lambda = exp(seq(log(lmax), log(target), length.out = 100)),
                standardize = FALSE, standardize.response = FALSE, intercept = TRUE, thresh = thresh, maxit = 1e7)
  t <- proc.time()[["elapsed"]] - t0
  spent <- spent + t
  last <- length(fit$lambda)
  W <- sapply(coef(fit, s = fit$lambda[last]), function(cf) as.numeric(cf))
  obj <- objective(W[-1, , drop = FALSE], W[1, ])
  res <- sprintf('{"solver": "glmnet mgaussian (own path, 100 lambdas)", "thresh": %g, "time_s": %.3f, "objective": %.17g, "rel_subopt": %.3e}',
                 thresh, t, obj, (obj - ours) / ours)
  if (obj <= ours * (1 + 1e-6) || spent > budget) break
}
cat(res, "\n")
