"""The front page, home pages and the language switch."""
