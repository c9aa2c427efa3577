"""What each side produced, in shapes both SDKs reduce to, and where it lies on disk."""

from .endpoint import EndpointEvidence, Response
from .folder import EvidenceFolder, SideFolder
from .item import ItemEvidence
from .side import FileRef, MetricSeries, SideEvidence, SideName

__all__ = ["EndpointEvidence", "EvidenceFolder", "FileRef", "ItemEvidence", "MetricSeries",
           "Response", "SideEvidence", "SideFolder", "SideName"]
