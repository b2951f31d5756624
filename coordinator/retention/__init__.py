"""Retention: how long each kind of personal data is kept, and the daily job that keeps to it."""
