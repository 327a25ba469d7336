#!/usr/bin/python3
"""Replays a binary stream with naive_retrain.py's protocol (before each batch, fit on the newest labeled rows, label
latency 1, predict the batch) for several recipes at once, to see what averaging models buys before building it:
HistGradientBoosting (HGB) on fixed windows and on shares of all rows so far, the mean of those, and the mean of HGB's
and logistic regression's probabilities on the newest 5,000 rows. docs/backtest.md ("Fourth session") quotes its
Elec2 figures. Slow (nine fits per batch): about 10 minutes on 2 cores for Elec2.

Needs Debian's packages: apt-get install -y python3-sklearn python3-pandas   (run with /usr/bin/python3)
Usage: ensemble_replay.py CSV LABEL POSITIVE BATCH_ROWS EVAL_FROM [DROP,COLUMNS]
Example: bench/python/ensemble_replay.py ../shared/datasets/elec2/data.csv class UP 336 5 timestamp,date
"""
import sys, numpy as np, pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier as HGBC
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

csv, label, positive, B, E = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
drop = sys.argv[6].split(",") if len(sys.argv) > 6 else []
df = pd.read_csv(csv)
y = (df[label].astype(str) == positive).values.astype(int)
X = df.drop(columns=[label] + [c for c in drop if c in df.columns]).values
shares, fixed = [1 / 8, 1 / 4, 1 / 2, 1], [2500, 5000, 10000, 20000]
right, rows = {}, 0
for b in range(E, len(df) // B):
    hi = b * B
    truth, Xt = y[hi:hi + B], X[hi:hi + B]
    fit = lambda lo: HGBC(random_state=0).fit(X[lo:hi], y[lo:hi]).predict_proba(Xt)[:, 1]
    p = {f"hgb share {s:g}": fit(hi - int(hi * s)) for s in shares}
    p.update({f"hgb newest {w}": fit(max(0, hi - w)) for w in fixed})
    lo = max(0, hi - 5000)
    linear = make_pipeline(StandardScaler(), LogisticRegression(max_iter=500)).fit(X[lo:hi], y[lo:hi]).predict_proba(Xt)[:, 1]
    p["logreg newest 5000"] = linear
    p["mean of hgb over the shares"] = np.mean([p[f"hgb share {s:g}"] for s in shares], axis=0)
    p["mean of hgb over the fixed windows"] = np.mean([p[f"hgb newest {w}"] for w in fixed], axis=0)
    p["mean of hgb and logreg, newest 5000"] = (p["hgb newest 5000"] + linear) / 2
    for name, probability in p.items():
        right[name] = right.get(name, 0) + int(((probability > 0.5) == truth).sum())
    rows += len(truth)
for name, count in right.items():
    print(f"{name:40s} accuracy {count / rows:.4f}")
