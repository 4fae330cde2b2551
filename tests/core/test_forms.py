from django import forms

from crm.core.forms import edit_conflict


class ScheduleForm(forms.Form):
    version = forms.IntegerField()
    schedules = forms.MultipleChoiceField(choices=[("day", "Päivä"), ("night", "Yö")])


def test_an_edit_conflict_shows_choice_labels_not_codes():
    form = ScheduleForm({"version": 1, "schedules": ["day"]})
    assert form.is_valid()
    conflict = edit_conflict(form, saved={"schedules": ["night", "day"]}, current_version=2)
    assert conflict["rows"] == [{"label": "Schedules", "mine": "Päivä", "theirs": "Yö, Päivä"}]
    assert form.data["version"] == 2
