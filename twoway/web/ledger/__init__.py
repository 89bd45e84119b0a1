"""The ledger app: the store's tables (people, relationships, events, assessments).

The CLI reaches them through `twoway.web.ledger.store`; the web app will use the
same models, so there is one schema and one set of migrations.

Nothing here imports the models, so the CLI can read these names before
Django is set up.
"""

#: The kinds of relationship, in the order they are offered.
RELATIONSHIP_KINDS = ("partner", "friend", "family", "other")
