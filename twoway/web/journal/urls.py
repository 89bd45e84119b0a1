"""URLs of the journal: people, the log form, the journal and its entries."""

from django.urls import path

from twoway.web.journal import entry_views, journal_views, log_form, moment_views, people

urlpatterns = [
    path("people/", people.people, name="people"),
    path("people/new/", people.person_new, name="person_new"),
    path("people/<int:pk>/", people.person, name="person"),
    path("people/<int:pk>/delete/", people.person_delete, name="person_delete"),
    path("people/<int:pk>/moments/", moment_views.moments, name="moments"),
    path("people/<int:pk>/moments/accept/", moment_views.moments_accept, name="moments_accept"),
    path("events/<int:pk>/review/", moment_views.moment_review, name="moment_review"),
    path("log/", log_form.log, name="log"),
    path("journal/", journal_views.journal, name="journal"),
    path("events/<int:pk>/edit/", entry_views.event_edit, name="event_edit"),
    path("events/<int:pk>/delete/", entry_views.event_delete, name="event_delete"),
]
