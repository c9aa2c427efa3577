"""v1 run history (``/history/v1.0``) and the shared run, metric and artifact backend.

``models.py`` is the store every surface uses: v1 run history, metrics and artifacts,
v2 jobs and MLflow all read and write runs, metrics and artifacts through it.
"""
