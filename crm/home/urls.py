from django.urls import path

from crm.home import views

urlpatterns = [
    path("", views.home, name="home"),
    path("my-day/", views.my_day, name="my_day"),
    path("reports/", views.reports_home, name="reports_home"),
    path("organisation/", views.organization_overview, name="organization_overview"),
]
