"""Unbound Flask extensions; `create_app` binds them to an app."""

from typing import TYPE_CHECKING

from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# One naming convention so Alembic names constraints identically on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)

# Models subclass `Model`: at run time it is Flask-SQLAlchemy's `db.Model` (a subclass of `Base`
# built when `db` is made, so a type checker cannot see it); mypy is shown an abstract `Base`.
if TYPE_CHECKING:

    class Model(Base):
        __abstract__ = True

else:
    Model = db.Model
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
