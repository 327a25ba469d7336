#!/usr/bin/python3
"""The Python stack on the dataset `retrain bench` generates (see docs/performance.md, "Python stack on the same data").

Reads the CSV files `retrain bench --work DIR` writes (DIR/current-<rows>.csv and DIR/reference-<rows>.csv; it never
generates data itself) and times, in one process:

* pandas.read_csv of the current file (and of the reference file, for drift);
* sklearn HistGradientBoostingClassifier (100 iterations, 31 leaves, learning rate 0.1, the three categoricals as
  categorical features, no early stopping): fit on the first 70 % of the current rows, predict the last 20 %, AUC
  (the split of the bare ML.NET baseline in src/Cli/Bench/BareMlNetBaseline.cs);
* xgboost hist (100 trees, max_leaves 31, loss-guided growth, learning rate 0.1, categoricals as pandas categories,
  n_jobs = threads): the same split, fit, predict, AUC;
* drift of the 23 features between reference and current: two-sample Kolmogorov-Smirnov for the 20 numerics (missing
  values dropped), chi-square on the reference-versus-current table of counts for the 3 categoricals;
* the process's peak resident set (resource.getrusage).

Prints one JSON object (also written to --output). Run it with Debian's interpreter, /usr/bin/python3, and Debian's
python3-sklearn, python3-pandas and python3-scipy (python3-xgboost too, or the xgboost part is skipped with a note);
bench/python/run.sh installs them when missing, and `retrain bench --python` runs this script beside its own figures.
"""

import argparse
import json
import os
import platform
import resource
import sys
import time

_start = time.perf_counter()
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import scipy  # noqa: E402
import sklearn  # noqa: E402
from scipy import stats  # noqa: E402
from sklearn.ensemble import HistGradientBoostingClassifier  # noqa: E402
from sklearn.metrics import roc_auc_score  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

try:
    import xgboost  # noqa: E402
except ImportError:  # python3-xgboost is optional: the xgboost part is then skipped and said so
    xgboost = None

IMPORT_SECONDS = time.perf_counter() - _start

NUMERIC = [f"x{i:02d}" for i in range(20)]
CATEGORICAL = ["c0", "c1", "c2"]
LABEL = "label"
TRAIN_SHARE = 0.7
HOLDOUT_SHARE = 0.2


def peak_rss_mb():
    # ru_maxrss is in kilobytes on Linux.
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def timed(action):
    start = time.perf_counter()
    result = action()
    return result, round(time.perf_counter() - start, 3)


def read(path):
    dtypes = {name: "float64" for name in NUMERIC}
    dtypes.update({name: "category" for name in CATEGORICAL})
    dtypes[LABEL] = "int8"
    return pd.read_csv(path, dtype=dtypes)


def split(frame):
    rows = len(frame)
    train_rows = int(rows * TRAIN_SHARE)
    holdout_rows = int(rows * HOLDOUT_SHARE)
    return frame.iloc[:train_rows], frame.iloc[rows - holdout_rows:]


def hist_gradient_boosting(train, holdout, threads):
    # Debian 12's scikit-learn (1.2) takes categoricals as integer codes plus a mask, not as pandas categories.
    def matrix(frame):
        codes = [frame[name].cat.codes.astype("float64").replace(-1, np.nan) for name in CATEGORICAL]
        return np.column_stack([frame[NUMERIC].to_numpy()] + [c.to_numpy() for c in codes])

    (x_train, x_holdout), prepare_seconds = timed(lambda: (matrix(train), matrix(holdout)))
    model = HistGradientBoostingClassifier(
        max_iter=100, max_leaf_nodes=31, learning_rate=0.1, min_samples_leaf=20, early_stopping=False,
        categorical_features=[False] * len(NUMERIC) + [True] * len(CATEGORICAL), random_state=1)
    with threadpool_limits(limits=threads):
        _, fit_seconds = timed(lambda: model.fit(x_train, train[LABEL].to_numpy()))
        scores, predict_seconds = timed(lambda: model.predict_proba(x_holdout)[:, 1])
    return {
        "prepareSeconds": prepare_seconds,
        "fitSeconds": fit_seconds,
        "predictSeconds": predict_seconds,
        "auc": round(float(roc_auc_score(holdout[LABEL].to_numpy(), scores)), 4),
        "peakRssMb": peak_rss_mb(),
    }


def xgboost_hist(train, holdout, threads):
    features = NUMERIC + CATEGORICAL
    model = xgboost.XGBClassifier(
        n_estimators=100, tree_method="hist", grow_policy="lossguide", max_leaves=31, max_depth=0, learning_rate=0.1,
        n_jobs=threads, enable_categorical=True, random_state=1)
    _, fit_seconds = timed(lambda: model.fit(train[features], train[LABEL]))
    scores, predict_seconds = timed(lambda: model.predict_proba(holdout[features])[:, 1])
    return {
        "fitSeconds": fit_seconds,
        "predictSeconds": predict_seconds,
        "auc": round(float(roc_auc_score(holdout[LABEL].to_numpy(), scores)), 4),
        "peakRssMb": peak_rss_mb(),
    }


def drift(reference, current):
    features = []
    for name in NUMERIC:
        result = stats.ks_2samp(reference[name].dropna().to_numpy(), current[name].dropna().to_numpy())
        features.append({"feature": name, "test": "ks", "statistic": round(float(result.statistic), 6), "pValue": float(result.pvalue)})
    for name in CATEGORICAL:
        table = pd.concat([reference[name].value_counts(), current[name].value_counts()], axis=1).fillna(0).to_numpy()
        statistic, p_value, _, _ = stats.chi2_contingency(table)
        features.append({"feature": name, "test": "chi2", "statistic": round(float(statistic), 3), "pValue": float(p_value)})
    return features


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("current", help="the current CSV of retrain bench (e.g. /tmp/bench1m/current-1000000.csv): read, fit and scored")
    parser.add_argument("reference", nargs="?", help="the reference CSV (e.g. /tmp/bench1m/reference-1000000.csv): drift against it")
    parser.add_argument("--threads", type=int, default=2, help="threads for sklearn (OpenMP) and xgboost (default 2)")
    parser.add_argument("--skip", action="append", default=[], choices=["hgb", "xgboost", "drift"], help="skip a part (repeatable)")
    parser.add_argument("--output", help="also write the JSON to this file")
    args = parser.parse_args()

    result = {
        "python": platform.python_version(),
        "versions": {"numpy": np.__version__, "pandas": pd.__version__, "scipy": scipy.__version__,
                     "sklearn": sklearn.__version__, "xgboost": xgboost.__version__ if xgboost else None},
        "cores": os.cpu_count(),
        "threads": args.threads,
        "ompWaitPolicy": os.environ.get("OMP_WAIT_POLICY", "(unset)"),
        "importSeconds": round(IMPORT_SECONDS, 3),
        "current": os.path.abspath(args.current),
    }
    total = time.perf_counter()
    current, read_seconds = timed(lambda: read(args.current))
    result["read"] = {"rows": len(current), "seconds": read_seconds, "peakRssMb": peak_rss_mb()}
    train, holdout = split(current)
    result["split"] = {"trainRows": len(train), "holdoutRows": len(holdout)}
    if "hgb" not in args.skip:
        result["hgb"] = hist_gradient_boosting(train, holdout, args.threads)
        hgb = result["hgb"]
        result["hgb"]["readFitPredictSeconds"] = round(read_seconds + hgb["prepareSeconds"] + hgb["fitSeconds"] + hgb["predictSeconds"], 3)
    if "xgboost" not in args.skip and xgboost is None:
        result["notes"] = ["xgboost skipped: python3-xgboost is not installed"]
    elif "xgboost" not in args.skip:
        result["xgboost"] = xgboost_hist(train, holdout, args.threads)
        result["xgboost"]["readFitPredictSeconds"] = round(read_seconds + result["xgboost"]["fitSeconds"] + result["xgboost"]["predictSeconds"], 3)
    if "drift" not in args.skip and args.reference:
        reference, reference_seconds = timed(lambda: read(args.reference))
        features, drift_seconds = timed(lambda: drift(reference, current))
        result["drift"] = {"reference": os.path.abspath(args.reference), "readReferenceSeconds": reference_seconds,
                           "seconds": drift_seconds, "features": features, "peakRssMb": peak_rss_mb()}
    result["totalSeconds"] = round(time.perf_counter() - total, 3)
    result["peakRssMb"] = peak_rss_mb()
    text = json.dumps(result, indent=2)
    print(text)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as output:
            output.write(text + "\n")


if __name__ == "__main__":
    sys.exit(main())
