"""The knowledge-bank dashboard (vidensbank) for coordinators."""
