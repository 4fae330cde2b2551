from django.urls import path

from crm.placements.views import check_ins, placements, support

urlpatterns = [
    path("placements/", placements.placement_list, name="placement_list"),
    path("placements/competitive/", placements.competitive_hint, name="placement_competitive_hint"),
    path("placements/<int:pk>/", placements.placement_detail, name="placement_detail"),
    path("placements/<int:pk>/edit/", placements.placement_edit, name="placement_edit"),
    path("placements/<int:pk>/end/", placements.placement_end, name="placement_end"),
    path("placements/<int:pk>/plan/", support.plan_update, name="placement_plan"),
    path(
        "placements/<int:pk>/support-contacts/",
        support.support_contact_add,
        name="support_contact_add",
    ),
    path("placements/<int:pk>/check-ins/", check_ins.check_in_add, name="check_in_add"),
    path(
        "job-seekers/<int:pk>/jobs/", placements.candidate_placements, name="candidate_placements"
    ),
    path("job-seekers/<int:pk>/jobs/new/", placements.placement_create, name="placement_create"),
    path(
        "job-seekers/<int:pk>/jobs/new/employers/",
        placements.employer_picker,
        name="placement_employer_picker",
    ),
]
