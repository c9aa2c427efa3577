"""v1 execution service (``/execution/v1.0``): submit ScriptRunConfig runs to the executor."""
