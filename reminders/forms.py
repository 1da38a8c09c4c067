from django import forms
from django.utils.translation import gettext_lazy as _

from reminders.models import ReminderPreference


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = ReminderPreference
        fields = ["frequency", "language"]
        widgets = {
            "frequency": forms.Select(attrs={"class": "form-select"}),
            "language": forms.Select(attrs={"class": "form-select"}),
        }
        help_texts = {
            "frequency": _("A weekly digest holds the reminders of the whole week."),
        }
