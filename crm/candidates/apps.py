from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CandidatesConfig(AppConfig):
    name = "crm.candidates"
    label = "candidates"
    verbose_name = _("Job seekers")

    def ready(self) -> None:
        """The rules about people that employers' contact log follows (crm/employers/people.py);
        answers kept to replay a repeated submission are forgotten when a person is erased."""
        from crm.candidates import lifecycle
        from crm.candidates.people import JobSeekerPolicy
        from crm.core import idempotency
        from crm.employers import people

        people.register(JobSeekerPolicy())
        lifecycle.register_erase(idempotency.forget_answers_after_erasure)
