"""Partner organisations and partnership agreements."""
