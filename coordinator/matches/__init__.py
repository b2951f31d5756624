"""Matches from proposal to closure, with follow-up."""
