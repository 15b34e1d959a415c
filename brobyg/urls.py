from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("konto/", include("accounts.urls")),
    path("konto/passkey/", include("accounts.urls_passkeys")),
    path("register/", include("registry.urls")),
    path("kortlaegning/", include("mapping.urls")),
    path("forloeb/", include("pathways.urls")),
    path("rammeaftaler/", include("agreements.urls")),
    path("rapporter/", include("reports.urls")),
    path("resultatkontrakter/", include("contracts.urls")),
    path("partnerskaber/", include("partnerships.urls")),
    path("accelerator/", include("accelerator.urls")),
    path("arrangementer/", include("events.urls")),
    path("udbud/", include("market.urls")),
    path("strategi/", include("plans.urls")),
    path("revision/", include("audit.urls")),
    path("api/", include("brobyg.api_urls")),
    path("", include("home.urls")),
    path("", include("core.urls")),
]
