"""The aml-parity command line."""


def main() -> None:
    raise SystemExit(0)
