"""One way to page through a list: a count and the rows, two queries whatever the size."""

from dataclasses import dataclass
from typing import Any

from flask import request
from sqlalchemy import Select, func, select

from coordinator.extensions import db

PER_PAGE = 50
MAX_PAGE = 100_000  # beyond any real list; keeps OFFSET within the database's integer range


@dataclass(frozen=True)
class Page:
    items: list[Any]
    total: int
    number: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def requested_page(param: str = "side") -> int:
    """The page number asked for in `?side=` (or `param`), never below 1 (bad input: page 1)."""
    number = request.args.get(param, 1, type=int) or 1
    return min(max(number, 1), MAX_PAGE)


def paginate(query: Select, *, number: int | None = None, per_page: int = PER_PAGE) -> Page:
    """Return one page of `query`'s rows (ORM entities or rows) and the total count."""
    number = number or requested_page()
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    items = db.session.scalars(query.limit(per_page).offset((number - 1) * per_page)).all()
    return Page(items=list(items), total=total or 0, number=number, per_page=per_page)
