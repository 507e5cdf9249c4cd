#!/usr/bin/env python3
"""Reference values for DriftStatisticsTest, computed independently with scipy/numpy.

Run from this directory: python3 make_expected.py  (writes expected.json and samples.csv).
Made with scipy 1.17.1 and numpy 2.4.6; the values do not depend on the version beyond rounding.
"""
import json

import numpy as np
from scipy import stats
from scipy.spatial import distance

out = {}

# PSI and Jensen-Shannon on given histograms (shares of the same bins).
ref = np.array([0.1, 0.2, 0.4, 0.2, 0.1])
cur = np.array([0.05, 0.15, 0.35, 0.3, 0.15])
out["psi"] = {"reference": ref.tolist(), "current": cur.tolist(),
              "value": float(np.sum((cur - ref) * np.log(cur / ref)))}
out["jensenShannon"] = {"reference": ref.tolist(), "current": cur.tolist(),
                        "distanceBase2": float(distance.jensenshannon(ref, cur, base=2))}

# Chi-square two-sample test on counts (a 2 x k contingency table, no continuity correction).
ref_counts = [120, 340, 290, 150, 100]
cur_counts = [30, 60, 95, 80, 35]
chi2, p, dof, _ = stats.chi2_contingency([ref_counts, cur_counts], correction=False)
out["chiSquare"] = {"reference": ref_counts, "current": cur_counts, "statistic": float(chi2), "pValue": float(p),
                    "degreesOfFreedom": int(dof)}

# Survival functions the verdicts use.
out["chiSquareSurvival"] = [{"x": x, "df": df, "value": float(stats.chi2.sf(x, df))}
                            for x, df in [(0.5, 1), (3.84, 1), (10.0, 4), (25.0, 9), (100.0, 49), (3.0, 12)]]
out["kolmogorovSurvival"] = [{"x": x, "value": float(stats.kstwobign.sf(x))} for x in [0.3, 0.5, 0.8, 1.0, 1.36, 2.0]]

# KS and Wasserstein between samples of N(0, 1) and N(0.5, 1).
rng = np.random.default_rng(20261202)
a = rng.normal(0.0, 1.0, 1000)
b = rng.normal(0.5, 1.0, 800)
np.savetxt("samples.csv", np.concatenate([a, b]), fmt="%.17g")
ks = stats.ks_2samp(a, b, method="asymp")
en = len(a) * len(b) / (len(a) + len(b))
# Raymon's p-value is the Kolmogorov limit at the effective size n*m/(n+m); scipy's "asymp" method uses
# the one-sample distribution at that size instead (about 2x smaller here, both far below any threshold).
out["kolmogorovSmirnov"] = {"sizes": [len(a), len(b)], "statistic": float(ks.statistic),
                            "pValueKolmogorovLimit": float(stats.kstwobign.sf(np.sqrt(en) * ks.statistic)),
                            "pValueScipyAsymp": float(ks.pvalue)}
out["wasserstein"] = {"sizes": [len(a), len(b)], "value": float(stats.wasserstein_distance(a, b)),
                      "referenceStd": float(np.std(a))}

with open("expected.json", "w") as f:
    json.dump(out, f, indent=1)
