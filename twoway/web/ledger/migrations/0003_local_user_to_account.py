"""The command line's hidden "local" user becomes a named account that can log in.

Before, every CLI command acted as a user called "local" that no one could log in
as, so what a person logged in the terminal never showed on the site. This moves
local's people (with their relationships, events and assessments) to the account
named by `TWOWAY_ACCOUNT`, else the computer's login name:

- no account by that name: "local" is renamed to it (it keeps no password until
  its owner sets one with `twoway serve --set-password`);
- an account by that name already (signed up on the site): local's people move
  to it, and "local" goes. Someone the account already has by the same name is
  not merged by guess: the terminal's ledger arrives as "Sam (terminal)".
"""

import os

from django.db import migrations
from django.db.models.functions import Lower


def move_local(apps, schema_editor):  # type: ignore[no-untyped-def]
    from twoway.web.ledger.acting import LOCAL_USER, default_account_name

    User = apps.get_model("auth", "User")
    Person = apps.get_model("ledger", "Person")
    Relationship = apps.get_model("ledger", "Relationship")
    local = User.objects.filter(username=LOCAL_USER).first()
    if local is None:
        return
    target = (os.environ.get("TWOWAY_ACCOUNT") or "").strip() or default_account_name()
    account = User.objects.filter(username__iexact=target).first()
    if account is None:
        local.username = target
        local.save(update_fields=["username"])
        return
    taken = set(
        Person.objects.filter(owner=account).annotate(k=Lower("name")).values_list("k", flat=True)
    )
    for person in Person.objects.filter(owner=local):
        name = f"{person.name} (terminal)" if person.name.casefold() in taken else person.name
        Person.objects.filter(pk=person.pk).update(owner=account, name=name)
        Relationship.objects.filter(person=person).update(owner=account)
    local.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0002_event_shared_relationship_linked"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(move_local, migrations.RunPython.noop)]
