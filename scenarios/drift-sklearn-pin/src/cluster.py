"""Cluster 300 points into 8 groups; write each point's cluster and the model's inertia.

Nothing here changes between the sides: only the scikit-learn pin of their environments
does. KMeans' default `n_init` went from 10 to "auto" (1 run with k-means++) in
scikit-learn 1.4, so the same call finds other clusters.
"""

import json
import os

import numpy as np
import sklearn
from sklearn.cluster import KMeans

rng = np.random.default_rng(7)
points = rng.uniform(0, 10, size=(300, 2))
model = KMeans(n_clusters=8, random_state=0).fit(points)
os.makedirs("outputs", exist_ok=True)
with open("outputs/predictions.csv", "w") as handle:
    handle.write("row,distance\n")
    distances = model.transform(points).min(axis=1)
    for row, distance in enumerate(distances):
        handle.write(f"{row},{distance:.9f}\n")
with open("outputs/summary.json", "w") as handle:
    json.dump({"inertia": round(float(model.inertia_), 9)}, handle)
print(f"scikit-learn {sklearn.__version__}: inertia {model.inertia_:.3f}")
