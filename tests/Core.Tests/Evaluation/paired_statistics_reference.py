#!/usr/bin/python3
"""Reference values for PairedStatisticsTests, computed with Debian's python3-scipy (bookworm).

Run: /usr/bin/python3 tests/Core.Tests/Evaluation/paired_statistics_reference.py
"""
import scipy
from scipy.stats import binom, binomtest, mannwhitneyu, norm

print("scipy", scipy.__version__)


def mcnemar(b, c):
    n, k = b + c, min(b, c)
    exact = binomtest(b, n, 0.5).pvalue
    mid = min(1.0, 2 * (binom.cdf(k, n, 0.5) - 0.5 * binom.pmf(k, n, 0.5)))
    return exact, mid


for b, c in [(1, 7), (30, 52), (120, 151), (10, 10)]:
    exact, mid = mcnemar(b, c)
    print(f"mcnemar b={b} c={c}: exact {exact:.15g} mid-p {mid:.15g}")

for worse, better in [(40, 20), (12, 3), (5, 5)]:
    p = binomtest(worse, worse + better, 0.5, alternative="greater").pvalue
    print(f"sign test worse={worse} better={better}: {p:.15g}")

for p in [0.975, 0.95, 0.999, 0.001, 0.5]:
    print(f"norm.ppf({p}) = {norm.ppf(p):.15g}")

labels = [1, 0, 1, 1, 0, 0, 1, 0, 1, 0]
scores = [0.9, 0.8, 0.7, 0.7, 0.5, 0.4, 0.35, 0.3, 0.2, 0.1]
pos = [s for s, l in zip(scores, labels) if l == 1]
neg = [s for s, l in zip(scores, labels) if l == 0]
u = mannwhitneyu(pos, neg).statistic
print(f"auc = {u / (len(pos) * len(neg)):.15g}")
