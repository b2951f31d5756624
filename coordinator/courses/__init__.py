"""Courses and group supervision for volunteers: places, waiting lists, attendance, hours."""
