"""pytest hooks for aml-parity (filled in by the foundation work)."""
