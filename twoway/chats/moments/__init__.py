"""Moments: the care a chat shows, found in its messages.

Five kinds of moment, each one ledger event of the same kind:

- `support`, with its style: `listen`, `comfort`, `celebrate`, `help`, `reassure`;
- `gratitude`: a specific or heartfelt thank-you, never a bare "ok thx";
- `need`: a need of the writer's stated to the other ("I need some time");
- `repair`: an apology or taking responsibility after friction between the two;
- `checkin`: a genuine question about the other's state or an event in their life.

**How.** Each message is read with the rules of its language (one data file per
language, `en`, `de`, `fr`, `es`; see `rules`), chosen by counting the
language's frequent words; a message too short to tell takes its writer's (or
the chat's) usual language. Context matters: the other person's last few messages (at most 3,
within 12 hours) may show bad news, good news or friction, and some patterns
count only after them: "oh no" comforts after "I didn't get the job", "❤️🫂"
alone comforts after bad news, a bare "sorry" repairs after "you forgot again".

**Confidence and abstention.** A pattern enough alone gives 0.9, one that needed
its context 0.8, a weak cue 0.5 (0.75 after its context). Moments under the
threshold (0.7 by default) are left out: a missed moment is better than a
false one. A message of at least five words using none of the covered
languages' frequent words is left unscored, and counted.

**Speed.** Each distinct text is read once (see `find`); Polars picks the
candidates and which pattern lists may match them, Python's `re` confirms only
those, and the readings are joined back onto the messages. `reference` is the
plain one-message-at-a-time reading the suite checks it against.

**The model layer** (`model`, optional: `pip install "twoway[read]"`): a small
sentence encoder rereads the candidates and their context; trained heads
confirm weak cues and add moments the rules missed above a precision-calibrated
bar. Without the encoder the rules read alone.
"""

from twoway.chats.moments.detect import DEFAULT_THRESHOLD, Found, language_of, read_message
from twoway.chats.moments.find import MOMENT_SCHEMA, Moments, empty_moments, find_moments
from twoway.chats.moments.rules import KINDS, STYLES, MomentRules, RulesError, load_rules, rules

__all__ = [
    "DEFAULT_THRESHOLD",
    "KINDS",
    "MOMENT_SCHEMA",
    "STYLES",
    "Found",
    "MomentRules",
    "Moments",
    "RulesError",
    "empty_moments",
    "find_moments",
    "language_of",
    "load_rules",
    "read_message",
    "rules",
]
