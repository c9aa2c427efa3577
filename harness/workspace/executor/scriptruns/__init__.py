"""Run v1 script runs (ScriptRunConfig, pipeline steps): the snapshot, the driver, the log.

:mod:`.run` prepares and finalizes one run around its process and streams its log;
:mod:`.driver` is the wrapper the user's script runs under; :mod:`.restart` decides what
becomes of a run a stopped server left unfinished. The execution service
(:mod:`harness.workspace.services.execution`) records the runs and owns the executor.
"""
