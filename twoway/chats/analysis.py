"""`analyze_chat`: one or more exports of a chat → a `ChatReport`.

Pure: it takes `Chat` objects (already read) and an as-of date; it never reads
the clock or the file system. For a two-person chat the conversations and plans
become ledger events and go through `twoway.core.analyze`, so the signals are
the ledger's own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Final, Literal

import polars as pl

from twoway.chats import conversations as conv
from twoway.chats.activity import hour_weekday, top_terms
from twoway.chats.messages import Chat
from twoway.chats.moments import DEFAULT_THRESHOLD, Moments, empty_moments, find_moments
from twoway.chats.plans import find_plans
from twoway.chats.report import (
    ChatReport,
    LatencyBucket,
    MomentList,
    MomentsRead,
    Period,
    Plan,
    Skipped,
)
from twoway.core.events import AFTER_AT, DATE_RANGE, FIRST_AT, FIRST_DAY, LAST_DAY
from twoway.errors import TwowayError

if TYPE_CHECKING:
    from twoway.core.ledger import Ledger

#: Charts count per week when the chat spans at most this many days, else per month.
WEEKLY_UP_TO_DAYS = 26 * 7

#: How the moments of care are read: `auto` with the model layer when its encoder is
#: installed (`twoway[read]`), else the rules alone; `rules` alone; `off` not at all.
MomentsLayer = Literal["auto", "rules", "off"]
MOMENTS_LAYERS: Final[tuple[MomentsLayer, ...]] = ("auto", "rules", "off")
#: The progress stage of the model layer's reading.
MOMENTS_STAGE: Final = "Reading moments of care (texts)"


def analyze_chat(
    chats: Sequence[Chat],
    *,
    as_of: date | None = None,
    me: str | None = None,
    gap_hours: float = conv.DEFAULT_GAP_HOURS,
    languages: Sequence[str] | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    moments_threshold: float = DEFAULT_THRESHOLD,
    moments: MomentsLayer | bool = True,
) -> ChatReport:
    """Analyse the messages of `chats` (exports of one chat) up to the end of `as_of`.

    `me` names the reader among the participants (matched case-insensitively);
    the signals then speak to "you". `gap_hours` is the silence that starts a
    new conversation; moments of care under `moments_threshold` are left out.
    `moments` says how they are read (`MomentsLayer`; True is "rules", False
    "off": the benchmark's way to price them).
    `progress(stage, done, total)`, when given, hears each step.
    """

    def step(done: int) -> None:
        if progress:
            progress("Analysing", done, 3)

    step(0)
    chat = prepare_chat(
        chats,
        as_of=as_of,
        gap_hours=gap_hours,
        languages=languages,
        moments_threshold=moments_threshold,
        moments=moments,
        progress=progress,
    )
    step(1)
    marked, table, plans_frame, people = chat.marked, chat.conversations, chat.plans, chat.people
    sources = [c.source for c in chats]
    as_of = chat.as_of
    stats = conv.participant_stats(marked, table)
    me = _which(me, people)
    first, last = marked["at"].min(), marked["at"].max()
    assert isinstance(first, datetime)
    assert isinstance(last, datetime)
    weekly = (last - first).days <= WEEKLY_UP_TO_DAYS
    notes = [note for c in chats for note in c.notes]
    # what needs no moments first: they may still be read on the second thread
    words, emoji = top_terms(marked, people)
    periods = [
        Period(start.date(), messages, started)
        for start, messages, started in conv.per_period(marked, people, "1w" if weekly else "1mo")
    ]
    latency = [LatencyBucket(*b) for b in conv.latency_buckets(marked, people)]
    activity = hour_weekday(marked)
    plans = _plans(plans_frame, sources)
    ledger_report = None
    if len(people) == 2:
        # Imported here, for start-up speed: only a chat between two people has signals.
        from twoway.core.analysis import analyze

        ledger_report = analyze(chat.ledger(), as_of, me)
        step(2)
    else:
        notes.append(
            f"The signals read a relationship between two people; this chat has {len(people)} "
            "participants, so it shows the counts and charts only."
        )
    moments_found = chat.moments
    report = ChatReport(
        format=_format(chats),
        sources=sources,
        title=next((c.title for c in chats if c.title), ""),
        gap_hours=gap_hours,
        me=me,
        as_of=as_of,
        first=first,
        last=last,
        messages=marked.height,
        conversations=table.height,
        system=sum(c.system for c in chats),
        participants=stats,
        period="week" if weekly else "month",
        periods=periods,
        latency=latency,
        plans=plans,
        signals=ledger_report.signals if ledger_report else [],
        ledger=ledger_report,
        skipped=[Skipped(c.source, s.unit, s.position, s.reason) for c in chats for s in c.skipped],
        notes=notes,
        moments=MomentList.of_frame(moments_found.frame, sources),
        moments_read=MomentsRead(
            moments_found.threshold, moments_found.layer, moments_found.unscored
        ),
        activity=activity,
        top_words=words,
        top_emoji=emoji,
    )
    step(3)
    return report


@dataclass(frozen=True)
class PreparedChat:
    """One chat's messages in time order, marked, with its conversations, plans and moments."""

    chats: Sequence[Chat]
    as_of: date
    marked: pl.DataFrame
    conversations: pl.DataFrame
    plans: pl.DataFrame
    people: list[str]
    #: the moments, still being read on the pool's thread when the rest is ready
    later: Future[Moments] = field(repr=False)
    pool: ThreadPoolExecutor = field(repr=False)

    @property
    def moments(self) -> Moments:
        """The moments of care (the first ask waits for their reading to end)."""
        found = self.later.result()
        # and for its thread to end: a command leaves at once only when no thread is left
        self.pool.shutdown()
        return found

    def ledger(self, *, keep_double: bool = False) -> Ledger:
        """The chat as ledger events (`to_ledger`); only for a chat between two people."""
        if len(self.people) != 2:
            names = ", ".join(self.people)
            raise TwowayError(
                f"a ledger is between two people; this chat has {len(self.people)} "
                f"participants ({names})"
            )
        # Imported here, for start-up speed: the ledger's checks load only when used.
        from twoway.chats.to_ledger import chat_ledger

        a, b = self.people
        return chat_ledger(
            self.conversations,
            self.plans,
            (a, b),
            fmt=_format(self.chats),
            source=" + ".join(c.source for c in self.chats),
            moments=self.moments.frame,
            keep_double=keep_double,
        )


def prepare_chat(
    chats: Sequence[Chat],
    *,
    as_of: date | None = None,
    gap_hours: float = conv.DEFAULT_GAP_HOURS,
    languages: Sequence[str] | None = None,
    moments_threshold: float = DEFAULT_THRESHOLD,
    moments: MomentsLayer | bool = True,
    progress: Callable[[str, int, int], None] | None = None,
) -> PreparedChat:
    """Merge the exports, cut at the end of `as_of`, and find conversations, plans and moments.

    `moments` as `analyze_chat`'s; `progress` hears the model layer's reading.
    """
    if not chats:
        raise TwowayError("no chat export given")
    if not gap_hours > 0:
        raise TwowayError(
            f"the gap that ends a conversation must be a number of hours above 0, not {gap_hours}",
            code="bad_gap",
            option="gap",
            value=gap_hours,
        )
    if not 0 <= moments_threshold <= 1:
        raise TwowayError(
            f"the moments threshold must be from 0 to 1, not {moments_threshold}",
            code="bad_moments_threshold",
            option="moments_threshold",
            value=moments_threshold,
        )
    sources = ", ".join(c.source for c in chats)
    messages = conv.merged(chats)
    if messages.is_empty():
        raise TwowayError(f"{sources}: no messages found")
    last_at, first_at = messages["at"].max(), messages["at"].min()
    assert isinstance(last_at, datetime)
    assert isinstance(first_at, datetime)
    for at in (first_at, last_at):
        if not FIRST_AT <= at < AFTER_AT:
            raise TwowayError(
                f"{sources}: a message is dated {at.date().isoformat()}; "
                f"twoway reads messages dated {DATE_RANGE}",
                code="date_out_of_range",
                field="at",
                value=at.date().isoformat(),
                first=FIRST_DAY.isoformat(),
                last=LAST_DAY.isoformat(),
            )
    as_of = as_of or last_at.date()
    # The end of `as_of` (the last day there is has no day after it).
    cutoff = (
        datetime.max if as_of >= date.max else datetime.combine(as_of + timedelta(days=1), time())
    )
    if last_at >= cutoff:
        messages = messages.filter(pl.col("at") < cutoff)
        if messages.is_empty():
            raise TwowayError(f"{sources}: no messages on or before {as_of}")
    mode: str = ("rules" if moments else "off") if isinstance(moments, bool) else moments
    if mode not in MOMENTS_LAYERS:
        raise TwowayError(
            f"the moments are read by {', '.join(MOMENTS_LAYERS)}, not {moments!r}",
            code="bad_moments_layer",
            option="moments",
            value=str(moments),
        )
    # The moments are read on a second thread while the conversations and plans are
    # found, and whatever else the caller does before it asks for them: both are mostly
    # Polars, which lets go of the GIL. The moments need only the messages, not their
    # marks.
    pool = ThreadPoolExecutor(max_workers=1)
    later = pool.submit(_find_moments, messages, moments_threshold, mode, progress)
    marked = conv.mark(messages, gap_hours)
    table = conv.conversation_table(marked)
    plans = find_plans(
        marked.select("at", "sender", "text", "kind", "position", "conversation", "file"),
        languages=languages,
    )
    people = marked["sender"].unique(maintain_order=True).to_list()
    return PreparedChat(chats, as_of, marked, table, plans, people, later, pool)


def _find_moments(
    marked: pl.DataFrame,
    threshold: float,
    mode: str,
    progress: Callable[[str, int, int], None] | None,
) -> Moments:
    """The moments of care, read as `mode` (a `MomentsLayer`) says; `Moments.layer` tells which layer ran."""
    if mode == "off":
        return Moments(empty_moments(), threshold, "off", 0, 0)
    if mode == "rules":
        return find_moments(marked, threshold=threshold)
    # Imported here: the model layer needs numpy, which only `twoway[read]` installs.
    from twoway.chats.moments.model import find_moments_read

    def tick(done: int, total: int) -> None:
        if progress:
            progress(MOMENTS_STAGE, done, max(total, 1))

    return find_moments_read(marked, threshold=threshold, progress=tick if progress else None)


def _which(me: str | None, people: list[str]) -> str | None:
    if me is None:
        return None
    found = [p for p in people if p == me.strip()] or [
        p for p in people if p.casefold() == me.strip().casefold()
    ]
    if not found:
        raise TwowayError(
            f"{me!r} is not in this chat; its participants are {', '.join(people)}",
            code="me_not_found",
            option="me",
            name=me,
            candidates=people,
        )
    return found[0]


def _format(chats: Sequence[Chat]) -> str:
    formats = sorted({c.format for c in chats})
    return formats[0] if len(formats) == 1 else "+".join(formats)


def _plans(frame: pl.DataFrame, sources: list[str]) -> list[Plan]:
    return [
        Plan(
            at=r["at"],
            by=r["by"],
            text=r["text"],
            status=r["status"],
            fixed_at=r["fixed_at"],
            due=r["due"],
            file=sources[r["file"]] if r.get("file") is not None else sources[0],
            position=r["position"],
        )
        for r in frame.iter_rows(named=True)
    ]
