"""Volunteers: sign-up, profile and screening."""
