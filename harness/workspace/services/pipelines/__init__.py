"""v1 pipelines service (``/pipelines/v1.0``): modules, graphs and pipeline runs."""
