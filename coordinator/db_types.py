"""Column helpers shared by the models."""

from datetime import UTC, datetime
from enum import StrEnum

import sqlalchemy as sa


def utcnow() -> datetime:
    """Return the current time, timezone-aware in UTC."""
    return datetime.now(UTC)


def enum_type(enum_cls: type[StrEnum]) -> sa.Enum:
    """Store a StrEnum by its value as a short string, the same on SQLite and PostgreSQL."""
    return sa.Enum(
        enum_cls,
        native_enum=False,
        length=40,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


# A list of vocabulary keys (interests, languages, ...): open tags, validated by the forms.
Tags = sa.JSON
AwareDateTime = sa.DateTime(timezone=True)
