"""The offers catalogue (frivilligkatalog)."""
