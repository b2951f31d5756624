"""Forms of the offers catalogue: the need-based search and keeping an offer."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from coordinator.catalogue.services import THEME_LABELS, OfferFilters
from coordinator.extensions import db
from coordinator.form_helpers import AppForm, ChoiceField, WholeNumberField, clean
from coordinator.organisations.models import PartnerOrganisation

MUNICIPAL = "0"  # the provider choice "a municipal unit" (no partner organisation)


class SearchForm(AppForm):
    """A need in everyday Danish, and optionally the young person's age (a GET form)."""

    class Meta:
        csrf = False  # a search changes nothing; the query string must be bookmarkable

    q = StringField(
        _l("What does the child, young person or family need?"),
        filters=[clean],
        validators=[
            DataRequired(_l("Describe the need in a few words.")),
            Length(max=500, message=_l("Please keep it under 500 characters.")),
        ],
        description=_l("In everyday words, e.g. \u201char ingen venner og er ensom\u201d."),
    )
    age = WholeNumberField(
        _l("Age (optional)"),
        validators=[
            Optional(),
            NumberRange(min=0, max=30, message=_l("Enter an age between 0 and 30.")),
        ],
    )

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.age.errors:
            self.age.errors = [str(_l("Enter an age between 0 and 30."))]
        return ok


class OfferFilterForm(AppForm):
    """Narrow the coordinators' catalogue list (a GET form: the URL can be bookmarked)."""

    class Meta:
        csrf = False

    q = StringField(
        _l("Name"),
        filters=[clean],
        validators=[Optional(), Length(max=100, message=_l("At most %(max)d characters."))],
    )
    theme = ChoiceField(_l("Theme"), default="")
    age = WholeNumberField(
        _l("Age"),
        validators=[
            Optional(),
            NumberRange(min=0, max=30, message=_l("Enter an age between 0 and 30.")),
        ],
    )
    audience = ChoiceField(_l("Target group"), default="")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        everything = ("", str(_l("All")))
        self.theme.choices = [everything, *((key, str(label)) for key, label in
                                            THEME_LABELS.items())]
        self.audience.choices = [
            everything,
            ("young", str(_l("Children and young people"))),
            ("parents", str(_l("Parents"))),
            ("professionals", str(_l("Professionals"))),
        ]

    def filters(self) -> OfferFilters:
        """The validated choices as filters (call after validate())."""
        return OfferFilters(
            theme=self.theme.data or None,
            age=self.age.data,
            audience=self.audience.data or None,
            name=self.q.data or "",
        )

    def in_url(self) -> dict[str, str]:
        """The chosen filters as URL parameters, for the pager's links."""
        values = {"q": self.q.data, "theme": self.theme.data, "audience": self.audience.data,
                  "age": "" if self.age.data is None else str(self.age.data)}
        return {name: value for name, value in values.items() if value}


class OfferForm(AppForm):
    name = StringField(
        _l("Name"),
        filters=[clean],
        validators=[
            DataRequired(_l("Give the offer a name.")),
            Length(max=300, message=_l("At most %(max)d characters.")),
        ],
    )
    provider_id = SelectField(_l("Provider"))
    committee = StringField(
        _l("Committee (municipal unit)"),
        filters=[clean],
        validators=[Optional(), Length(max=120, message=_l("At most %(max)d characters."))],
    )
    segment = StringField(
        _l("Segment"),
        filters=[clean],
        validators=[Optional(), Length(max=120, message=_l("At most %(max)d characters."))],
    )
    main_effort = StringField(
        _l("Main effort (theme)"),
        filters=[clean],
        validators=[Optional(), Length(max=200, message=_l("At most %(max)d characters."))],
    )
    description = TextAreaField(
        _l("Description"),
        filters=[clean],
        validators=[Optional(), Length(max=5000, message=_l("At most %(max)d characters."))],
    )
    target_group = StringField(
        _l("Target group"),
        filters=[clean],
        validators=[Optional(), Length(max=200, message=_l("At most %(max)d characters."))],
        description=_l(
            "As the catalogue writes it, e.g. \u201c13-17 år\u201d or \u201c7.-9. "
            "klasse\u201d. Ages left empty are read from it."
        ),
    )
    min_age = WholeNumberField(
        _l("From age"),
        validators=[
            Optional(),
            NumberRange(min=0, max=120, message=_l("Enter an age between 0 and 120.")),
        ],
    )
    max_age = WholeNumberField(
        _l("To age"),
        validators=[
            Optional(),
            NumberRange(min=0, max=120, message=_l("Enter an age between 0 and 120.")),
        ],
    )
    for_parents = BooleanField(_l("For parents"))
    for_professionals = BooleanField(_l("For professionals only"))
    contact = StringField(
        _l("How to get in touch"),
        filters=[clean],
        validators=[Optional(), Length(max=300, message=_l("At most %(max)d characters."))],
    )
    area = StringField(
        _l("Area"),
        filters=[clean],
        validators=[Optional(), Length(max=120, message=_l("At most %(max)d characters."))],
    )
    active = BooleanField(_l("Active (shown in search and on the public page)"), default=True)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        organisations = db.session.scalars(
            select(PartnerOrganisation).order_by(PartnerOrganisation.name)
        ).all()
        self.provider_id.choices = [(MUNICIPAL, str(_l("A municipal unit")))] + [
            (str(org.id), org.name) for org in organisations
        ]

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.provider_id.errors:  # SelectField's own "Not a valid choice." is English-only
            self.provider_id.errors = [str(_l("Choose a provider from the list."))]
        for name in ("min_age", "max_age"):
            field = getattr(self, name)
            if field.errors:  # also replaces IntegerField's English "Not a valid integer value."
                field.errors = [str(_l("Enter an age between 0 and 120."))]
        if (
            self.min_age.data is not None
            and self.max_age.data is not None
            and not self.min_age.errors
            and self.min_age.data > self.max_age.data
        ):
            self.max_age.errors = [str(_l("The upper age must not be below the lower age."))]
            ok = False
        return ok and not self.min_age.errors and not self.max_age.errors

    def values(self) -> dict:
        """The offer's fields as plain values for the service."""
        provider = self.provider_id.data
        return {
            "name": self.name.data,
            "provider_id": None if provider == MUNICIPAL else int(provider),
            "committee": self.committee.data or None,
            "segment": self.segment.data or None,
            "main_effort": self.main_effort.data or None,
            "description": self.description.data or "",
            "target_group": self.target_group.data or "",
            "min_age": self.min_age.data,
            "max_age": self.max_age.data,
            "for_parents": self.for_parents.data,
            "for_professionals": self.for_professionals.data,
            "contact": self.contact.data or None,
            "area": self.area.data or None,
            "active": self.active.data,
        }
