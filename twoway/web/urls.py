"""Every URL of the site, by app. Each app's views check who may see what themselves."""

from django.urls import include, path

from twoway.web.site import app
from twoway.web.site import views as site

urlpatterns = [
    # First: the API is what is asked most often (a phone, a script), and Django tries
    # the patterns in order, every app's "" prefix included.
    path("api/", include("twoway.web.api.urls")),
    path("", site.home, name="home"),
    path("manifest.webmanifest", app.manifest, name="manifest"),
    path("sw.js", app.service_worker, name="service_worker"),
    path("account/", include("twoway.web.accounts.urls")),
    path("", include("twoway.web.journal.urls")),
    path("", include("twoway.web.reports.urls")),
    path("import/", include("twoway.web.imports.urls")),
    path("", include("twoway.web.together.urls")),
    path("", include("twoway.web.together.gap_urls")),
    path("", include("twoway.web.rituals.urls")),
    path("", include("twoway.web.practices.urls")),
]

handler400 = "twoway.web.site.views.bad_request"
handler403 = "twoway.web.site.views.forbidden"
handler404 = "twoway.web.site.views.not_found"
handler500 = "twoway.web.site.views.server_error"
