# Reproduce the reference values of tests/stats/test_descriptives.py,
# test_frequencies.py and test_groups.py with R.
#
# The expected numbers in those tests were copied from published output of the
# calls below (R documentation examples, printed R sessions, and the test files
# of psych, effectsize, jamovi's jmv, statsExpressions and pingouin). Run this
# script to check them again:
#
#   Rscript tests/reference/descriptives_groups.R
#
# Needs R >= 4.1 with the packages psych, effectsize and jmv. The data are the
# copies in tests/data/ (see tests/data/NOTICE.md for their sources).

library(psych)
library(effectsize)

here <- function(name) file.path("tests", "data", name)
tooth <- read.csv(here("toothgrowth.csv"))
tooth$dose <- factor(tooth$dose)
sat <- read.csv(here("sat_act.csv"))
cars <- read.csv(here("mtcars_wt_am.csv"))
cars$am <- factor(cars$am)
heart <- read.csv(here("pingouin_chi2_independence.csv"))

# --- describe() --------------------------------------------------------------
# test_describe_toothgrowth_matches_r
print(t.test(tooth$len, mu = 15))           # mean 18.81333, CI 16.83731 20.78936
print(summary(tooth$len))                   # 13.07, 19.25, 25.27 (type 7)
print(shapiro.test(tooth$len))              # W = 0.96743, p-value = 0.1091

# test_describe_sat_act_matches_psych (type 3 is psych's default; type 2 is SPSS)
print(describe(sat))
print(describe(sat, type = 2))

# test_describe_shape_standard_errors_n100 and the jmv split scenario
se_skew <- function(n) sqrt(6 * n * (n - 1) / ((n - 2) * (n + 1) * (n + 3)))
se_kurt <- function(n) 2 * se_skew(n) * sqrt((n^2 - 1) / ((n - 3) * (n + 5)))
print(c(se_skew(100), se_kurt(100), se_kurt(4)))  # 0.24138 0.47833 2.619

# test_descriptives_table_shapiro_by_group
print(shapiro.test(tooth$len[tooth$supp == "OJ"]))  # W = 0.91784, p = 0.02359
print(shapiro.test(tooth$len[tooth$supp == "VC"]))  # W = 0.96567, p = 0.4284

# --- two groups ---------------------------------------------------------------
print(t.test(len ~ supp, data = tooth))              # t = 1.9153, df = 55.309
print(wilcox.test(len ~ supp, data = tooth))         # W = 575.5, p = 0.06449
print(hedges_g(wt ~ am, data = cars))                # 1.844 [1.004, 2.664]
print(wilcox.test(wt ~ am, data = cars))             # W = 230.5, p = 4.347e-05
print(rank_biserial(wt ~ am, data = cars, ci = 0.9)) # 0.866 [0.749, 0.931]
print(rank_biserial(c(48, 48, 77, 86, 85, 85, 16), c(14, 34, 34, 77)))  # 0.607

# --- three groups -------------------------------------------------------------
print(oneway.test(len ~ dose, data = tooth))                   # F = 68.401
print(summary(aov(len ~ dose, data = tooth)))                  # F = 67.42
print(kruskal.test(len ~ dose, data = tooth))                  # 40.669, p 1.475e-09
f <- factor(rep(c("a", "b", "c"), each = 6))
sunny <- c(0, 4, 19, 5, 9, 15, 1, 4, 19, 10, 13, 7, 5, 12, 2, 23, 6, 13)
print(kruskal.test(sunny ~ f))                                 # 0.167, p 0.920
print(rank_epsilon_squared(sunny ~ f, ci = NULL))              # 0.0098
rainy <- c(7, 12, NA, 8, 3, 15, 20, 18, 16, NA, 22, 19, 5, 9, 14, 11, 8, NA)
print(kruskal.test(rainy ~ f))                                 # 9.41, p 0.009

# --- crosstabs ----------------------------------------------------------------
print(chisq.test(table(heart$cp, heart$target)))               # 81.686, df 3
print(cramers_v(table(heart$cp, heart$target), adjust = FALSE)) # 0.519
tab <- table(cars$am, cars$vs)
print(chisq.test(tab, correct = FALSE))                        # p = 0.3409
print(cramers_v(tab, adjust = FALSE))                          # 0.1683451
print(fisher.test(matrix(c(2, 5, 9, 4), nrow = 2)))            # p = 0.1597

# --- p.adjust -----------------------------------------------------------------
p <- c(0.52, 0.12, 0.0001, 0.03, 0.14)
print(p.adjust(p, "holm"))  # 0.52 0.36 0.0005 0.12 0.36
print(p.adjust(p, "BH"))    # 0.52 0.175 0.0005 0.075 0.175
