"""v2 jobs on ARM (``{WS}/jobs``): command, pipeline and sweep jobs, run through the executor.

``models`` (backend: resources, runs, the executor), ``documents`` (the job resource as
ARM shows it), ``locations`` (where a job's URIs are on this machine). Running them
(a command job's files and hooks, pipeline and sweep drivers) is
:mod:`harness.workspace.executor.jobs`.
"""
