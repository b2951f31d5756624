"""Privacy: data-subject access and erasure, and the privacy pages built from the retention
settings."""
