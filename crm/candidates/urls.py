from crm.candidates.views import consents, kykyviisari, notes, profile, records, rights

urlpatterns = [
    *records.urlpatterns,
    *profile.urlpatterns,
    *kykyviisari.urlpatterns,
    *consents.urlpatterns,
    *notes.urlpatterns,
    *rights.urlpatterns,
]
