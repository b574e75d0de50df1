# Reproduce in R the reference values of tests/stats/test_paired.py and
# tests/stats/test_control.py.
#
# Run from the repository root: Rscript tests/reference/paired.R
# Needs R >= 4.1 with the packages effectsize, afex, car and emmeans. The tests
# themselves do not need R. The expected numbers in the tests come from published
# output (R help pages, the effectsize documentation, and the test files of
# jamovi's jmv, statsExpressions, dgromer/apa and pingouin); the comments below
# give those numbers.

library(effectsize)

here <- function(name) file.path("tests", "data", name)

# --- paired t-test, d_z, Wilcoxon on the sleep data ---------------------------
g1 <- sleep$extra[sleep$group == 1]
g2 <- sleep$extra[sleep$group == 2]
print(t.test(g1, g2, paired = TRUE))
# t = -4.0621, df = 9, p-value = 0.002833, CI -2.4598858 -0.7001142, mean -1.58
print(cohens_d(Pair(g1, g2) ~ 1))          # -1.28 [-2.12, -0.41]
print(wilcox.test(g1, g2, paired = TRUE))  # V = 0, p-value = 0.009091 (ties)

# --- exact Wilcoxon (Hollander & Wolfe depression data, ?wilcox.test) ---------
x <- c(1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30)
y <- c(0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29)
print(wilcox.test(x, y, paired = TRUE, alternative = "greater"))  # V = 40, 0.01953
print(wilcox.test(x, y, paired = TRUE))                           # p = 0.03906

# --- Lakens (2013) movie ratings --------------------------------------------
movie_1 <- c(9, 7, 8, 9, 8, 9, 9, 10, 9, 9)
movie_2 <- c(9, 6, 7, 8, 7, 9, 8, 8, 8, 7)
print(t.test(movie_1, movie_2, paired = TRUE))  # t = 4.7434, df = 9
print(cohens_d(Pair(movie_1, movie_2) ~ 1))     # d_z = 1.50
print(repeated_measures_d(movie_1, movie_2, method = "av", adjust = FALSE))
# d_av = 1.13 (the test uses the hand value 1.128696)

# --- rank-biserial with a zero difference (jamovi jmv test) -----------------
before <- c(20, 22, 19, 20, 22, 18, 24, 20, 25)
after <- c(38, 37, 33, 29, 14, 12, 20, 22, 25)
print(wilcox.test(before, after, paired = TRUE))  # V = 9, p = 0.234
print(rank_biserial(before, after, paired = TRUE))  # -0.5

# --- rank-biserial CI (statsExpressions bird data) --------------------------
typical <- c(-0.255, -0.213, -0.19, -0.185, -0.045, -0.025, -0.015, 0.003,
             0.015, 0.02, 0.023, 0.04, 0.04, 0.05, 0.055, 0.058)
odd <- c(-0.324, -0.185, -0.299, -0.144, -0.027, -0.039, -0.264, -0.077,
         -0.017, -0.169, -0.096, -0.33, -0.346, -0.191, -0.128, -0.182)
print(rank_biserial(odd, typical, paired = TRUE, ci = 0.99))
# -0.85294, 99% CI [-0.96399, -0.48865]
print(wilcox.test(odd, typical, paired = TRUE))  # V = 10, exact p (no ties)

# --- McNemar ----------------------------------------------------------------
Performance <- matrix(c(794, 86, 150, 570), nrow = 2)
print(mcnemar.test(Performance))                   # 16.8178, p = 4.115e-05
print(mcnemar.test(Performance, correct = FALSE))  # 17.3559, p = 3.099e-05
mc <- read.csv(here("pingouin_chi2_mcnemar.csv"))
print(mcnemar.test(table(mc$treatment_X, mc$treatment_Y)))  # 20.021, 7.66e-06
print(binom.test(0, 10))                           # p = 2 * 0.5^10 = 0.001953

# --- mixed ANOVA ------------------------------------------------------------
mixed <- read.csv(here("pingouin_mixed_anova.csv"))
print(afex::aov_ez("Subject", "Scores", mixed, between = "Group",
                   within = "Time", anova_table = list(es = "pes")))
# F: Group 5.05171, Time 4.02739, Group:Time 2.72800; GG epsilon 0.99812
unbalanced <- read.csv(here("pingouin_mixed_anova_unbalanced.csv"))
print(afex::aov_ez("Subject", "Scores", unbalanced, between = "Group",
                   within = "Time", type = 2,
                   anova_table = list(es = "pes", correction = "none")))
# F: Group 2.3026, Time 1.7071, interaction 0.8877 (JASP type II)

# --- ANCOVA -----------------------------------------------------------------
reading <- read.csv(here("pingouin_ancova.csv"))
print(car::Anova(lm(Scores ~ Method + Income, data = reading), type = 2))
# Method F = 3.3365 (df 3), Income F = 29.4194 (df 1), residual df 31
print(emmeans::emmeans(lm(Scores ~ Method + Income, data = reading), "Method"))
# adjusted means; the test checks them against a least-squares prediction

# --- Morris (2008) d_ppc2, study 5 of Table 5 (summary statistics) -----------
n_t <- 14; n_c <- 14; rho <- 0.44
sd_pre <- sqrt(((n_t - 1) * 4.7^2 + (n_c - 1) * 3.1^2) / (n_t + n_c - 2))
c_p <- 1 - 3 / (4 * (n_t + n_c - 2) - 1)
d <- c_p * ((36.0 - 35.6) - (33.4 - 34.8)) / sd_pre
v <- 2 * c_p^2 * (1 - rho) * ((n_t + n_c) / (n_t * n_c)) *
  ((n_t + n_c - 2) / (n_t + n_c - 4)) *
  (1 + d^2 / (2 * (1 - rho) * ((n_t + n_c) / (n_t * n_c)))) - d^2
print(c(d = d, low = d - qnorm(0.975) * sqrt(v), high = d + qnorm(0.975) * sqrt(v)))
# 0.438956 [-0.363093, 1.241004]; Morris's Table 5 prints d_ppc2 = 0.44
