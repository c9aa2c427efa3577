"""Iris classification, v1: every Run logging API a v1 script tends to use."""

import argparse

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from azureml.core import Run
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support
from sklearn.model_selection import cross_val_score, train_test_split

parser = argparse.ArgumentParser()
parser.add_argument("--C", type=float, default=1.0)
args = parser.parse_args()

run = Run.get_context()
X, y = load_iris(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0)
model = LogisticRegression(C=args.C, max_iter=500).fit(X_train, y_train)

run.log("C", args.C)
run.log("accuracy", model.score(X_test, y_test))
run.log("converged", bool(model.n_iter_.max() < 500))
run.log("solver", model.solver)
run.log_list("fold_accuracy", [float(s) for s in cross_val_score(model, X, y, cv=5)])
precision, recall, _, _ = precision_recall_fscore_support(y_test, model.predict(X_test))
run.log_table("per_class", {"precision": [float(p) for p in precision],
                            "recall": [float(r) for r in recall]})
fig, ax = plt.subplots(figsize=(3, 3), dpi=80)
ax.imshow(confusion_matrix(y_test, model.predict(X_test)), cmap="Blues")
ax.set_axis_off()
run.log_image("confusion_matrix", plot=fig)
run.tag("model_family", "linear")
