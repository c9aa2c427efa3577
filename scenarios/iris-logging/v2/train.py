"""Iris classification, v2: the same evidence through MLflow, as the migration guide maps it."""

import argparse

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import mlflow
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support
from sklearn.model_selection import cross_val_score, train_test_split

parser = argparse.ArgumentParser()
parser.add_argument("--C", type=float, default=1.0)
args = parser.parse_args()

X, y = load_iris(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0)
model = LogisticRegression(C=args.C, max_iter=500).fit(X_train, y_train)

mlflow.log_metric("C", args.C)
mlflow.log_metric("accuracy", model.score(X_test, y_test))
mlflow.log_metric("converged", int(model.n_iter_.max() < 500))      # bool -> 0/1
mlflow.log_text(model.solver, "solver.txt")                         # string metric -> text
for step, score in enumerate(cross_val_score(model, X, y, cv=5)):   # log_list -> steps
    mlflow.log_metric("fold_accuracy", float(score), step=step)
precision, recall, _, _ = precision_recall_fscore_support(y_test, model.predict(X_test))
mlflow.log_dict({"precision": [float(p) for p in precision],        # log_table -> JSON
                 "recall": [float(r) for r in recall]}, "per_class.json")
fig, ax = plt.subplots(figsize=(3, 3), dpi=80)
ax.imshow(confusion_matrix(y_test, model.predict(X_test)), cmap="Blues")
ax.set_axis_off()
mlflow.log_figure(fig, "confusion_matrix.png")                      # log_image -> figure
mlflow.set_tag("model_family", "linear")
