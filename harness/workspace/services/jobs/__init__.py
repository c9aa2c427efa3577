"""v2 jobs on ARM (``{WS}/jobs``): command, pipeline and sweep jobs, run through the executor.

``models`` (backend), ``runner`` (one command job's files and process hooks), ``parents``
(driver threads of pipeline and sweep jobs), ``pipelines`` + ``reuse`` (steps in
dependency order, step reuse), ``sweeps`` + ``sampling`` (trials, best trial).
"""
