"""Self-assessment answers on the kinder scale: 5 is now always the kinder answer.

Two questions were asked the other way round (5 meant "nearly always me" and "almost
always explaining"). They are now asked so that 5 is the kinder answer, under new keys
(`twoway.core.assessment.TURNED`). Each stored answer under an old key is moved to its
new key as 6 minus the answer, so it keeps its meaning; the score, which used to turn
those two answers round itself, comes out the same and is left as it is. Backwards, the
same the other way. The mapping is copied here, as a migration must not change later.
"""

from typing import Any

from django.db import migrations

#: Old key -> new key; an answer under one is 6 minus the answer under the other.
TURNED = {"hard_talks": "hard_talks_both", "explaining": "needs_met"}


def turned(answers: dict[str, Any], mapping: dict[str, str]) -> dict[str, Any]:
    """`answers` with each key of `mapping` moved to its value as 6 minus the answer."""
    out = dict(answers)
    for old, new in mapping.items():
        if old in out and new not in out and isinstance(out[old], int):
            out[new] = 6 - out.pop(old)
    return out


def _move(apps: Any, mapping: dict[str, str]) -> None:
    assessment = apps.get_model("ledger", "Assessment")
    for row in assessment.objects.all().only("pk", "answers").iterator():
        new = turned(row.answers, mapping)
        if new != row.answers:
            assessment.objects.filter(pk=row.pk).update(answers=new)


def forwards(apps: Any, schema_editor: Any) -> None:
    _move(apps, TURNED)


def backwards(apps: Any, schema_editor: Any) -> None:
    _move(apps, {new: old for old, new in TURNED.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0007_chat_export"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
