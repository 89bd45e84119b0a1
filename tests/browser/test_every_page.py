"""Every page of the URL configuration, as a signed-in owner with demo-sized data, at a phone's
size and a desktop's: nothing wider than the screen, no text under 12 px, no text drawn over
other text, no console error, no serious accessibility problem. A screenshot of each page goes
to test-artifacts/screenshots/every-<route>-<width>.png.

Routes that are no page (JSON, a calendar file, a download, POST-only actions) are checked to be
so, and listed; the walk fails on a route it does not know how to fill, so a new page is never
left out silently.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from playwright.sync_api import Page

from tests.browser.harness import Shot, Watch
from tests.browser.test_accessibility import axe_problems
from tests.web.test_privacy import routes
from twoway.core import assessment
from twoway.core.events import Event as CoreEvent
from twoway.simulate import demo_ledgers
from twoway.web.api.tokens import issue_token
from twoway.web.imports.models import ImportJob
from twoway.web.ledger import store
from twoway.web.ledger.models import Assessment, Event, Person, Relationship
from twoway.web.ledger.workflow import ImportOptions, import_chat
from twoway.web.practices.models import IStatement, RoleReversal
from twoway.web.rituals import checkins
from twoway.web.rituals.schedules import save_ritual
from twoway.web.together import access, invitations, linking

#: Smallest text a page may show, in CSS pixels.
MIN_TEXT_PX = 12

#: axe-core rules a page may break, with why: only the vendored Swagger UI's own markup, which
#: puts a copy button inside each operation's expand button; nothing of ours.
ALLOWED_AXE = {"openapi-view": ("nested-interactive",)}

#: A word no line can hold on a phone, written into the free-text fields a person fills (a
#: token's name, a note, an answer, a file's name), so that a page that lets it push the page
#: wider than the screen is caught.
LONG_WORD = "Wonderfullylongwordwithoutanyspaceswrittenbysomeonewhopastedalink"

#: Routes whose answer is a file or a refusal when walked with made-up values, not a page.
NOT_PAGES = {"calendar_feed"}

#: What a page does wrong, measured in the page: overflow, small text, text over text.
#:
#: Overflow is measured against what the screen really shows, not `innerWidth`: with a phone's
#: emulation (is_mobile) Chromium widens the layout viewport, and so `innerWidth`, to fit content
#: that overflows, so `innerWidth` grows with the very overflow looked for (an 838 px table once
#: passed on a 390 px phone). `clientWidth` stays at the width `meta viewport` asks for (and
#: leaves out a desktop's scrollbar); `screen.width` is the device's, so a page with no viewport
#: (980 px wide on a phone) is caught too.
MEASURE = """() => {
  const root = document.documentElement;
  const overflow = root.scrollWidth - Math.min(root.clientWidth, screen.width);
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const words = node.textContent.trim();
    const el = node.parentElement;
    if (!words || !el || el.closest("script, style, noscript, title, [hidden], .visually-hidden, .skip")) continue;
    // Not drawn: inside a closed <details> (but its summary), or clipped away (a hidden table head).
    const closed = el.closest("details:not([open])");
    if (closed && !el.closest("summary")) continue;
    if (el.closest("thead") && getComputedStyle(el.closest("thead")).position === "absolute") continue;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || style.display === "none" || parseFloat(style.opacity) === 0) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const box = range.getBoundingClientRect();
    if (box.width < 1 || box.height < 1) continue;
    // One box per line the text is drawn on: a text that wraps is not one rectangle
    // over the whole width of its lines.
    const lines = Array.from(range.getClientRects()).filter((r) => r.width >= 1 && r.height >= 1);
    let px = parseFloat(style.fontSize);
    const svg = el.closest("svg");
    if (svg && svg.viewBox && svg.viewBox.baseVal && svg.viewBox.baseVal.width) {
      // A chart's text is drawn in the viewBox's units: scale it to the screen.
      px = px * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    }
    texts.push({el, lines, px, words: words.slice(0, 40)});
  }
  const small = texts.filter((t) => t.px < %(min)s - 0.05).map((t) => t.words + " (" + t.px.toFixed(1) + " px)");
  const overlaps = [];
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) {
      const a = texts[i], b = texts[j];
      if (a.el === b.el || a.el.contains(b.el) || b.el.contains(a.el)) continue;
      const over = a.lines.some((p) => b.lines.some((q) => {
        const w = Math.min(p.right, q.right) - Math.max(p.left, q.left);
        const h = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
        return w > 2 && h > 2 && w * h > 0.2 * Math.min(p.width * p.height, q.width * q.height);
      }));
      if (over) overlaps.push(a.words + " / " + b.words);
    }
  }
  return {overflow, small: small.slice(0, 5), overlaps: overlaps.slice(0, 5)};
}""".replace("%(min)s", str(MIN_TEXT_PX))


def _demo(alex: Any, django_user_model: Any) -> dict[str, str]:
    """Alex's demo-sized ledgers, Sam linked as a second account, and one of everything else;
    returns the value of each URL slot."""
    for name, (kind, ledger) in demo_ledgers(date(2025, 6, 1)).items():
        store.import_ledger(name, ledger, me=ledger.other(name), kind=kind, new=True, owner=alex)
    sam = Person.objects.get(owner=alex, name="Sam")
    mine = Relationship.objects.get(owner=alex, person=sam)
    sam_user = django_user_model.objects.create_user(username="sam", password="x")
    day = datetime(2025, 5, 2, 19)
    for kind, by in (("support", "Sam"), ("gratitude", "Sam"), ("gratitude", mine.me_name)):
        event = CoreEvent(at=day, by=by, to=mine.me_name if by == "Sam" else "Sam", kind=kind)
        store.add_event(mine.me_name, event, owner=sam_user, kind="friend", new=True)
    linking.link(mine, Relationship.objects.get(owner=sam_user))
    # Moments read from a chat, waiting in the review list (one of them sure).
    for n, (kind, value, sure, note) in enumerate(
        (
            ("support", "comfort", "0.9", "so sorry, I'm here " + LONG_WORD),
            ("gratitude", "", "0.8", "thank you for Sunday, it meant a lot"),
            ("checkin", "", "0.75", "how did the appointment go?"),
        )
    ):
        moment = CoreEvent(
            at=datetime(2025, 5, 10 + n, 20),
            by="Sam" if n % 2 else mine.me_name,
            to=mine.me_name if n % 2 else "Sam",
            kind=kind,
            id=f"moment-whatsapp-2025051{n}T200000-{kind}",
            value=value,
            note=note,
            extra={"confidence": sure},
        )
        store.add_event("Sam", moment, owner=alex)
    save_ritual(
        mine,
        "weekly",
        active=True,
        weekdays=(7,),
        week_of_month=1,
        at_time=time(19),
        time_zone="UTC",
    )
    checkin, _ = checkins.start(mine, "weekly")
    checkins.save_part(mine, checkin, {"supported": LONG_WORD, "attention": "sleep"}, shared=True)
    exercise = RoleReversal.objects.create(home=access.home(mine), situation=LONG_WORD)
    statement = IStatement.objects.create(
        relationship=mine, feeling="tired", situation="s", need="n", sentence=LONG_WORD
    )
    # A chat with Sam, so the chats page draws its charts (three weeks, made up here).
    me = mine.me_name
    lines = [
        f"{d:02d}/05/2025, {h:02d}:{m:02d} - {who}: {text}"
        for d in range(1, 22, 2)
        for h, m, who, text in (
            (8, 5, me, "morning! coffee before work? ☕"),
            (8, 20, "Sam", "yes please, the usual place 😊"),
            (21, 40, "Sam", "how did the meeting go?"),
            (21, 55, me, "better than I feared, thanks for asking ❤️"),
        )
    ]
    import_chat(
        alex,
        [(("\n".join(lines) + "\n").encode(), "sam-chat.txt")],
        "Sam",
        ImportOptions(me=me, date_order="dmy"),
    )
    # Two self-assessments, so the report and the assessment page draw the trend chart.
    for taken_on, answers in ((date(2025, 3, 2), 2), (date(2025, 5, 4), 4)):
        given = dict.fromkeys(assessment.KEYS, answers)
        Assessment.objects.create(
            relationship=mine, taken_on=taken_on, answers=given, score=assessment.score(given)
        )
    token, _ = issue_token(alex, LONG_WORD)
    job = ImportJob.objects.create(
        owner=alex,
        kind="ledger",
        filename=LONG_WORD + ".csv",
        state="done",
        result={
            "person": "Sam",
            "person_id": sam.pk,
            "me": mine.me_name,
            "created_person": False,
            "added": 3,
            "present": 1,
            "skipped": 0,
        },
    )
    # An invitation from someone else, for the page that accepts it.
    robin_user = django_user_model.objects.create_user(username="robin", password="x")
    hello = CoreEvent(at=day, by="Robin", to="Alex", kind="talk")
    store.add_event("Alex", hello, owner=robin_user, kind="friend", new=True)
    code = invitations.invite(Relationship.objects.get(owner=robin_user)).code
    event = Event.objects.filter(relationship=mine).first()
    assert event is not None
    event.note = LONG_WORD
    event.save()
    return {
        "pk": str(sam.pk),
        "event_pk": str(event.pk),
        "moment_pk": str(Event.objects.filter(key__startswith="moment-").first().pk),
        "job_pk": str(job.pk),
        "token_pk": str(token.pk),
        "checkin": str(checkin.pk),
        "statement_pk": str(statement.pk),
        "exercise_pk": str(exercise.pk),
        "code": code,
        "uidb64": urlsafe_base64_encode(force_bytes(alex.pk)),
        "token": default_token_generator.make_token(alex),
        "person_id": str(sam.pk),
        "event_id": str(event.pk),
    }


def _url(route: str, name: str | None, slots: dict[str, str]) -> str | None:
    """The route with its slots filled from `slots`; None for the API's catch-all."""
    if route.startswith("api/^"):
        return None

    def value(match: re.Match[str]) -> str:
        slot = match.group(2)
        if slot == "pk" and name in {"event_edit", "event_delete"}:
            return slots["event_pk"]
        if slot == "pk" and name == "moment_review":
            return slots["moment_pk"]
        if slot == "pk" and name == "import_job":
            return slots["job_pk"]
        if slot == "pk" and name == "api_token_revoke":
            return slots["token_pk"]
        if slot == "token" and name == "calendar_feed":
            return "not-a-feed"
        return slots[slot]

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", value, route)


def _settled(page: Page) -> dict[str, Any]:
    """`MEASURE` once the page has stopped moving.

    A page drawn by script (the API's docs fetch their schema, then draw) can be
    caught half drawn on a busy machine: wait until the network is quiet and two
    measures in a row agree.
    """
    page.wait_for_load_state("networkidle")
    last: dict[str, Any] = page.evaluate(MEASURE)
    for _ in range(20):
        page.wait_for_timeout(100)
        found: dict[str, Any] = page.evaluate(MEASURE)
        if found == last:
            return found
        last = found
    return last


def test_every_page_reads_well_at_this_size(
    signed_in_page: Page, alex: Any, django_user_model: Any, watch: Watch, shot: Shot
) -> None:
    page = signed_in_page
    slots = _demo(alex, django_user_model)
    problems: dict[str, list[str]] = {}
    pages, not_pages = [], []
    for route, name in routes():
        url = _url(route, name, slots)
        if url is None or name in {"logout", "password_reset_confirm"}:
            continue  # logging out ends the walk; the reset link is walked signed out below
        answer = page.request.get(url, max_redirects=0)
        kind = answer.headers.get("content-type", "")
        if (
            name in NOT_PAGES
            or answer.status in (301, 302, 405)
            or not kind.startswith("text/html")
        ):
            not_pages.append(f"{name} ({answer.status} {kind.split(';')[0]})")
            continue
        page.goto(url)
        found = _settled(page)
        lines = []
        if found["overflow"] > 0:
            lines.append(f"{found['overflow']} px wider than the screen")
        lines += [f"small text: {t}" for t in found["small"]]
        lines += [f"text over text: {t}" for t in found["overlaps"]]
        allowed = ALLOWED_AXE.get(name or "", ())
        lines += [p for p in axe_problems(page) if not any(f": {rule} (" in p for rule in allowed)]
        lines += [f"console: {c}" for c in watch.console]
        watch.console.clear()
        if lines:
            problems[f"{name} {url}"] = lines
        pages.append(name)
        shot(page, f"every-{name}")
    assert len(pages) > 30, (pages, not_pages)
    assert problems == {}, "\n".join(f"{k}: {v}" for k, v in problems.items())


def test_the_walk_sees_a_page_wider_than_the_screen(page: Page) -> None:
    """The walk's overflow measure is not fooled by a phone's widened layout viewport: a box
    twice the screen's width, added to a page that fits, is seen at both sizes. (Chromium widens
    a phone's `innerWidth` up to four times the screen to fit such a box, so twice is hidden from
    a measure against `innerWidth`.)"""
    page.goto(reverse("login"))
    assert page.evaluate(MEASURE)["overflow"] <= 0
    page.evaluate(
        """() => {
          const box = document.createElement("div");
          box.textContent = "a box twice as wide as the screen";
          box.style.width = 2 * screen.width + "px";  // CSSOM: allowed under the CSP
          document.querySelector("main").append(box);
        }"""
    )
    assert page.viewport_size is not None
    width = page.viewport_size["width"]
    assert page.evaluate(MEASURE)["overflow"] > 0, f"a {width} px screen hid the overflow"


def test_the_walk_sees_text_over_text_but_not_a_line_that_wraps(page: Page) -> None:
    """A text drawn over another is seen; a text that wraps beside another on its first
    line is not (its lines are measured one by one, not as one box over both)."""
    page.goto(reverse("login"))
    assert page.evaluate(MEASURE)["overlaps"] == []
    page.evaluate(
        """() => {
          const main = document.querySelector("main");
          const para = document.createElement("p");
          para.style.width = "12em";
          const first = document.createElement("b");
          first.textContent = "short words";
          const long = document.createElement("code");
          long.textContent = "a long run of words that wraps onto the next lines";
          para.append(first, " ", long);
          main.append(para);
        }"""
    )
    assert page.evaluate(MEASURE)["overlaps"] == [], "a wrapped line is not text over text"
    page.evaluate(
        """() => {
          const main = document.querySelector("main");
          main.style.position = "relative";
          for (const words of ["one label here", "another label"]) {
            const tag = document.createElement("span");
            tag.textContent = words;
            tag.style.position = "absolute";
            tag.style.top = "0";
            tag.style.left = "0";
            main.append(tag);
          }
        }"""
    )
    overlaps = page.evaluate(MEASURE)["overlaps"]
    assert "one label here / another label" in overlaps
