"""How other registers' files name an organisation: by its code (``SE-T``)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.resources import LookupWidget, lookup_widget
from organisations.models import Organisation


@lookup_widget(Organisation)
class OrganisationWidget(LookupWidget):
    """``SE-T`` → Region Örebro län; the code in any case."""

    help = gettext_lazy("The organisation's code, such as SE-T.")

    def find(self, key):
        found = Organisation.objects.filter(code__iexact=key).first()
        if found is None:
            raise ValueError(_("No organisation has the code “%(code)s”.") % {"code": key})
        return found

    def key_of(self, obj):
        return obj.code
