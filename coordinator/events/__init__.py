"""Events against loneliness."""
