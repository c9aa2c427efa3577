"""v2 asset versions on ARM: codes, environments, models and data (``{WS}/<kind>/...``)."""
