"""How other registers' files name a category: by its path in the tree."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.resources import LookupWidget, lookup_widget
from riskanalysis.models import PATH_SEPARATOR, Category


def _normalise(path: str) -> str:
    return PATH_SEPARATOR.join(part.strip().lower() for part in path.split("/") if part.strip())


@lookup_widget(Category)
class CategoryWidget(LookupWidget):
    """'Vårdrelaterad utrustning / Sårvård' → that category; any case, spaces around '/' free."""

    help = gettext_lazy("Path in the category tree, parent / child.")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._paths = None

    def _tree(self):
        if self._paths is None:  # the tree is small: read it once per file
            categories = {c.pk: c for c in Category.objects.all()}
            for category in categories.values():
                category.parent = categories.get(category.parent_id)
            self._paths = {_normalise(c.path): c for c in categories.values()}
            self._path_of = {c.pk: c.path for c in categories.values()}
        return self._paths

    def find(self, key):
        found = self._tree().get(_normalise(key))
        if found is None:
            raise ValueError(
                _(
                    "No category has the path “%(path)s”; write it as in the category tree, "
                    "parent / child."
                )
                % {"path": key}
            )
        return found

    def key_of(self, obj):
        self._tree()
        return self._path_of.get(obj.pk) or obj.path
