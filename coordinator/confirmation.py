"""A confirmation step before a destructive action, one that works without JavaScript.

The form of a destructive action posts as usual. Unless the post carries `bekraeftet=ja`, the
view answers with a page that restates what will happen and repeats every posted value as a
hidden field, with a button that posts the same data again, now confirmed, and a link back.
Nothing is stored until the confirmed post arrives, so closing the page is a safe "no".
"""

from collections.abc import Iterable

from flask import render_template, request

from coordinator.form_helpers import ConfirmForm

CONFIRM_FIELD = "bekraeftet"
CONFIRM_VALUE = "ja"
# Never repeated as a hidden field: the confirmation page carries a fresh token of its own.
_NOT_REPEATED = frozenset({"csrf_token", CONFIRM_FIELD})


def confirmed() -> bool:
    """Whether the current post is the confirmed second step."""
    return request.form.get(CONFIRM_FIELD) == CONFIRM_VALUE


def posted_fields() -> list[tuple[str, str]]:
    """The posted values to carry through the confirmation page unchanged."""
    return [
        (name, value)
        for name, values in request.form.lists()
        if name not in _NOT_REPEATED
        for value in values
    ]


def confirm_page(
    *,
    title: str,
    question: str,
    action: str,
    back: str,
    button: str,
    details: Iterable[tuple[str, str]] = (),
    carry: dict[str, str] | None = None,
):
    """The page that asks "are you sure?" and re-posts what was sent once the user says yes.

    `carry` adds (or replaces) hidden values, such as the page to return to afterwards.
    """
    extra = carry or {}
    fields = [(name, value) for name, value in posted_fields() if name not in extra]
    return render_template(
        "confirm.html",
        title=title,
        question=question,
        action=action,
        back=back,
        button=button,
        details=list(details),
        fields=[*fields, *extra.items()],
        form=ConfirmForm(formdata=None),
        confirm_field=CONFIRM_FIELD,
        confirm_value=CONFIRM_VALUE,
    )
