"""Run v1 pipelines (azureml-pipeline): each step a v1 script run, in dependency order, with reuse.

:mod:`.steps` turns a graph node into a script run; :mod:`.reuse` finds a completed
identical step; :mod:`.orchestrator` drives a submitted pipeline run. The pipelines
service (:mod:`harness.workspace.services.pipelines`) stores modules, graphs and runs,
and renders what the SDK reads back.
"""
