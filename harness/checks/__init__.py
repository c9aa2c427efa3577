"""One module per evidence kind: gather both sides' evidence, compare, return a Verdict."""
