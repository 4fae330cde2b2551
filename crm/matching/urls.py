from crm.matching.views import matches, proposals, weights

urlpatterns = [*matches.urlpatterns, *proposals.urlpatterns, *weights.urlpatterns]
