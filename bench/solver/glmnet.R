# glmnet on the dictionary exported by bench_solver (Debian's r-cran-glmnet, via Rscript).
# Objective mapping (glmnet standardizes y internally for the gaussian family): fit y/sy with
# lambda = beta / (n * sy), standardize = FALSE, intercept = TRUE; w = sy * coef.
# Protocol: thresh from loose to tight; the first that reaches heaviside's certified objective
# within 1e-6 relative is timed (median of 3 fits). Prints one JSON line.
suppressMessages(library(glmnet))
args <- commandArgs(trailingOnly = TRUE)
folder <- args[1]
meta <- scan(file.path(folder, "meta.txt"), quiet = TRUE)
n <- meta[1]; P <- meta[2]; beta <- meta[3]; ours <- meta[4]
con <- file(file.path(folder, "H.u8"), "rb")
H <- matrix(as.numeric(readBin(con, "integer", n = n * P, size = 1, signed = FALSE)), nrow = n)
close(con)
con <- file(file.path(folder, "y.f64"), "rb")
y <- readBin(con, "double", n = n)
close(con)
sy <- sqrt(mean((y - mean(y))^2))
objective <- function(w, b) { r <- y - H %*% w - b; 0.5 * sum(r^2) + beta * sum(abs(w)) }
res <- NULL
for (thresh in c(1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12, 1e-13, 1e-14)) {
  times <- c()
  for (k in 1:3) {
    t0 <- proc.time()[["elapsed"]]
    fit <- glmnet(H, y / sy, family = "gaussian", lambda = beta / (n * sy), standardize = FALSE,
                  intercept = TRUE, thresh = thresh, maxit = 1e7)
    times <- c(times, proc.time()[["elapsed"]] - t0)
  }
  cf <- as.numeric(coef(fit)) * sy
  obj <- objective(cf[-1], cf[1])
  res <- sprintf('{"solver": "glmnet", "thresh": %g, "time_median_s": %.4f, "objective": %.17g, "rel_subopt": %.3e}',
                 thresh, median(times), obj, (obj - ours) / ours)
  if (obj <= ours * (1 + 1e-6)) break
}
cat(res, "\n")
