"""The practice suggested with each signal: one concrete ritual, in plain words.

The words live here, and only here, so they can be read and reworded in one
place. They suggest; they never diagnose or label a person.
"""

from __future__ import annotations

from typing import Final

PRACTICES: Final[dict[str, str]] = {
    "one_sided_support": (
        "Try a weekly reciprocity check-in: each of you names one moment this week when you "
        "felt supported and one place where you would like more, then you agree on one small, "
        "concrete change."
    ),
    "one_sided_initiation": (
        "Take turns starting things: alternate who opens the check-in and who proposes the next "
        "plan. For a while, leave the next move to the other side and notice how it comes back."
    ),
    "bids_turned_away": (
        "A ten-minute daily check-in without screens: each shares one current challenge and one "
        "recent win, and the listener repeats back what they heard before replying."
    ),
    "needs_unmet": (
        "Put the need into an 'I' sentence (I feel … when … ; what would help me is …), then "
        "agree together what meeting it would look like this week, in concrete terms."
    ),
    "plans_not_kept": (
        "Before a conversation ends, turn 'we should' into a day and a time, or agree it is not "
        "happening for now. Let the next proposal come from the other side."
    ),
    "draining": (
        "Notice which times together leave you low, and bring it to a monthly conversation about "
        "the relationship: what is hard, and whether each of you feels your needs are met."
    ),
    "over_functioning": (
        "Step back for a few weeks: stop anticipating, stop starting every repair, and see what "
        "the other person does when the next step is theirs."
    ),
    "tables_turned": (
        "The roles may have turned. Ask plainly what would help right now, and offer a short "
        "daily check-in for the coming weeks."
    ),
    "balanced": (
        "Keep it visible: say specific thanks for what helped (what exactly, and why it "
        "mattered), and take turns starting the appreciation."
    ),
    "improving": (
        "Name the change in your next weekly check-in: each of you mentions one recent moment "
        "when you felt supported."
    ),
}


def practice_for(code: str) -> str:
    """The practice suggested with a signal code."""
    return PRACTICES[code]
