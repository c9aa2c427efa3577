"""v2 batch scoring: reads a uri_folder input, writes a uri_folder output."""

import argparse
import glob
import os

import pandas as pd

parser = argparse.ArgumentParser()
parser.add_argument("--input", required=True)
parser.add_argument("--output", required=True)
parser.add_argument("--threshold", type=float, default=5.0)
args = parser.parse_args()

frames = [pd.read_csv(p) for p in sorted(glob.glob(os.path.join(args.input, "*.csv")))]
data = pd.concat(frames, ignore_index=True)
data["score"] = (0.7 * data["x1"] + 0.3 * data["x2"]).round(9)
data["flag"] = (data["x2"] > args.threshold).astype(int)
os.makedirs(args.output, exist_ok=True)
data.to_csv(os.path.join(args.output, "scored.csv"), index=False)
with open(os.path.join(args.output, "summary.json"), "w") as handle:
    handle.write(data[["score", "flag"]].describe().round(9).to_json())
print(f"scored {len(data)} rows from {len(frames)} parts")
