"""aml-parity: certify an Azure ML migration from SDK v1 to v2 before cutover."""

__version__ = "0.1.0"
