"""The words of the perception gap and of "whose move", written once, here.

They describe what each side logged and shared, never who anyone is: no
blame, no label, no verdict. A count that is too small to mean anything gets
said as such. Every sentence speaks to the viewer ("you") and names the
partner; `Voice` does the naming.
"""

from __future__ import annotations

from typing import Final

from twoway.core.voice import Voice

#: The caring kinds, singular and plural, as a count reads them ("3 thank-yous").
ACTS: Final[dict[str, tuple[str, str]]] = {
    "support": ("act of support", "acts of support"),
    "gratitude": ("thank-you", "thank-yous"),
    "kept": ("kept promise", "kept promises"),
    "met": ("need met", "needs met"),
    "repair": ("repair", "repairs"),
}

#: The initiations, as "whose move" names the last one ("a check-in").
MOVES: Final[dict[str, str]] = {
    "talk": "a conversation",
    "checkin": "a check-in",
    "bid": "a reach-out",
    "commitment": "a plan",
    "repair": "a repair",
}

GAP_ABOUT: Final = (
    "For each stretch of {weeks} weeks, this sets what one of you logged as given beside what the "
    "other logged as received: support, thanks, kept promises, needs met and repairs. An act "
    "logged by both of you on the same day, as the same kind, is counted as noticed by both."
)
GAP_PRIVATE: Final = (
    "Only entries {them} shared are counted on {their} side; whatever {them} keeps private stays "
    "out of this, just as your private entries stay out of {their} view."
)
GAP_NOTHING_SHARED: Final = (
    "{Them} has not shared any entries of care yet, so there is nothing to set beside yours. "
    "The comparison fills in as both of you log and share."
)
GAP_SINCE: Final = (
    "These numbers start on {day}, when both of you had begun logging: before that, "
    "one side had nothing to set beside the other."
)
GAP_NONE: Final = "No entries of care from {giver} to {receiver} in the last {weeks} weeks."
GAP_TOO_FEW: Final = (
    "Too few entries of care from {giver} to {receiver} in the last {weeks} weeks to compare yet "
    "({n} so far)."
)
GAP_EASE: Final = (
    "People notice and remember different moments. An act on one side only is something to ask "
    "about together, not a mark against anyone."
)
GAP_ALL_PAIRED: Final = (
    "Every act of care logged on one side in these weeks appears on the other side too."
)

MOVE_NONE: Final = "No one has started a conversation, a check-in or a plan in the ledger yet."
MOVE_TOO_FEW: Final = (
    "There are too few turns yet to say how long {who} usually {take} to make the next move."
)
MOVE_ABOUT: Final = (
    "A move is starting something: a conversation, a check-in, a reach-out, a plan or a repair. "
    "If you are leaving the next step to the other side for a while, this shows how it comes back."
)


def count(kind: str, n: int) -> str:
    """ "1 thank-you", "3 acts of support"."""
    one, many = ACTS[kind]
    return f"{n} {one if n == 1 else many}"


def days(n: float) -> str:
    """A wait in words: "less than a day", "about a day", "about 4 days"."""
    if n < 1:
        return "less than a day"
    whole = round(n)
    return "about a day" if whole == 1 else f"about {whole} days"


def ago(n: int) -> str:
    """ "today", "yesterday", "5 days ago"."""
    return {0: "today", 1: "yesterday"}.get(n, f"{n} days ago")


def breakdown(per_kind: dict[str, int]) -> str:
    """ " (4 acts of support, 2 thank-yous)" when more than one kind counts; else nothing."""
    parts = [count(k, n) for k, n in per_kind.items() if n]
    return f" ({', '.join(parts)})" if len(parts) > 1 else ""


def acts(n: int) -> str:
    """ "1 act of care", "3 acts of care"."""
    return "1 act of care" if n == 1 else f"{n} acts of care"


def _are(n: int) -> str:
    return "is" if n == 1 else "are"


def flow_sentences(
    say: Voice,
    giver: str,
    receiver: str,
    given: dict[str, int],
    received: dict[str, int],
    paired: int,
) -> list[str]:
    """What the giver's side logged as given beside what the receiver's side logged as received.

    The viewer is `say.me`; the partner's account is what they shared.
    """
    n_given, n_received = sum(given.values()), sum(received.values())
    unseen, extra = n_given - paired, n_received - paired
    if giver == say.me:
        partner = receiver
        if n_given == 0:
            return [
                f"You logged no acts of care given to {partner}; {partner}'s shared entries "
                f"show {acts(n_received)} from you."
            ]
        first = f"You logged {acts(n_given)} given to {partner}{breakdown(given)}; "
        if paired == n_given:
            first += f"{partner}'s shared entries show {'it' if paired == 1 else 'all of them'} as received too."
        else:
            first += f"{partner}'s shared entries show {paired} of the same acts as received, and "
            first += f"{unseen} {_are(unseen)} not among what {partner} shared."
        also = f"{partner}'s shared entries also show {acts(extra)} from you that {_are(extra)} not in your log."
    else:
        partner = giver
        if n_given == 0:
            return [
                f"{partner} shared no acts of care given to you; you logged {acts(n_received)} "
                f"from {partner}."
            ]
        first = f"{partner} shared {acts(n_given)} given to you{breakdown(given)}; "
        if paired == n_given:
            first += f"you logged {'it' if paired == 1 else 'all of them'} as received too."
        else:
            first += f"you logged {paired} of the same acts as received, and {unseen} "
            first += f"{_are(unseen)} not in your log."
        also = f"You also logged {acts(extra)} from {partner} that {_are(extra)} not among what {partner} shared."
    return [first, also] if extra else [first]


def move_sentences(
    say: Voice,
    last_by: str,
    last_kind: str,
    days_since: int,
    in_a_row: int,
    other: str,
    usual: float | None,
) -> list[str]:
    """Who made the last move and when; how long the other side usually takes to make the next."""
    move = MOVES.get(last_kind, "a move")
    if in_a_row > 1:
        first = (
            f"{say(last_by)} made the last {in_a_row} moves in a row; the latest, {move}, "
            f"{ago(days_since)}."
        )
    else:
        first = f"{say(last_by)} made the last move, {move}, {ago(days_since)}."
    if usual is None:
        take = "take" if other == say.me else "takes"
        return [first, MOVE_TOO_FEW.format(who=say(other, capital=False), take=take)]
    verb = "make" if other == say.me else "makes"
    return [first, f"{say(other)} usually {verb} the next move within {days(usual)}."]
