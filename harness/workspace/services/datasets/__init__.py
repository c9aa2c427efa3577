"""v1 dataset service (``/dataset/v1.0``): registered and saved v1 datasets (azureml.data)."""
