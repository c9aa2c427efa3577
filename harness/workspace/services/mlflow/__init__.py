"""MLflow's REST API as azureml-mlflow calls it (``/mlflow/v2.0{WS}/api/2.0/mlflow/...``)."""
