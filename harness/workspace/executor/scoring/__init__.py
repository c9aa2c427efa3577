"""Scoring servers for the endpoint services: ``azmlinfsrv`` processes, started and watched.

No HTTP here: the v1 web service and v2 online endpoint services lay a deployment out,
hand this package a :class:`Launch` and forward scoring requests to the port it reports.
:mod:`.process` starts and stops one ``azmlinfsrv``; :mod:`.manager` keeps the
workspace's processes, launches them in the background and settles each launch as
Succeeded or Failed; :mod:`.environment` is what a scoring process gets; :mod:`.files`
lays out model and code folders; :mod:`.logs` finds the error a failed start printed.
"""

from .environment import wait_for_port
from .manager import SERVER_LOG, Launch, LaunchResult, ScoringManager

__all__ = ["SERVER_LOG", "Launch", "LaunchResult", "ScoringManager", "wait_for_port"]
