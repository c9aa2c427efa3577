"""Routes of the artifact service (``/artifact/v2.0``) and run-scoped artifact routes.

Run-scoped routes take the artifact path in the URL (azureml-core) or in a ``path``
query parameter (azureml-mlflow's run artifact client).
"""

from ...hosts import AML_API
from ...router import Service
from ..arm.urls import WS
from . import responses as r
from .exceptions import V1Errors

BASE = r"/artifact/v2\.0" + WS + r"/artifacts"
WHERE = r"/(?P<origin>[^/]+)/(?P<container>[^/]+)"
PATH = r"/(?P<path>.+)"
OPTIONAL_PATH = r"(?:/(?P<path>.*))?"
RUN = (r"/history/v1\.0" + WS + r"/(?:experiments|experimentids)/[^/]+/runs/(?P<run>[^/]+)"
       r"/artifacts")

SERVICE = Service(
    name="artifacts",
    errors=V1Errors(),
    claims={AML_API: "/artifact/"},
    ignore_case=True,
    routes=[
        (AML_API, "POST", BASE + r"/batch/metadata" + WHERE, r.batch_metadata),
        (AML_API, "POST", BASE + r"/metadata", r.create_metadata),
        (AML_API, "GET", BASE + r"/metadata" + WHERE + PATH, r.get_metadata),
        (AML_API, "GET", BASE + r"/prefix/contentinfo" + WHERE + OPTIONAL_PATH,
         r.prefix_content_info),
        (AML_API, "GET", BASE + r"/contentinfo" + WHERE + PATH, r.content_info),
        (AML_API, "GET", BASE + r"/content" + WHERE + PATH, r.download),
        (AML_API, "PUT", BASE + r"/content" + WHERE + PATH, r.upload),
        (AML_API, "POST", BASE + r"/content" + WHERE + PATH, r.upload),
        (AML_API, "GET", BASE + WHERE + OPTIONAL_PATH, r.list_artifacts),
        (AML_API, "POST", RUN + r"/batch/metadata", r.batch_metadata),
        (AML_API, "GET", RUN + r"/prefix/contentinfo" + OPTIONAL_PATH, r.prefix_content_info),
        (AML_API, "GET", RUN + r"/contentinfo" + OPTIONAL_PATH, r.content_info),
        (AML_API, "GET", RUN + r"/artifacturi" + OPTIONAL_PATH, r.sas_uri),
        (AML_API, "GET", RUN + r"/metadata" + OPTIONAL_PATH, r.get_metadata),
        (AML_API, "GET", RUN + r"/path" + OPTIONAL_PATH, r.list_artifacts),
        (AML_API, "GET", RUN, r.list_artifacts),
    ],
)
