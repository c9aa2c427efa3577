"""Cassettes: each side's HTTP traffic recorded with vcrpy, replayed with no network.

`recorder` is what the side worker uses; `matchers`, `normalise`, `scrub`,
`polling` and `persister` are the vcrpy plug-ins it configures; `meta` and
`unmatched` hold what a cassette says about itself and why a replay failed;
`corrupt` names a cassette that cannot be read. `expected` and `prune` decide what
`aml-parity cassettes check|prune` (`cli`) expect and may delete.
"""
