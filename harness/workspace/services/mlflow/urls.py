"""Routes of MLflow's REST API under ``/mlflow/v{1,2}.0{WS}`` on <region>.api.azureml.ms."""

from ...hosts import AML_API
from ...router import Service
from ..arm.urls import WS
from . import responses as r
from .exceptions import MlflowErrors

API = r"/mlflow/v[12]\.0" + WS + r"/api/2\.0/mlflow"
MODELS = API + r"/logged-models"
MODEL = MODELS + r"/(?P<model_id>[^/]+)"

SERVICE = Service(
    name="mlflow",
    errors=MlflowErrors(),
    claims={AML_API: "/mlflow/"},
    ignore_case=True,
    routes=[
        (AML_API, "GET", API + r"/runs/get", r.get_run),
        (AML_API, "POST", API + r"/runs/create", r.create_run),
        (AML_API, "POST", API + r"/runs/update", r.update_run),
        (AML_API, "POST", API + r"/runs/search", r.search_runs),
        (AML_API, "POST", API + r"/runs/log-metric", r.log_metric),
        (AML_API, "POST", API + r"/runs/log-parameter", r.log_parameter),
        (AML_API, "POST", API + r"/runs/log-batch", r.log_batch),
        (AML_API, "POST", API + r"/runs/set-tag", r.set_tag),
        (AML_API, "POST", API + r"/runs/delete-tag", r.delete_tag),
        (AML_API, "POST", API + r"/runs/log-inputs", r.log_inputs),
        (AML_API, "POST", API + r"/runs/outputs", r.log_outputs),
        (AML_API, "POST", MODELS, r.create_logged_model),
        (AML_API, "POST", MODELS + r"/search", r.search_logged_models),
        (AML_API, "GET", MODEL, r.get_logged_model),
        (AML_API, "PATCH", MODEL, r.finalize_logged_model),
        (AML_API, "DELETE", MODEL, r.delete_logged_model),
        (AML_API, "PATCH", MODEL + r"/tags", r.set_logged_model_tags),
        (AML_API, "DELETE", MODEL + r"/tags/(?P<tag_key>.+)", r.delete_logged_model_tag),
        (AML_API, "POST", MODEL + r"/params", r.log_logged_model_params),
        (AML_API, "GET", API + r"/metrics/get-history", r.metric_history),
        (AML_API, "GET", API + r"/experiments/get-by-name", r.get_experiment_by_name),
        (AML_API, "GET", API + r"/experiments/get", r.get_experiment),
        (AML_API, "POST", API + r"/experiments/create", r.create_experiment),
        (AML_API, "POST", API + r"/experiments/search", r.search_experiments),
        (AML_API, "GET", API + r"/experiments/search", r.search_experiments),
    ],
)
