from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CandidatesConfig(AppConfig):
    name = "crm.candidates"
    label = "candidates"
    verbose_name = _("Job seekers")

    def ready(self) -> None:
        """The rules about people that employers' contact log follows (crm/employers/people.py)."""
        from crm.candidates.people import JobSeekerPolicy
        from crm.employers import people

        people.register(JobSeekerPolicy())
