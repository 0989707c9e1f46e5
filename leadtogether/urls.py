from django.contrib import admin
from django.urls import include, path

from leadtogether.accounts import views as account_views

urlpatterns = [
    path("", account_views.home, name="home"),
    # the sign-in pages (accounts/…) and the roles of a trajectory (t/<slug>/people/roles/…)
    path("", include("leadtogether.accounts.urls")),
    path("t/<slug:slug>/", include("leadtogether.trajectories.urls")),
    path("t/<slug:slug>/registry/", include("leadtogether.registry.urls")),
    path("t/<slug:slug>/reports/", include("leadtogether.analysis.urls")),
    path("t/<slug:slug>/surveys/", include("leadtogether.surveys.urls")),
    path("t/<slug:slug>/coding/", include("leadtogether.coding.urls")),
    path("s/", include("leadtogether.surveys.respond_urls")),
    path("admin/", admin.site.urls),
]
