"""The local workspace: an emulated Azure ML workspace served on this machine."""
