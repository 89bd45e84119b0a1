"""URLs of the practices: gratitude wall, "I statements", role reversal."""

from django.urls import path

from twoway.web.practices import gratitude, i_statements, role_reversal

urlpatterns = [
    path("people/<int:pk>/gratitude/", gratitude.gratitude, name="gratitude"),
    path("people/<int:pk>/i-statements/", i_statements.i_statements, name="i_statements"),
    path(
        "people/<int:pk>/i-statements/<int:statement_pk>/delete/",
        i_statements.i_statement_delete,
        name="i_statement_delete",
    ),
    path("people/<int:pk>/role-reversal/", role_reversal.role_reversal, name="role_reversal"),
    path(
        "people/<int:pk>/role-reversal/<int:exercise_pk>/",
        role_reversal.role_reversal_detail,
        name="role_reversal_detail",
    ),
]
