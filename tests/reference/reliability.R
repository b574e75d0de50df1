# Reproduce in R the reference values of tests/stats/test_reliability.py.
#
# Run from the repository root: Rscript tests/reference/reliability.R
# Needs the R packages psych and lavaan. The tests themselves do not need R.

library(psych)
library(lavaan)

data_dir <- file.path("tests", "data")

# --- psych::alpha on the bfi scales (pairwise, the psych default) ---------------
# Expected, e.g. for A: raw_alpha 0.7030184, std.alpha 0.7130286,
# average_r 0.3319677, and per item r.drop and raw_alpha if dropped.
bfi <- read.csv(file.path(data_dir, "bfi.csv"))
reversed <- c("A1", "C4", "C5", "E1", "E2", "O2", "O5")
bfi[reversed] <- 7 - bfi[reversed]
for (scale in c("A", "C", "E", "N", "O")) {
  items <- bfi[paste0(scale, 1:5)]
  result <- alpha(items)
  print(result$total[c("raw_alpha", "std.alpha", "average_r")], digits = 7)
  print(result$alpha.drop["raw_alpha"], digits = 7)
  print(result$item.stats[c("n", "r.drop", "mean", "sd")], digits = 7)
  # Feldt interval with n = number of rows, as psych prints it.
  print(unlist(result$feldt[c("lower.ci", "upper.ci")]), digits = 7)
}

# --- pingouin's datasets -----------------------------------------------------------
# Long data: alpha 0.592, Feldt CI [0.195, 0.840].
long <- read.csv(file.path(data_dir, "pingouin_cronbach_alpha.csv"))
wide <- reshape(long, idvar = "Subj", timevar = "Items", direction = "wide")
wide <- wide[, -1]
print(alpha(wide)$total$raw_alpha, digits = 7)
print(unlist(alpha.ci(alpha(wide)$total$raw_alpha, nrow(wide), ncol(wide))[1:3]))

# Wide data with missing values: pairwise alpha 0.732661, CI [0.435, 0.909];
# complete cases alpha 0.801695, CI [0.533, 0.947].
missing <- read.csv(file.path(data_dir, "pingouin_cronbach_wide_missing.csv"))
pairwise <- alpha(missing)
print(c(pairwise$total$raw_alpha, unlist(pairwise$feldt[c(1, 3)])), digits = 7)
complete <- missing[complete.cases(missing), ]
listwise <- alpha(complete)
print(c(listwise$total$raw_alpha, unlist(listwise$feldt[c(1, 3)])), digits = 7)

# --- Coefficient omega from a one-factor CFA, as JASP computes it ------------------
omega_cfa <- function(items, standardized = FALSE) {
  model <- paste("f =~", paste(names(items), collapse = " + "))
  fit <- cfa(model, data = items, std.lv = TRUE)
  if (standardized) {
    est <- standardizedSolution(fit)
    loadings <- est$est.std[est$op == "=~"]
    unique <- est$est.std[est$op == "~~" & est$lhs == est$rhs & est$lhs != "f"]
  } else {
    est <- parameterEstimates(fit)
    loadings <- est$est[est$op == "=~"]
    unique <- est$est[est$op == "~~" & est$lhs == est$rhs & est$lhs != "f"]
  }
  sum(loadings)^2 / (sum(loadings)^2 + sum(unique))
}

# asrm_mis.csv, complete cases: omega 0.7917101, standardised loadings
# 0.8450, 0.7550, 0.4438, 0.5515, 0.6546.
asrm_mis <- read.csv(file.path(data_dir, "asrm_mis_jasp.csv"))
asrm_complete <- asrm_mis[complete.cases(asrm_mis), ]
print(omega_cfa(asrm_complete), digits = 7)

# asrm.csv items 1-4, standardised: omega 0.743458875550109, and
# psych's std.alpha 0.734183438809739.
asrm <- read.csv(file.path(data_dir, "asrm_jasp.csv"))
print(omega_cfa(asrm[1:4], standardized = TRUE), digits = 15)
print(alpha(asrm[1:4])$total$std.alpha, digits = 15)

# asrm.csv, 5 items: alpha 0.789985434486178, average_r 0.430268419211834.
print(alpha(asrm)$total[c("raw_alpha", "average_r")], digits = 15)

# SAQ items 1, 4-8 and 10: omega 0.762830469875068, alpha 0.757381263545318.
saq <- read.csv(file.path(data_dir, "saq_jasp_reliability.csv"))
saq_items <- saq[c(paste0("Question_0", c(1, 4:8)), "Question_10")]
print(omega_cfa(saq_items), digits = 15)
print(alpha(saq_items)$total$raw_alpha, digits = 15)

# For comparison only: psych's minres omega, which jamovi reports.
print(omega(asrm, nfactors = 1, plot = FALSE)$omega.tot, digits = 7)
