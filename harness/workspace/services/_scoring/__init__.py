"""Real scoring servers for the endpoint services: ``azmlinfsrv`` processes and a proxy to them.

Not a service package (no routes): the v1 web service and v2 online endpoint services
share it. :mod:`.process` starts and stops one ``azmlinfsrv``; :mod:`.manager` keeps the
workspace's processes, launches them in the background and settles each launch as
Succeeded or Failed; :mod:`.proxy` forwards a scoring request; :mod:`.files` lays out
model and code folders; :mod:`.logs` finds the error a failed start printed.
"""

from .manager import Launch, LaunchResult, ScoringManager
from .proxy import forward

__all__ = ["Launch", "LaunchResult", "ScoringManager", "forward"]
