#!/usr/bin/env python3
"""Coverage of the gate's paired block-bootstrap intervals, by simulation.

The gate resamples contiguous time blocks of the comparison rows (PairedStatistics.Bootstrap). This script draws
per-row losses for two models of the same law (true improvement 0) as AR(1) series, resamples their blocks as the gate
does, and counts how often each interval contains 0 at 95 % asked:
  plain     the 2.5 / 97.5 percentiles of the resampled mean improvements (the gate before 2026-12-07);
  expanded  Hesterberg's expanded percentiles (tail Phi(-sqrt(k/(k-1)) t(k-1, .975)));
  t-SE      the improvement +/- t(k-1, .975) sqrt(k/(k-1)) times the resamples' standard deviation (the gate now);
  batch     Student's t on the k block means (batch means), the textbook interval for a mean of dependent rows.
Usage: /usr/bin/python3 bench/python/interval_coverage.py   (needs python3-numpy and python3-scipy; about a minute)
"""
import numpy as np
from scipy import stats

rng = np.random.default_rng(2)


def series(n, phi):
    e = np.empty(n)
    p = rng.normal()
    for i in range(n):
        p = phi * p + np.sqrt(1 - phi * phi) * rng.normal()
        e[i] = p
    return e


def simulate(n, block, phi, kind, cases, resamples=400):
    k = -(-n // block)
    tail = stats.norm.cdf(-np.sqrt(k / (k - 1)) * stats.t.ppf(0.975, k - 1))
    multiple = stats.t.ppf(0.975, k - 1) * np.sqrt(k / (k - 1))
    covered = np.zeros(4)
    for _ in range(cases):
        loss = (lambda e: np.abs(e)) if kind == "abs" else (lambda e: np.exp(e))
        d = loss(series(n, phi)) - loss(series(n, phi))
        blocks = [d[i * block:(i + 1) * block] for i in range(k)]
        sums = np.array([b.sum() for b in blocks])
        counts = np.array([len(b) for b in blocks])
        draws = rng.integers(0, k, (resamples, k))
        means = sums[draws].sum(1) / counts[draws].sum(1)
        point = d.mean()
        lo, hi = np.quantile(means, [0.025, 0.975])
        covered[0] += lo <= 0 <= hi
        lo, hi = np.quantile(means, [tail, 1 - tail])
        covered[1] += lo <= 0 <= hi
        sd = means.std(ddof=1)
        covered[2] += point - multiple * sd <= 0 <= point + multiple * sd
        block_means = sums / counts
        se = block_means.std(ddof=1) / np.sqrt(k)
        t = stats.t.ppf(0.975, k - 1)
        covered[3] += point - t * se <= 0 <= point + t * se
    return covered / cases


print("rows  block  phi  loss       cases   plain  expanded   t-SE   batch")
for n, block, phi, kind in [(15, 4, 0, "abs"), (15, 4, 0.5, "abs"), (15, 4, 0.5, "lognormal"), (30, 6, 0.5, "abs"),
                            (168, 13, 0.5, "abs"), (168, 13, 0.5, "lognormal"), (1000, 32, 0.5, "lognormal")]:
    cases = 1000 if n >= 1000 else 2000
    c = simulate(n, block, phi, kind, cases)
    print(f"{n:4d}  {block:5d}  {phi:3.1f}  {kind:9s}  {cases:5d}   {c[0]:.3f}  {c[1]:.3f}     {c[2]:.3f}  {c[3]:.3f}")
