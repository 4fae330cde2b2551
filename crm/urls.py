from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from crm.api import api
from crm.core import views as core

admin.site.site_header = "Askel CRM"
admin.site.site_title = "Askel CRM"

urlpatterns = [
    path("", include("crm.home.urls")),
    path("", include("crm.employers.urls")),
    path("", include("crm.candidates.urls")),
    path("", include("crm.matching.urls")),
    path("", include("crm.placements.urls")),
    path("", include("crm.reports.urls")),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", core.set_language, name="set_language"),
    path("healthz", core.healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
