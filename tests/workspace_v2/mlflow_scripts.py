"""Script openings shared by the MLflow tests: MLflow on the workspace, a pyfunc model.

A script starting with ``MLFLOW_ON_WORKSPACE`` has ``mlflow`` tracking to the workspace,
the experiment named in ``sys.argv[1]``, ``Doubler`` (a pyfunc model) and ``report``.
"""

MLFLOW_ON_WORKSPACE = """
    import pathlib
    import mlflow
    import mlflow.pyfunc
    mlflow.set_tracking_uri(ml.workspaces.get().mlflow_tracking_uri)
    mlflow.set_experiment(sys.argv[1])

    class Doubler(mlflow.pyfunc.PythonModel):
        def predict(self, context, model_input, params=None):
            return [2 * x for x in model_input]

    report = {}
"""
