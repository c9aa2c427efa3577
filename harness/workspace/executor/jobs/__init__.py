"""Run v2 jobs: one command job's files and hooks, and the drivers of pipeline and sweep jobs.

:mod:`.command` prepares and finalizes one command job around its process;
:mod:`.parents` is the driver thread pipeline and sweep jobs share; :mod:`.pipelines` +
:mod:`.reuse` run steps in dependency order and reuse finished ones; :mod:`.sweeps` +
:mod:`.sampling` run trials and record the best. The jobs service
(:mod:`harness.workspace.services.jobs`) stores the resources and owns the executor.
"""
