"""Settings of the study."""

THRESHOLDS = [0.5]
