"""What someone typed, kept on the server for a short while: a sign-up between its steps, and
a form whose CSRF token or session ran out before it was sent."""
