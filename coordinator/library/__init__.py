"""The knowledge library: short guides for volunteers, versioned, some to be acknowledged."""
