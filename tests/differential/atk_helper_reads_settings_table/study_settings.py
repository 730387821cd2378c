"""Settings of the study."""

LIMITS = {"y": 0.5}
