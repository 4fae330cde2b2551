"""Contact persons and the contact log (one short form that works on a phone)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from crm.accounts.permissions import permission_required
from crm.core.forms import add_service_errors
from crm.employers import access
from crm.employers.filters import ContactLogFilter
from crm.employers.forms.contacts import ContactLogForm, ContactPersonForm
from crm.employers.models import Employer, EmployerContact
from crm.employers.selectors import common as common_selectors
from crm.employers.selectors import contacts as contact_selectors
from crm.employers.selectors import employers as employer_selectors
from crm.employers.services.contacts import (
    add_contact_person,
    log_employer_contact,
    update_contact_person,
)

PERSON_FIELDS = ContactPersonForm.Meta.fields


@permission_required("employers.add_contactperson")
def contact_person_create(request: HttpRequest, pk: int) -> HttpResponse:
    employer = employer_selectors.employer_get(user=request.user, pk=pk)
    form = ContactPersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in PERSON_FIELDS}
        try:
            person = add_contact_person(employer=employer, by=request.user, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s added.") % {"name": person.name})
            return redirect("employer_detail", pk=employer.pk)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "employers/contact_person_form.html",
        {"form": form, "employer": employer},
        status=status,
    )


@permission_required("employers.change_contactperson")
def contact_person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = contact_selectors.contact_person_get(user=request.user, pk=pk)
    form = ContactPersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in PERSON_FIELDS}
        person.refresh_from_db()  # the bound ModelForm already wrote into the instance
        try:
            update_contact_person(person=person, by=request.user, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("employer_detail", pk=person.employer_id)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "employers/contact_person_form.html",
        {"form": form, "employer": person.employer, "person": person},
        status=status,
    )


def _chosen_employer(request: HttpRequest, pk: int | None) -> Employer | None:
    chosen = pk or request.POST.get("employer") or request.GET.get("employer")
    if not chosen:
        return None
    try:
        return employer_selectors.employer_get(user=request.user, pk=int(chosen))
    except ValueError:
        return None


def _candidate_id(request: HttpRequest) -> int | None:
    return common_selectors.parse_id(request.GET.get("candidate"))


def _after_logging(
    request: HttpRequest, contact: EmployerContact, *, from_employer: bool
) -> HttpResponse:
    """Back where the coach came from: the employer, the job seeker, or My day."""
    if from_employer:
        return redirect("employer_detail", pk=contact.employer_id)
    candidate = _candidate_id(request)
    if candidate is not None and any(s.pk == candidate for s in contact.candidates.all()):
        return redirect("candidate_detail", pk=candidate)
    return redirect("my_day")


def _contact_form(request: HttpRequest, employer: Employer | None) -> ContactLogForm:
    """The contact form; coaches get their caseload to name whom the contact was for, with
    `?candidate=<id>` (arriving from a job seeker's page) ticked."""
    initial: dict = {"employer": employer.pk} if employer else {}
    job_seekers = None
    if access.can_name_people(request.user):
        candidate = _candidate_id(request)
        job_seekers = contact_selectors.nameable_job_seekers(user=request.user, include=candidate)
        if candidate is not None and job_seekers.filter(pk=candidate).exists():
            initial["candidates"] = [candidate]
    return ContactLogForm(
        request.POST or None, employer=employer, job_seekers=job_seekers, initial=initial
    )


@permission_required("employers.add_employercontact")
def contact_create(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Log a contact from an employer page (pk), from My day or from a job seeker's page (the
    employer is picked)."""
    employer = _chosen_employer(request, pk)
    form = _contact_form(request, employer)
    if request.method == "POST" and form.is_valid():
        if employer is None:
            form.add_error(None, _("Choose the employer first."))
        else:
            data = dict(form.cleaned_data)
            data.pop("employer")
            try:
                contact = log_employer_contact(employer=employer, by=request.user, **data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Contact with %(name)s logged.") % {"name": employer})
                return _after_logging(request, contact, from_employer=pk is not None)
    status = 422 if request.method == "POST" else 200
    context = {
        "form": form,
        "employer": employer,
        "from_employer": pk is not None,
        "candidate": _candidate_id(request),
    }
    return render(request, "employers/contact_form.html", context, status=status)


@permission_required("employers.view_employercontact")
def contact_log_list(request: HttpRequest) -> HttpResponse:
    contacts = contact_selectors.contact_log(user=request.user, filters=request.GET)
    page = Paginator(contacts, 50).get_page(request.GET.get("page"))
    page.object_list = access.show_job_seekers(page.object_list, user=request.user)
    filterset = ContactLogFilter(request.GET, queryset=EmployerContact.objects.none())
    query = request.GET.copy()
    query.pop("page", None)
    context = {"page": page, "filter_form": filterset.form, "query": query.urlencode()}
    return render(request, "employers/contact_log.html", context)
