"""Script openings shared by the MLflow tests: MLflow on the workspace, a pyfunc model.

A script starting with ``MLFLOW_ON_WORKSPACE`` has ``mlflow`` tracking to the workspace,
the experiment named in ``sys.argv[1]``, ``Doubler`` (a pyfunc model) and ``report``.
A script starting with ``AUTOLOG_JOB_RUN`` has run the ``autolog/train.py`` command job
to its end: ``job``, its streamed output ``streamed``, ``client`` and its MLflow ``run``.
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

AUTOLOG_JOB_RUN = """
    import contextlib, io
    import mlflow
    from mlflow.tracking import MlflowClient
    from azure.ai.ml import command
    from azure.ai.ml.entities import Environment
    ml.environments.create_or_update(Environment(name="autolog-env", image="python:3.11"))
    job = ml.jobs.create_or_update(command(
        code="autolog", command="python train.py", environment="autolog-env:1",
        compute="cpu-cluster", experiment_name="parity-autolog"))
    streamed = io.StringIO()
    with contextlib.redirect_stdout(streamed):
        ml.jobs.stream(job.name)
    mlflow.set_tracking_uri(ml.workspaces.get().mlflow_tracking_uri)
    client = MlflowClient()
    run = client.get_run(job.name)
"""
