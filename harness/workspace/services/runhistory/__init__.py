"""v1 run history (``/history/v1.0``) and the run backend every surface shares.

``models.py`` is the store of experiments and runs: v1 run history, v2 jobs, pipelines
and MLflow all read and write runs through it (metrics and artifacts: the metric and
artifact services' backends). ``views.py`` renders runs as the v1 wire shows them.
"""
