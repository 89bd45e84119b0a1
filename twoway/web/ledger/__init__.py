"""The ledger app: the store's tables (people, relationships, events, assessments).

The CLI reaches them through `twoway.web.ledger.store`; the web app will use the
same models, so there is one schema and one set of migrations.
"""
