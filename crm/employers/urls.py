from django.urls import path

from crm.employers.views import contacts, employers, follow_ups, imports, openings

urlpatterns = [
    path("employers/", employers.employer_list, name="employer_list"),
    path("employers/new/", employers.employer_create, name="employer_create"),
    path("employers/export/", imports.employer_export, name="employer_export"),
    path("employers/import/", imports.employer_import, name="employer_import"),
    path("employers/<int:pk>/", employers.employer_detail, name="employer_detail"),
    path("employers/<int:pk>/edit/", employers.employer_edit, name="employer_edit"),
    path("employers/<int:pk>/archive/", employers.employer_archive, name="employer_archive"),
    path("employers/<int:pk>/restore/", employers.employer_restore, name="employer_restore"),
    path(
        "employers/<int:pk>/stage/", employers.employer_stage_update, name="employer_stage_update"
    ),
    path(
        "employers/<int:pk>/people/new/",
        contacts.contact_person_create,
        name="contact_person_create",
    ),
    path("people/<int:pk>/edit/", contacts.contact_person_edit, name="contact_person_edit"),
    path("employers/<int:pk>/log-contact/", contacts.contact_create, name="contact_create"),
    path("log-contact/", contacts.contact_create, name="contact_create_any"),
    path("contact-log/", contacts.contact_log_list, name="contact_log"),
    path("employers/<int:pk>/openings/new/", openings.opening_create, name="opening_create"),
    path("employers/<int:pk>/tailoring/new/", openings.tailoring_create, name="tailoring_create"),
    path("openings/", openings.opening_list, name="opening_list"),
    path("openings/<int:pk>/", openings.opening_detail, name="opening_detail"),
    path("openings/<int:pk>/edit/", openings.opening_edit, name="opening_edit"),
    path("pipeline/", employers.pipeline_board, name="pipeline_board"),
    path("follow-ups/<int:pk>/done/", follow_ups.follow_up_done, name="follow_up_done"),
    path("follow-ups/<int:pk>/reopen/", follow_ups.follow_up_reopen, name="follow_up_reopen"),
    path(
        "follow-ups/<int:pk>/reschedule/",
        follow_ups.follow_up_reschedule,
        name="follow_up_reschedule",
    ),
]
