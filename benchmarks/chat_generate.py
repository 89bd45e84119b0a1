"""A fast, seeded generator of WhatsApp chat exports for the chat benchmarks.

The export is in the Android layout (`12/03/2021, 14:05 - Name: text`, day
first, 24-hour clock) with what real chats have: conversations in bursts
separated by hours of silence, replies within minutes, about 10% multi-line
messages, about 3% `<Media omitted>`, a few system lines (the encryption
notice, subject changes, people added), and some plans ("we should catch up
sometime", "let's get coffee on Saturday"). The same arguments always give the
same bytes. Files are cached under `bench-data/`, keyed by size, people and seed.

Run `python -m benchmarks.chat_generate N [--people P] [--seed S]` to write
one and print its path, or add `--time` to also time the WhatsApp reader on it
in this process (seconds and peak memory).
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Final

from benchmarks.generate import DATA_DIR

#: Bumped whenever the generator's output changes, so stale cached files are not reused.
VERSION: Final = 3
NAMES: Final = ("Robin", "Sam", "Alex", "Jo", "Kim", "Noor", "Lee", "Ana")
#: Early enough that a million messages end years before today: a message dated after
#: today is skipped as impossible, and the bench must read every one.
START: Final = date(2013, 1, 2)
ENCRYPTION: Final = (
    "Messages and calls are end-to-end encrypted. No one outside of this chat, "
    "not even WhatsApp, can read or listen to them. Tap to learn more."
)
_PROSE: Final = (
    "hey how are you doing today I was thinking about that thing we talked about "
    "yesterday and honestly it made me laugh so much did you see the news about "
    "the weather it is going to rain all week again can you send me the photos "
    "from the weekend thanks so much love that okay sounds good see you later "
    "work was long but fine I am so tired just got home dinner is ready"
)
WORDS: Final = tuple(_PROSE.split(" "))
SHORT: Final = (
    "ok",
    "haha",
    "yes!",
    "no way",
    "thanks ❤️",
    "sure",
    "😂😂",
    "on my way",
    "good night",
    "lol",
    "Zoë said hi",
    "sounds good 👍",
)
PLANS: Final = (
    "we should catch up sometime",
    "let's get coffee on Saturday",
    "dinner next week?",
    "we should do this again soon",
    "let's go for a walk on Sunday",
)
MEDIA: Final = "<Media omitted>"


#: Syllables of the made-up words that make a text distinct (`nonce`).
_SYLLABLES: Final = tuple(c + v for c in "bdfgklmnprstvz" for v in "aeiou")


def nonce(i: int) -> str:
    """A made-up word of its own for each `i` ("be", "di", ..., "bebe"): no pattern's word."""
    out, i = [], i + 1
    while i:
        i, r = divmod(i - 1, len(_SYLLABLES))
        out.append(_SYLLABLES[r])
    return "".join(out)


def path_for(messages: int, people: int = 3, seed: int = 1, *, distinct: bool = False) -> Path:
    """Where the export of `messages` messages among `people` with `seed` is cached."""
    tail = "-distinct" if distinct else ""
    return DATA_DIR / f"whatsapp-{messages}-p{people}-s{seed}-v{VERSION}{tail}.txt"


def whatsapp_export(
    path: Path, messages: int, seed: int = 1, people: int = 3, *, distinct: bool = False
) -> Path:
    """Write an Android-layout WhatsApp export of exactly `messages` messages to `path`.

    System lines (not messages) come on top: the encryption notice first, then one
    per 20,000 messages (at least one more in a small export). Deterministic for a
    given seed. `distinct`: each message of prose (about half of them) ends in a
    made-up word of its own, so that only the short ones ("ok", "haha") repeat, as
    in a real chat; the rest is the same.
    """
    if not 2 <= people <= len(NAMES):
        raise ValueError(f"people must be between 2 and {len(NAMES)}")
    names = NAMES[:people]
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = _lines(messages, seed, names, distinct)
    path.write_text("".join(lines), encoding="utf-8", newline="\n")
    return path


def cached_whatsapp(
    messages: int, people: int = 3, seed: int = 1, *, distinct: bool = False
) -> Path:
    """The cached export of `messages` messages, generated first if it is not there yet."""
    path = path_for(messages, people, seed, distinct=distinct)
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        whatsapp_export(tmp, messages, seed, people, distinct=distinct)
        tmp.replace(path)
    return path


def _lines(messages: int, seed: int, names: tuple[str, ...], distinct: bool) -> list[str]:
    """The export's lines, each ending in a newline."""
    rng = random.Random(seed)
    rand, choice, expo = rng.random, rng.choice, rng.expovariate
    clock = [f"{h:02d}:{m:02d}" for h in range(24) for m in range(60)]
    days: dict[int, str] = {}

    def stamp(minute: int) -> str:
        day = minute // 1440
        text = days.get(day)
        if text is None:
            text = days[day] = (START + timedelta(days=day)).strftime("%d/%m/%Y")
        return f"{text}, {clock[minute % 1440]} - "

    out: list[str] = [stamp(480) + ENCRYPTION + "\n"]
    minute = 480.0  # minutes after START, 08:00 on the first day
    # Spread the chat over about one to ten years: the silence between conversations
    # (~15 messages, ~1.5 min apart) is what is left of that span; skipping the
    # nights lengthens it by about half again, hence the 0.65.
    span = 1440.0 * min(3650, max(365, messages // 250))
    gap = max(30.0, 0.65 * span / max(1, messages / 15) - 22.0)
    system_every = max(1, min(20_000, messages // 2))
    speaker = 0
    left = 0  # messages left in the current conversation
    for i in range(messages):
        if left == 0:
            # A new conversation: hours later, in the daytime, a few dozen messages.
            minute += expo(1 / gap) + 10.0
            night = 420 - minute % 1440
            if night > 0:
                minute += night + 60.0 * rand()
            left = 1 + int(expo(1 / 14.0))
        else:
            minute += expo(1 / 1.5)
        left -= 1
        if rand() < 0.6:  # the other person (or someone else in a group) answers
            speaker = (speaker + 1 + int(rand() * (len(names) - 1))) % len(names)
        head = stamp(int(minute)) + names[speaker] + ": "
        roll = rand()
        if roll < 0.03:
            text = MEDIA
        elif roll < 0.035:
            text = choice(PLANS)
        elif roll < 0.5:
            text = choice(SHORT)
        else:
            start = int(rand() * (len(WORDS) - 12))
            text = " ".join(WORDS[start : start + 2 + int(rand() * 10)])
            if distinct:  # (no draw of `rng`: the chat is otherwise the same)
                text += " " + nonce(i)
        if rand() < 0.1:  # a multi-line message: one or two more lines
            text += "\n" + choice(SHORT)
            if rand() < 0.4:
                text += "\n" + " ".join(WORDS[: 1 + int(rand() * 6)])
        out.append(head + text + "\n")
        if i % system_every == system_every - 1:
            who = names[int(rand() * len(names))]
            other = names[(names.index(who) + 1) % len(names)]
            system = choice(
                (
                    f'{who} changed the subject from "Old friends" to "Friends 💛"',
                    f"{who} added {other}",
                    f"{who} changed this group's icon",
                )
            )
            out.append(stamp(int(minute)) + system + "\n")
    return out


def main(argv: list[str]) -> int:
    """Generate (or find) an export and print its path; with --time, also time the reader."""
    parser = argparse.ArgumentParser(description="Generate (or find) a WhatsApp benchmark chat.")
    parser.add_argument("messages", nargs="?", type=int, default=10_000, help="how many messages")
    parser.add_argument("--people", type=int, default=3, help="how many people write")
    parser.add_argument("--seed", type=int, default=1, help="the random seed")
    parser.add_argument(
        "--distinct", action="store_true", help="each message of prose a text of its own"
    )
    parser.add_argument("--time", action="store_true", help="time twoway's WhatsApp reader on it")
    args = parser.parse_args(argv)
    path = cached_whatsapp(args.messages, args.people, args.seed, distinct=args.distinct)
    print(path)
    if args.time:
        from benchmarks.whatsapp_parse import measure

        print(measure(path))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
