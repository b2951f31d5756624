"""WCAG 2.1 AA on every page: a real browser signs in as each role, visits every page that role
can reach (from the URL map, with ids from the demo data) and each form's error state, in Danish
and English, at 1280 and 320 px wide, and checks them with axe-core, our own checks of what axe
does not test, and the W3C Nu HTML checker.

axe-core and vnu-jar are npm packages installed by this test from the npm registry into
tests/a11y/node_modules (package-lock.json pins them) and injected from there: never a CDN.
"""

import json
import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from coordinator import demo
from coordinator.auth.models import Role, User
from coordinator.catalogue.models import Offer
from coordinator.courses.models import Course
from coordinator.events.models import Event
from coordinator.extensions import db
from coordinator.library.models import Guide
from coordinator.matches.models import Match, MatchStatus
from coordinator.notifications.models import Notification
from coordinator.organisations.models import PartnershipAgreement
from coordinator.referrals.models import FriendBankStatus, Referral, YoungPerson
from coordinator.security import PUBLIC, declared_access
from coordinator.vocabulary import MatchType
from coordinator.volunteers.models import Volunteer
from coordinator.young import accounts as young_accounts
from coordinator.young.models import ClubActivity, SignInPurpose
from tests.conftest import sign_in_page, skip_or_fail

pytestmark = pytest.mark.browser

HERE = Path(__file__).resolve().parent
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
VNU = HERE / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHECKS = (HERE / "checks.js").read_text()
ERROR_STATE = (HERE / "error_state.js").read_text()
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDE, NARROW = 1280, 320

# Not pages: downloads, redirects, health checks, the single sign-on hand-off.
NOT_PAGES = {
    "static", "main.set_language", "main.health", "auth.sso_start", "auth.sso_callback",
    "audit.export", "dashboard.export", "events.event_ics", "events.calendar_feed",
    "privacy.my_data_json", "privacy.family_data_json", "privacy.young_person_data_json",
    "matches.run_status",
}
# Forms whose empty submit would change what later pages show (erase, leave, start a run) or
# that are not a form of fields (a choice among cards): shown, but not submitted empty.
# Pages a role reaches but is refused on purpose, with a page of its own that says why (a young
# person signs in without a password, so the password, e-mail and two-factor pages are not
# theirs): still checked, but a 403 there is the right answer.
REFUSED_ON_PURPOSE = {
    (Role.YOUNG_PERSON, "auth.change_password"), (Role.YOUNG_PERSON, "auth.change_email"),
    (Role.YOUNG_PERSON, "auth.two_factor_setup"),
}
NOT_SUBMITTED = {
    "privacy.erase_volunteer", "privacy.erase_young_person", "volunteers.leave",
    "auth.reset_two_factor", "matches.all_waiting", "friendbank.pairs", "matches.choose",
    "events.attendance", "friendbank.pair_suggestions", "auth.login", "auth.two_factor",
}
ROLES = [None, Role.ADMIN, Role.COORDINATOR, Role.CASEWORKER, Role.VOLUNTEER,
         Role.ORGANISATION_CONTACT, Role.YOUNG_PERSON]
# The match page renders a form per planned check-in and per concern; each has its own prefix.
# Its duplicate-id findings are reported by a test of their own.
KNOWN_DUPLICATE_IDS = "matches.detail"


@dataclass
class Walk:
    """What the walk saw: every finding by kind, the pages visited, the saved HTML."""

    findings: dict[str, list[str]] = field(default_factory=lambda: {
        "status": [], "axe": [], "checks": [], "reflow": [], "focus": [], "error_state": [],
        "vnu": [], "known": [],
    })
    pages: int = 0
    error_states: int = 0
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    html_dir: Path | None = None
    not_rejected: list[str] = field(default_factory=list)

    def add(self, kind: str, where: str, endpoint: str, items: list[str]) -> None:
        for item in items:
            if endpoint == KNOWN_DUPLICATE_IDS and "duplicate id" in item.lower():
                self.findings["known"].append(f"{where}: {item}")
            else:
                self.findings[kind].append(f"{where}: {item}")


def _install_tools() -> None:
    """axe-core and vnu-jar from the npm registry, once; Java 17 runs the Nu checker."""
    npm = shutil.which("npm")
    if not npm:
        skip_or_fail("Node.js and npm are needed to install axe-core and vnu-jar")
    if not shutil.which("java"):
        skip_or_fail("Java (17) is needed for the W3C Nu HTML checker")
    if not AXE.exists() or not VNU.exists():
        subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--silent"], cwd=HERE,
                       check=True, timeout=300)


def _seed() -> dict:
    """The demo data plus an event, and the objects each role's pages are shown with."""
    demo.seed()
    users = {role: db.session.scalar(select(User).where(User.email == email))
             for role, email in demo.DEMO_ACCOUNTS.items()}
    coordinator = users[Role.COORDINATOR]
    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=10)
    event = Event(title="Brætspilsaften", description="Spil og pizza.", starts_at=starts,
                  ends_at=starts + timedelta(hours=3), location="Ungdomshuset, Gentofte",
                  places=12, created_by_id=coordinator.id)
    db.session.add(event)
    own_volunteer = users[Role.VOLUNTEER].volunteer
    org_volunteer = db.session.scalar(
        select(Volunteer).where(
            Volunteer.organisation_id == users[Role.ORGANISATION_CONTACT].organisation_id
        ).order_by(Volunteer.id))
    active = db.session.scalar(select(Match).where(
        Match.status == MatchStatus.ACTIVE, Match.volunteer_id.is_not(None)).order_by(Match.id))
    agreement = db.session.scalar(select(PartnershipAgreement).order_by(PartnershipAgreement.id))
    own_referral = db.session.scalar(select(Referral).where(
        Referral.caseworker_id == users[Role.CASEWORKER].id).order_by(Referral.id))
    friend = db.session.scalar(select(YoungPerson).where(
        YoungPerson.friend_bank_status == FriendBankStatus.VERIFIED).order_by(YoungPerson.id))
    family_referral = db.session.scalar(
        select(Referral).where(Referral.family_id.is_not(None)).order_by(Referral.id))
    # A friend-bank pair, and an event the volunteer arranges (only its maker may edit it).
    friends = db.session.scalars(select(YoungPerson).where(
        YoungPerson.friend_bank_status == FriendBankStatus.VERIFIED).order_by(YoungPerson.id)
        .limit(2)).all()
    pair = Match(match_type=MatchType.FRIEND_BANK, friend_a_id=friends[0].id,
                 friend_b_id=friends[1].id, status=MatchStatus.ACTIVE)
    own_event = Event(title="Gåtur i Dyrehaven", starts_at=starts, location="Klampenborg",
                      places=6, created_by_id=users[Role.VOLUNTEER].id)
    db.session.add_all([pair, own_event])
    caseworker = users[Role.CASEWORKER]
    db.session.commit()
    # The young person of the demo (Maja): her own club proposal and her friend-bank match.
    young_user = db.session.scalar(select(User).where(User.email == demo.DEMO_YOUNG_EMAIL))
    maja = young_accounts.person_of(young_user)
    proposal = db.session.scalar(select(ClubActivity).where(
        ClubActivity.proposed_by_id == maja.id).order_by(ClubActivity.id))
    maja_pair = db.session.scalar(select(Match).where(
        (Match.friend_a_id == maja.id) | (Match.friend_b_id == maja.id)).order_by(Match.id))
    # A notification for each account (one's own only opens for oneself).
    notes = {role: Notification(user_id=user.id, kind="walk", title="Ny besked", url="/hjem")
             for role, user in {**users, Role.YOUNG_PERSON: young_user}.items()}
    db.session.add_all(notes.values())
    db.session.commit()
    staff = {
        "course_id": db.session.scalar(select(Course.id).order_by(Course.id)),
        "slug": db.session.scalar(select(Guide.slug).order_by(Guide.id)),
        "activity_id": proposal.id,
        "custody_match_id": _match_of(own_referral) or active.id,
        "event_id": event.id, "match_id": active.id, "referral_id": active.referral_id,
        "volunteer_id": own_volunteer.id,
        "offer_id": db.session.scalar(select(Offer.id).order_by(Offer.id)),
        "user_id": caseworker.id,
        "organisation_id": agreement.organisation_id, "agreement_id": agreement.id,
        "family_id": family_referral.family_id, "person_id": friend.id, "pair_id": pair.id,
    }
    own_match = db.session.scalar(select(Match).where(
        Match.volunteer_id == own_volunteer.id,
        Match.status.in_([MatchStatus.OFFERED, MatchStatus.ACTIVE])).order_by(Match.id))
    args = {
        None: staff, Role.ADMIN: staff, Role.COORDINATOR: staff,
        Role.CASEWORKER: {**staff, "referral_id": own_referral.id,
                          "match_id": _match_of(own_referral) or active.id},
        Role.VOLUNTEER: {**staff, "match_id": own_match.id, "event_id": own_event.id},
        Role.ORGANISATION_CONTACT: {**staff, "volunteer_id": org_volunteer.id},
        Role.YOUNG_PERSON: {**staff, "match_id": maja_pair.id},
    }
    for role in args:
        if role is not None:
            args[role] = {**args[role], "notification_id": notes[role].id}
    return {
        "emails": {role: user.email
                   for role, user in {**users, Role.YOUNG_PERSON: young_user}.items()},
        "args": args,
    }


def _sign_in_young(app, page, live_server: str, email: str) -> None:
    """A young person signs in by a one-time link (there is no password): issued here, as the
    e-mail would carry it, and opened in the browser."""
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        token = young_accounts._issue(user, SignInPurpose.SIGN_IN, datetime.now(UTC)).token
        db.session.commit()
    page.goto(f"{live_server}/ung/log-ind/{token}")
    page.click("main button[type=submit]")
    page.wait_for_url("**/ung/")


def _match_of(referral: Referral) -> int | None:
    return db.session.scalar(select(Match.id).where(Match.referral_id == referral.id))


def _pages(app, role: Role | None, args: dict) -> list[tuple[str, str, bool]]:
    """(endpoint, path, has a form) for every page a role can reach, from the URL map.

    Public pages are walked once, signed out; each role walks the pages it is allowed.
    """
    pages = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint in NOT_PAGES or "GET" not in rule.methods:
            continue
        access = declared_access(app.view_functions[rule.endpoint])
        if (role is None) != (access == PUBLIC) or (role is not None and role not in access):
            continue
        values = {}
        for name in rule.arguments:
            values[name] = "ugyldigt-link" if name == "token" else args[name]
        if rule.endpoint == "friendbank.pair_suggestions":
            values["match_id"] = args["pair_id"]
        if rule.endpoint == "young.custody_link":  # only for a running match of a child under 15
            values["match_id"] = args["custody_match_id"]
        with app.test_request_context():
            path = app.url_map.bind("localhost").build(rule.endpoint, values)
        pages.append((rule.endpoint, path, "POST" in rule.methods))
    return pages


def _axe(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})", WCAG_TAGS)
    return [f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(n["target"][0] if isinstance(n["target"][0], str) else str(n["target"])
                        for n in v["nodes"][:3])
            for v in result["violations"]]


FOCUS = """() => {
  // Every kind of control shows a focus ring of at least 2 px when reached by keyboard.
  const findings = [];
  const kinds = ["a[href]", "button", "input[type=text], input[type=email], input:not([type])",
    "input[type=checkbox]", "input[type=radio]", "select", "textarea", "summary"];
  for (const kind of kinds) {
    const el = [...document.querySelectorAll(kind)].find((e) => e.getClientRects().length);
    if (!el) continue;
    el.focus();
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== "none" ? parseFloat(style.outlineWidth) : 0;
    if (document.activeElement === el && outline < 2) {
      findings.push(`focus ring of <${el.tagName.toLowerCase()}> (${kind}) is ${outline}px`);
    }
  }
  document.activeElement.blur();
  return findings;
}"""

OWN_FORM = """() => {
  // The page's own form: it posts back to this page (the largest, if there are several).
  const forms = [...document.querySelectorAll("main form")].filter(
    (f) => f.method === "post" && f.action.split("?")[0] === location.href.split("?")[0]);
  return forms.sort((a, b) => b.elements.length - a.elements.length)[0] || null;
}"""
SUBMIT_EMPTY = """(form) => {
  // The form emptied and sent as a hasty user would.
  for (const el of form.elements) {
    if (el.type === "hidden" || el.type === "submit" || el.tagName === "BUTTON") continue;
    if (el.type === "checkbox" || el.type === "radio") el.checked = false;
    else if (el.tagName === "SELECT") {
      const empty = [...el.options].findIndex((o) => o.value === "");
      if (empty >= 0) el.selectedIndex = empty;
    } else el.value = "";
  }
  form.noValidate = true;
  form.requestSubmit();
}"""


def _save(walk: Walk, html: str, name: str) -> None:
    (walk.html_dir / f"{walk.pages:04d}-{name}.html").write_text(html, encoding="utf-8")


def _timed(walk: Walk, step: str, call, *args):
    started = time.monotonic()
    try:
        return call(*args)
    finally:
        walk.timings[step] = walk.timings.get(step, 0.0) + time.monotonic() - started


def _check_page(walk: Walk, page, where: str, endpoint: str, html: str, name: str,
                full: bool) -> None:
    """Our checks at 1280 px, reflow at 320 px, save the HTML; with `full` also axe and the
    focus ring (the second language repeats the layout, so only the cheap checks run there)."""
    walk.pages += 1
    if full:
        walk.add("axe", where, endpoint, _timed(walk, "axe", _axe, page))
        page.keyboard.press("Tab")  # keyboard modality, so focus() shows the ring a user sees
        walk.add("focus", where, endpoint, _timed(walk, "focus", page.evaluate, FOCUS))
    walk.add("checks", where, endpoint, _timed(walk, "checks", page.evaluate, CHECKS, False))
    page.set_viewport_size({"width": NARROW, "height": 800})
    walk.add("reflow", where, endpoint, _timed(walk, "reflow", page.evaluate, CHECKS, True))
    page.set_viewport_size({"width": WIDE, "height": 900})
    _save(walk, html, name)


def _walk_role(walk: Walk, app, browser, live_server: str, role, data: dict, lang: str) -> None:
    context = browser.new_context(bypass_csp=True, viewport={"width": WIDE, "height": 900})
    page = context.new_page()
    try:
        if role == Role.YOUNG_PERSON:
            _sign_in_young(app, page, live_server, data["emails"][role])
        elif role is not None:
            sign_in_page(page, live_server, data["emails"][role], demo.DEMO_PASSWORD)
        page.goto(f"{live_server}/sprog/{lang}?next=/")
        prefix = "Fejl:" if lang == "da" else "Error:"
        for endpoint, path, has_form in _pages(app, role, data["args"][role]):
            who = role.value if role else "anonymous"
            where = f"{who} {lang} {path}"
            response = _timed(walk, "load", page.goto, live_server + path)
            if "text/html" not in response.headers.get("content-type", ""):
                continue
            # A page shown with a sample id must be there for this role; a token may be refused.
            if response.status >= 500 or (
                response.status in (403, 404) and "ugyldigt-link" not in path
                and (role, endpoint) not in REFUSED_ON_PURPOSE
            ):
                walk.add("status", where, endpoint, [f"answered {response.status}"])
            name = f"{who}-{lang}-{endpoint}"
            _check_page(walk, page, where, endpoint, response.text(), name, full=lang == "da")
            if not has_form or endpoint in NOT_SUBMITTED:
                continue
            from playwright.sync_api import TimeoutError as PlaywrightTimeout

            form = page.evaluate_handle(OWN_FORM)
            if form.json_value() is None:
                continue
            try:
                with page.expect_navigation(timeout=10_000) as navigation:
                    page.evaluate(SUBMIT_EMPTY, form)
            except PlaywrightTimeout:
                walk.findings["error_state"].append(f"{where}: the form did not submit")
                continue
            response = navigation.value
            if response.status != 400:
                walk.not_rejected.append(f"{where} → {response.status}")
                continue
            walk.error_states += 1
            where = f"{where} (after an empty submit)"
            walk.add("error_state", where, endpoint, page.evaluate(ERROR_STATE, prefix))
            _check_page(walk, page, where, endpoint, response.text(), name + "-error", full=True)
    finally:
        context.close()


def _vnu(walk: Walk) -> None:
    """One JVM call over every saved page (the Nu checker starts slowly)."""
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", "--exit-zero-always",
         str(walk.html_dir)],
        capture_output=True, text=True, timeout=600, check=True)
    for message in json.loads(result.stderr or '{"messages": []}')["messages"]:
        if message.get("type") != "error":
            continue
        page = Path(message.get("url", "")).name
        endpoint = page.split("-", 3)[-1].removesuffix(".html").removesuffix("-error")
        text = f"line {message.get('lastLine')}: {message['message']}"
        walk.add("vnu", page, endpoint, [text])


@pytest.fixture(scope="module")
def walk(app, live_server, browser) -> Walk:
    """Walk every page of every role once; the tests below each judge one kind of finding.

    The pages' HTML and every finding are kept in tests/artifacts/a11y/ to read afterwards.
    A11Y_ROLES (e.g. "anonymous,volunteer") and A11Y_LANGS ("da") narrow a walk while working.
    """
    _install_tools()
    started = time.monotonic()
    out = HERE.parent / "artifacts" / "a11y"
    shutil.rmtree(out, ignore_errors=True)
    (out / "pages").mkdir(parents=True)
    result = Walk(html_dir=out / "pages")
    with app.app_context():
        data = _seed()
    wanted = os.environ.get("A11Y_ROLES")
    roles = [r for r in ROLES if not wanted or (r.value if r else "anonymous") in wanted]
    for lang in os.environ.get("A11Y_LANGS", "da,en").split(","):
        for role in roles:
            _walk_role(result, app, browser, live_server, role, data, lang)
    _timed(result, "vnu", _vnu, result)
    result.seconds = time.monotonic() - started
    summary = (f"accessibility walk: {result.pages} pages ({result.error_states} error states) "
               f"in {result.seconds:.0f} s; findings: "
               + ", ".join(f"{kind} {len(items)}" for kind, items in result.findings.items())
               + "; seconds by step: "
               + ", ".join(f"{step} {sec:.0f}" for step, sec in result.timings.items()))
    print("\n" + summary)
    (out / "findings.json").write_text(json.dumps(
        {"summary": summary, "findings": result.findings, "not_rejected": result.not_rejected},
        indent=1, ensure_ascii=False), encoding="utf-8")
    return result


def _report(items: list[str]) -> str:
    return f"{len(items)} finding(s):\n" + "\n".join(items[:60])


def test_the_walk_reaches_every_role_and_form(walk):
    # Guards the walk itself: an empty URL map or failed sign-ins would pass every check below.
    assert walk.pages >= 150, walk.pages
    assert walk.error_states >= 20, (walk.error_states, walk.not_rejected)


def test_every_page_of_the_walk_answers(walk):
    assert not walk.findings["status"], _report(walk.findings["status"])


def test_axe_finds_no_wcag_21_aa_violation(walk):
    assert not walk.findings["axe"], _report(walk.findings["axe"])


def test_ids_labels_groups_and_control_borders_are_right(walk):
    assert not walk.findings["checks"], _report(walk.findings["checks"])


def test_no_page_scrolls_sideways_on_a_320px_phone(walk):
    assert not walk.findings["reflow"], _report(walk.findings["reflow"])


def test_every_control_shows_a_2px_focus_ring(walk):
    assert not walk.findings["focus"], _report(walk.findings["focus"])


def test_a_failed_submit_titles_focuses_and_links_the_error_summary(walk):
    assert not walk.findings["error_state"], _report(walk.findings["error_state"])


def test_every_page_is_valid_html(walk):
    assert not walk.findings["vnu"], _report(walk.findings["vnu"])


def test_the_match_page_has_unique_ids(walk):
    # Kept apart from the other checks: this page once repeated its forms' ids (now prefixed).
    assert not walk.findings["known"], _report(walk.findings["known"])
