"""Host name patterns of the Azure services the local workspace answers.

Patterns are full-match regular expressions on the lower-case host name without port;
named groups (``region``, ``account``, ``endpoint``) reach handlers as ``request.params``.
"""

ARM = r"management\.azure\.com"
AAD = r"login\.microsoftonline\.com|login\.windows\.net|login\.microsoft\.com"
AML_API = r"(?P<region>[a-z0-9]+)\.api\.azureml\.ms"
BLOB = r"(?P<account>[a-z0-9]{3,24})\.blob\.core\.windows\.net"
SCORING_ONLINE = r"(?P<endpoint>[a-z0-9-]+)\.(?P<region>[a-z0-9]+)\.inference\.ml\.azure\.com"
SCORING_ACI = r"(?P<endpoint>[a-z0-9-]+)\.(?P<region>[a-z0-9]+)\.azurecontainer\.io"
REGISTRY_MFE = r"cert-(?P<region>[a-z0-9]+)\.experiments\.azureml\.net"
KEY_VAULT = r"(?P<vault>[a-z0-9-]{3,24})\.vault\.azure\.net"
APP_INSIGHTS = (r"dc\.services\.visualstudio\.com|dc\.applicationinsights\.azure\.com"
                r"|(?:[a-z0-9-]+\.)+applicationinsights\.azure\.com")
