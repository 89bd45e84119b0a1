"""The words of a chat's moments of care: per person and kind, a count and examples."""

from __future__ import annotations

from twoway.chats.report import ChatReport, Moment
from twoway.render.chat_words import and_list, excerpt, times, who
from twoway.render.words import count, day

#: How many examples follow each count.
EXAMPLES = 2
EXAMPLE_MAX = 60

#: What each kind (and support style) says a person did.
DID = {
    "comfort": "comforted",
    "listen": "listened to",
    "celebrate": "celebrated with",
    "help": "helped",
    "reassure": "reassured",
    "gratitude": "thanked",
    "checkin": "checked in on",
}


def moment_lines(report: ChatReport) -> list[str]:
    """One sentence per person and kind, with up to two dated examples from the messages."""
    out = []
    people = report.people
    for person in people:
        others = [p for p in people if p != person]
        other = who(report, others[0], capital=False) if len(others) == 1 else "others"
        mine = [m for m in report.moments if m.by == person]
        groups: dict[str, list[Moment]] = {}
        for m in mine:
            key = m.style or "other" if m.kind == "support" else m.kind
            groups.setdefault(key, []).append(m)
        for key, found in groups.items():
            name = who(report, person)
            if key == "need":
                did = f"{name} put a need into words {times(len(found))}"
            elif key == "repair":
                did = f"{name} apologised or made up {times(len(found))}"
            else:
                did = f"{name} {DID.get(key, 'supported')} {other} {times(len(found))}"
            examples = [
                f"{day(m.at.date())}: “{excerpt(m.text, EXAMPLE_MAX)}”" for m in found[:EXAMPLES]
            ]
            out.append(f"{did}, e.g. {and_list(examples)}")
    return out


def moments_none_line(report: ChatReport) -> str:
    """What stands where no moment is listed: none found, or none looked for."""
    read = report.moments_read
    if read is not None and read.layer == "off":
        return ""  # moments_read_line says they were not looked for
    return "No moments of care were found in the messages."


#: How each layer found the moments, in plain words (`Moments.layer`).
FOUND_BY = {
    "rules": "Found by the rules layer in the messages' words",
    "rules+model": (
        "Found by the rules layer in the messages' words, then read again by a small "
        "language model on this computer (the rules+model layer)"
    ),
}


def moments_read_line(report: ChatReport) -> str:
    """How the moments were read, and what was left out."""
    read = report.moments_read
    if read is None:
        return ""
    if read.layer == "off":
        return "Moments of care were not looked for in this report."
    found = FOUND_BY.get(read.layer, f"Found by the {read.layer} layer")
    text = (
        f"{found}, at a confidence of "
        f"{read.threshold:g} or more; twoway leaves out what it is less sure of."
    )
    if read.unscored:
        text += (
            f" {count(read.unscored, 'message')} in a language it does not read (it reads "
            f"English, German, French and Spanish) {'was' if read.unscored == 1 else 'were'} left out."
        )
    return text
