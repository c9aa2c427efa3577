"""What Azure ML provides ready-made to every workspace (curated environments), as data."""
