from crm.reports.views import extract, outcomes, reviews

urlpatterns = [
    *outcomes.urlpatterns,
    *reviews.urlpatterns,
    *extract.urlpatterns,
]
