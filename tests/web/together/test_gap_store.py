"""ledgers.partner_ledger and ledgers.visible_ledger: the partner's shared entries, in your names."""

from __future__ import annotations

from datetime import datetime

from tests.web.conftest import Couple
from tests.web.together.gap_helpers import log
from twoway.core.together import PARTNER_PREFIX
from twoway.web.ledger import store
from twoway.web.together import ledgers, linking


def test_the_partners_rows_read_in_your_names(couple: Couple) -> None:
    log(couple.ana, "Ben", datetime(2025, 5, 1, 9), "Ana", "support", shared=True)
    log(couple.ana, "Ben", datetime(2025, 5, 2, 9), "Ben", "gratitude", shared=True)
    theirs = ledgers.partner_ledger(couple.ben_side)
    assert theirs is not None
    assert theirs.frame.select("by", "to", "kind").rows() == [
        ("Ana", "Ben", "support"),
        ("Ben", "Ana", "gratitude"),
    ]


def test_names_follow_each_sides_own_choice(couple: Couple) -> None:
    """Ben calls her "Annie": her entries read in his names, wherever they came from."""
    person = couple.ben_side.person
    person.name = "Annie"
    person.save()
    couple.ben_side.refresh_from_db()
    log(couple.ana, "Ben", datetime(2025, 5, 1, 9), "Ana", "support", shared=True)
    ledger = ledgers.visible_ledger(couple.ben_side)
    assert set(ledger.people) == {"Ben", "Annie"}
    assert ledger.frame["by"].to_list() == ["Annie"]


def test_a_shared_answer_to_a_private_entry_stays_out_and_a_dated_plan_loses_its_link(
    couple: Couple,
) -> None:
    ana = couple.ana
    log(ana, "Ben", datetime(2025, 5, 1, 9), "Ben", "need", shared=False, id="n1")
    log(ana, "Ben", datetime(2025, 5, 2, 9), "Ana", "met", shared=True, ref="n1")
    log(ana, "Ben", datetime(2025, 5, 3, 9), "Ana", "commitment", shared=False, id="c1")
    log(
        ana,
        "Ben",
        datetime(2025, 5, 4, 9),
        "Ana",
        "commitment",
        shared=True,
        id="c2",
        ref="c1",
        value="2025-05-20",
    )
    theirs = ledgers.partner_ledger(couple.ben_side)
    assert theirs is not None
    assert theirs.frame.select("kind", "id", "ref").rows() == [("commitment", "c2", "")]
    visible = ledgers.visible_ledger(couple.ben_side)
    assert visible.frame.select("kind", "id").rows() == [("commitment", f"{PARTNER_PREFIX}c2")]
    assert visible.skipped == ()  # the left-out answer is not Ben's to hear about


def test_not_linked_there_is_no_partner_and_the_ledger_is_your_own(couple: Couple) -> None:
    log(couple.ana, "Ben", datetime(2025, 5, 1, 9), "Ana", "support", shared=True)
    log(couple.ben, "Ana", datetime(2025, 5, 2, 9), "Ben", "support", shared=True)
    linking.unlink(couple.ben_side)
    couple.ben_side.refresh_from_db()
    assert ledgers.partner_ledger(couple.ben_side) is None
    assert ledgers.visible_ledger(couple.ben_side).frame.equals(
        store.relationship_ledger(couple.ben_side).frame
    )


def test_an_empty_side_reads_as_an_empty_ledger(couple: Couple) -> None:
    theirs = ledgers.partner_ledger(couple.ben_side)
    assert theirs is not None
    assert len(theirs) == 0
    assert len(ledgers.visible_ledger(couple.ben_side)) == 0
