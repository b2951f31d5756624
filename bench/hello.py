"""The floor for bench/load.py: a bare Flask app that answers "hello", served the same way."""

from flask import Flask

app = Flask(__name__)


@app.route("/")
def hello() -> str:
    """Answer with a short text and nothing else."""
    return "hello"
