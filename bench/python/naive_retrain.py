#!/usr/bin/python3
# Copied from the team's shared bench (../shared/bench/naive_retrain.py) so `retrain backtest --python` can run it from a clone.
"""The baseline a Python user would write in twenty lines: before each batch, retrain on the newest WINDOW_ROWS labeled
rows (labels revealed up to the previous batch, i.e. label latency 1), then predict the batch. Reports accuracy (or MAE
for regression) over batches >= EVAL_FROM for scikit-learn's HistGradientBoosting and a linear model, each retrained
every batch ("periodic1") and trained once on the history before EVAL_FROM ("once").

Needs Debian's packages: apt-get install -y python3-sklearn python3-pandas   (run with /usr/bin/python3)
Usage: [DROP=col,col] naive_retrain.py CSV LABEL BATCH_ROWS EVAL_FROM WINDOW_ROWS [regression]
  DROP: columns to leave out besides the label (default: timestamp; use "none" to drop nothing).
Examples (from the project root):
  DROP=timestamp,date ../shared/bench/naive_retrain.py ../shared/datasets/elec2/data.csv class 336 5 5000
  DROP=none ../shared/bench/naive_retrain.py ../shared/datasets/noaa-weather/data.csv class 30 13 100000
  DROP=instant,dteday,casual,registered,yr ../shared/bench/naive_retrain.py ../shared/datasets/bike-sharing-hourly/data.csv cnt 168 5 100000 regression
"""
import sys, numpy as np, pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier as HGBC, HistGradientBoostingRegressor as HGBR
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.compose import make_column_transformer
from sklearn.impute import SimpleImputer
csv, label, B, E, W = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
reg = len(sys.argv) > 6
df = pd.read_csv(csv)
y = df[label].values
import os
drop = [c for c in os.environ.get("DROP", "timestamp").split(",") if c in df.columns]
X = df.drop(columns=[label] + drop)
cats = [c for c in X.columns if X[c].dtype == object]
nums = [c for c in X.columns if c not in cats]
def pre():
    return make_column_transformer((make_pipeline(SimpleImputer(), StandardScaler()), nums),
                                   (OneHotEncoder(handle_unknown="ignore"), cats))
def models():
    if reg: return {"hgb": lambda: make_pipeline(pre(), HGBR(random_state=0)), "linear": lambda: make_pipeline(pre(), Ridge())}
    return {"hgb": lambda: make_pipeline(pre(), HGBC(random_state=0)), "logreg": lambda: make_pipeline(pre(), LogisticRegression(max_iter=500))}
nb = len(df) // B
for name, mk in models().items():
    for mode in ("once", "periodic1"):
        errs, n = 0.0, 0
        m = None
        for b in range(E, nb):
            if m is None or mode == "periodic1":
                lo = max(0, b * B - W) if mode == "periodic1" else max(0, E * B - W)
                hi = b * B if mode == "periodic1" else E * B
                m = mk().fit(X.iloc[lo:hi], y[lo:hi])
            p = m.predict(X.iloc[b * B:(b + 1) * B]); t = y[b * B:(b + 1) * B]
            errs += (np.abs(p - t).sum() if reg else (p == t).sum()); n += len(t)
        print(f"{name:7s} {mode:10s} {'MAE' if reg else 'accuracy'} {errs / n:.4f}")
