"""v1 content service (``/content``): code snapshots, kept so jobs can run them later."""
