"""The two sides' colours, in one place: the first person of a report blue, the other vermillion.

A report names "you" first whenever it knows who you are (`twoway.core.analysis.you_first`),
so "you" are always blue and always on the left, in the terminal, the HTML report, the site's
pages and every chart. Okabe–Ito colours, safe for the common colour-vision differences; a
group chat's further people take the next ones (`svg.PALETTE`). The stylesheet's `--p0` and
`--p1` (static/twoway/report.css) are these same colours; a test keeps them equal.
"""

from __future__ import annotations

#: On a light page: "you" (or the ledger's first person), then the other.
LIGHT = ("#0072B2", "#D55E00")
#: The same two sides on a dark page (the stylesheet's dark mode): lighter, still told apart.
DARK = ("#56B4E9", "#E69F00")
#: In a terminal, which is often dark: between the two, bold.
TERMINAL = ("bold #3d8fd1", "bold #e0861a")
