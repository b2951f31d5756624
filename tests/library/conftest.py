"""The match fixtures, for the tests of acknowledgement before matching."""

from tests.matches.conftest import scene  # noqa: F401 - a fixture used by name
