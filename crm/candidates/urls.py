from crm.candidates.views import profile, progress, records, rights

urlpatterns = [
    *records.urlpatterns,
    *profile.urlpatterns,
    *progress.urlpatterns,
    *rights.urlpatterns,
]
