"""Plans: proposals to meet, and whether a day was ever set for them.

A vague "we should catch up" that never becomes a date is one of the quiet
signs of care going one way. `find_plans` finds every proposal to meet in a chat
and says whether it was followed by a concrete day or time.

**Proposal.** A text message (never media, a call or a deleted message) that
matches one of the language's proposal patterns, whatever the case: "we should
catch up", "let's get coffee sometime", "would love to see you soon", "shall we
grab lunch?", "we should go climbing", "are you free Saturday?", "let me know
when you're around". Regret is not a proposal: "we should have caught up" is
not one; nor are chores ("we should clean the kitchen").

**Concrete day or time.** A text message naming a day or a time: a weekday
("Saturday", "this Tuesday"), a day counted from today ("tomorrow", "tonight"),
a date ("the 12th", "March 3", "3/12") or a clock time ("7pm", "at 19:30").
"Sometime", "soon", "one of these days", "next week" and "this weekend" are not
concrete.

**Scheduled or vague.** A proposal is `scheduled` when

- the proposal itself names a concrete day or time; or
- a later message, by either person, sent at most 14 days after the proposal,
  names a concrete day or time and either belongs to the same conversation as
  the proposal or itself speaks of meeting (it is a proposal, or it holds one of
  the language's meeting words: "see you", "coffee", "dinner", "come over", …).

Otherwise it is `vague`. "At most 14 days" includes the fourteenth day to the
second: a reply 14 days later still counts, one a second later does not.

**Fixed and due.** The first message that qualifies fixes the plan: `fixed_at`
is when it was sent and `due` the day it names, counted from the day it was
sent. "Tomorrow" is the next day; a weekday is the next such day on or after it
(so "Saturday" said on a Saturday is that day; "next Saturday" reads the same);
a day of the month alone ("the 12th") is the next such date; a month and a day
("March 3", "3/12") the next such date, this year or the next, unless a year is
given. When the first number of "3/12" cannot be a month (25/12) the two are
read the other way round. The leftmost such phrase in the message decides
("at 7pm on Friday" is due on Friday). A message naming only a time ("at 7pm"),
or a day that does not exist ("February 30"), is due on its own day. Vague
plans have neither.

**Repeats.** A proposal by the same person while their earlier plan is still
open (made at most 14 days before, and not fixed by any message before this
one) is the same plan asked again and is not counted twice: the first proposal
stands for both, and a day named in the repeat, or in a message that fixes the
repeat (within 14 days of it), fixes it. The 14 days are counted from that
first proposal, so a plan raised every week shows up once every 14
days. A proposal made after the earlier plan was fixed is a new plan.

Only what follows a proposal is read: "I'm busy on Saturday" followed by
"we should meet up" is vague, since the day came first. ("Are you free
Saturday?" is itself a proposal, and names its day.)

**Languages.** Each language is one data file, `plans/<code>.toml` (`en`,
`fr`, `de`, `es`): its proposal patterns, concrete patterns, meeting words, vague words and
the names of weekdays, relative days and months with their numbers. Patterns
are regular expressions in the syntax Polars uses (Rust's `regex`), matched
without regard to case; `\\b` there is an ASCII word boundary, so it must not
touch a letter like "é" (the file is refused if it does). Adding a language is
adding a file; `load_language` reads one from any path and names the key that
is wrong. With several languages, "3/12" is read in the order of the first file
(`en`: month first) unless the message says "le 3/12".

**Speed.** Every message is read once, by one regular expression joining all
proposal and concrete patterns of every language (one slice of the chat per
core). Only the few matches are then sorted into proposals and days, and the
14-day look-ahead works on them alone (two as-of joins). On a million messages
this takes about a tenth of a second.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import timedelta
from typing import Final, Literal

import polars as pl

from twoway.chats.messages import MESSAGE_SCHEMA
from twoway.chats.plan_languages import (
    Language,
    LanguageError,
    _languages,
    _Matcher,
    _matcher,
    language,
    load_language,
    shipped_languages,
)

__all__ = [
    "PLAN_SCHEMA",
    "WINDOW",
    "Language",
    "LanguageError",
    "PlanStatus",
    "empty_plans",
    "find_plans",
    "language",
    "load_language",
    "shipped_languages",
]

#: How long after a proposal a concrete day or time still counts for it.
WINDOW: Final = timedelta(days=14)

PlanStatus = Literal["scheduled", "vague"]

#: The columns `find_plans` returns, in this order.
PLAN_SCHEMA: Final[dict[str, pl.DataType]] = {
    "at": pl.Datetime("us"),
    "by": pl.String(),
    "text": pl.String(),
    "position": pl.Int64(),
    "status": pl.String(),
    "fixed_at": pl.Datetime("us"),
    "due": pl.Date(),
}


def empty_plans() -> pl.DataFrame:
    """A plans table with no rows."""
    return pl.DataFrame(schema=PLAN_SCHEMA)


def find_plans(
    messages: pl.DataFrame, *, languages: Sequence[str | Language] | None = None
) -> pl.DataFrame:
    """Every proposal to meet, with whether a concrete day or time followed (see the module).

    `messages` is the message table (`MESSAGE_SCHEMA`) in time order, with an
    integer `conversation` column. `languages` are language codes (or loaded
    `Language`s); None reads every shipped language. The result has
    `PLAN_SCHEMA`: one row per proposal, repeats merged, in time order. Other
    input columns (such as `file`, which export a merged message came from)
    follow, with each proposal's value.
    """
    if "conversation" not in messages.columns:
        raise ValueError("find_plans needs the `conversation` column (conversation index)")
    known = {*MESSAGE_SCHEMA, *PLAN_SCHEMA, "conversation"}
    extra = [name for name in messages.columns if name not in known]
    empty = pl.DataFrame(schema={**PLAN_SCHEMA, **{n: messages.schema[n] for n in extra}})
    matcher = _matcher(_languages(languages))
    if matcher is None or messages.height == 0:
        return empty
    frame = messages.select(
        pl.col("at").cast(pl.Datetime("us")),
        pl.col("sender"),
        pl.col("text"),
        pl.col("kind"),
        pl.col("position").cast(pl.Int64),
        pl.col("conversation").cast(pl.Int64),
        *extra,
    )
    if frame["at"].null_count():  # a message without a time cannot be placed
        frame = frame.filter(pl.col("at").is_not_null())
    if not frame["at"].is_sorted():
        frame = frame.sort("at", maintain_order=True)

    # One pass over every message finds the few that may matter; only those are read again.
    # A match that is not a proposal names a day or time (the pass joins both kinds).
    rows = _text_rows_matching(frame, matcher.either)
    texts = frame["text"].gather(rows)
    proposal = texts.str.contains(matcher.proposal)
    if not proposal.any():
        return empty
    names_day = (~proposal).scatter(
        proposal.arg_true(), texts.filter(proposal).str.contains(matcher.concrete)
    )
    found = pl.DataFrame(
        {
            "row": rows,
            "at": frame["at"].gather(rows),
            "conversation": frame["conversation"].gather(rows),
            "proposal": proposal,
            "concrete": names_day,
            "meeting": proposal | texts.str.contains(matcher.meeting),
        }
    )
    concrete = found.filter("concrete")
    same = concrete.select("conversation", row_same="row", at_same="at")
    meeting = concrete.filter("meeting").select(row_meet="row", at_meet="at")
    limit = pl.col("at") + pl.duration(days=WINDOW.days)
    candidates = (
        found.filter("proposal")
        .join_asof(
            same,
            left_on="row",
            right_on="row_same",
            by="conversation",
            strategy="forward",
            allow_exact_matches=False,
            check_sortedness=False,
        )
        .join_asof(
            meeting,
            left_on="row",
            right_on="row_meet",
            strategy="forward",
            allow_exact_matches=False,
        )
        .with_columns(
            fix=pl.when("concrete")
            .then("row")
            .otherwise(
                pl.min_horizontal(
                    pl.when(pl.col("at_same") <= limit).then("row_same"),
                    pl.when(pl.col("at_meet") <= limit).then("row_meet"),
                )
            )
        )
    )

    rows_kept, fixes = _first_asks(candidates, frame["sender"])
    kept = candidates[rows_kept].with_columns(fix=pl.Series(fixes, dtype=candidates.schema["fix"]))
    fix = kept["fix"]
    fixed_at = frame["at"].gather(fix)
    due = _due_days(matcher, frame["text"].gather(fix), fixed_at)
    return kept.select(
        pl.col("at"),
        frame["sender"].gather(kept["row"]).alias("by"),
        frame["text"].gather(kept["row"]).alias("text"),
        frame["position"].gather(kept["row"]).alias("position"),
        pl.when(pl.col("fix").is_null())
        .then(pl.lit("vague"))
        .otherwise(pl.lit("scheduled"))
        .alias("status"),
        fixed_at.alias("fixed_at"),
        due.alias("due"),
        *(frame[name].gather(kept["row"]) for name in extra),
    )


def _text_rows_matching(frame: pl.DataFrame, pattern: str) -> pl.Series:
    """The rows of the text messages matching `pattern`, the frame cut in parts read in parallel.

    The regex engine reads one string at a time, so a single expression keeps one
    core busy; a slice per thread keeps them all busy.
    """
    parts = max(1, min(pl.thread_pool_size(), frame.height // 50_000))
    step = -(-frame.height // parts)
    found = frame.select(
        pl.arg_where(
            (pl.col("kind").slice(start, step) == "text")
            & pl.col("text").slice(start, step).str.contains(pattern)
        )
        .cast(pl.Int64)
        .add(start)
        .implode()
        .alias(str(start))
        for start in range(0, frame.height, step)
    )
    return pl.concat([found[name].explode() for name in found.columns]).drop_nulls().alias("row")


def _first_asks(candidates: pl.DataFrame, senders: pl.Series) -> tuple[list[int], list[int | None]]:
    """(rows of the proposals that start a plan, each plan's fixing row); repeats of an
    open plan are left out, and a repeat that a later message fixes fixes the plan."""
    window = WINDOW // timedelta(microseconds=1)
    times = candidates["at"].dt.epoch("us").to_list()
    who_asked = senders.gather(candidates["row"]).to_list()
    open_plans: dict[str | None, list[int | None]] = {}  # who -> [at, fix, index in keep]
    keep: list[int] = []
    fixes: list[int | None] = []
    for i, (who, at, row, fix) in enumerate(
        zip(who_asked, times, candidates["row"].to_list(), candidates["fix"].to_list(), strict=True)
    ):
        plan = open_plans.get(who)
        if plan is not None:
            asked, fixed, index = plan
            assert asked is not None
            assert index is not None
            if at - asked <= window and (fixed is None or fixed >= row):
                if fixed is None and fix is not None:  # asked again, and this time answered
                    plan[1] = fixes[index] = fix
                continue
        open_plans[who] = [at, fix, len(keep)]
        keep.append(i)
        fixes.append(fix)
    return keep, fixes


def _due_days(matcher: _Matcher, texts: pl.Series, fixed_at: pl.Series) -> pl.Series:
    """The day each fixing message names, counted from the day it was sent.

    The leftmost day-naming match decides; a message naming only a time, or a
    date that does not exist (February 30), is due on its own day.
    """
    base = fixed_at.dt.date().alias("base")
    if not matcher.days:
        return base
    groups = texts.str.extract_groups(matcher.day_union).struct.unnest()

    def pick(name: str, value: Callable[[pl.Expr, Language], pl.Expr]) -> pl.Expr:
        found = [
            value(pl.col(f"g{k}_{name}"), day.language)
            for k, day in enumerate(matcher.days)
            if name in day.groups
        ]
        return pl.coalesce(found) if found else pl.lit(None, dtype=pl.Int64)

    def looked_up(table: str) -> Callable[[pl.Expr, Language], pl.Expr]:
        def value(found: pl.Expr, lang: Language) -> pl.Expr:
            words: Mapping[str, int] = getattr(lang, table)
            return _normal_expr(found).replace_strict(
                dict(words), default=None, return_dtype=pl.Int64
            )

        return value

    def number(found: pl.Expr, lang: Language) -> pl.Expr:
        return found.str.extract("([0-9]+)").cast(pl.Int64)

    def month_number(found: pl.Expr, lang: Language) -> pl.Expr:
        return pl.coalesce(number(found, lang), looked_up("months")(found, lang))

    def year_number(found: pl.Expr, lang: Language) -> pl.Expr:
        return number(found, lang) + pl.when(found.str.len_chars() == 2).then(2000).otherwise(0)

    on, day, month, year = pl.col("base"), pl.col("day"), pl.col("month"), pl.col("year")
    swap = (month > 12) & (day <= 12)  # 25/12 read as 25 December
    this_year = _make_date(on.dt.year(), month, day)
    # a day of the month alone: the next such date (one of the next three months has it)
    ahead = [on.dt.month() - 1 + k for k in range(3)]
    monthly = pl.coalesce(
        [
            pl.when(d >= on).then(d)
            for d in (_make_date(on.dt.year() + m // 12, m % 12 + 1, day) for m in ahead)
        ]
    )
    return (
        groups.with_columns(base)
        .select(
            "base",
            relative=pick("relative", looked_up("relative_days")),
            weekday=pick("weekday", looked_up("weekdays")),
            day=pick("day", number),
            month=pick("month", month_number),
            year=pick("year", year_number),
        )
        .with_columns(
            day=pl.when(swap).then(month).otherwise(day),
            month=pl.when(swap).then(day).otherwise(month),
        )
        .with_columns(this_year=this_year)
        .select(
            pl.coalesce(
                on + pl.duration(days=pl.col("relative")),
                on + pl.duration(days=(pl.col("weekday") - on.dt.weekday() + 1) % 7),
                pl.when(month.is_null())
                .then(monthly)
                .when(year.is_not_null())
                .then(_make_date(year, month, day))
                .when(pl.col("this_year") >= on)
                .then(pl.col("this_year"))
                .otherwise(_make_date(on.dt.year() + 1, month, day)),
                on,
            )
        )
        .to_series()
        .alias("due")
    )


def _normal_expr(found: pl.Expr) -> pl.Expr:
    """`_normal` for a column: lower case, one space, straight apostrophes."""
    return (
        found.str.to_lowercase()
        .str.replace_all("’", "'", literal=True)
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
    )


def _make_date(year: pl.Expr, month: pl.Expr, day: pl.Expr) -> pl.Expr:
    """A date from its parts, null when there is no such day."""

    def two(part: pl.Expr) -> pl.Expr:
        return part.cast(pl.String).str.zfill(2)

    return pl.format("{}-{}-{}", year, two(month), two(day)).str.to_date("%Y-%m-%d", strict=False)
