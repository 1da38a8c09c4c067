"""The search page: ``/search/?q=…``, what the user may see of every register."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import render
from django.utils import formats
from django.utils.translation import gettext as _
from django.views import View

from search import selectors
from search.terms import MAX_LENGTH, MIN_LENGTH, problem


class SearchView(LoginRequiredMixin, View):
    def get(self, request):
        text = request.GET.get("q", "")
        why = problem(text)
        context = {"search_query": " ".join(text.split())[:MAX_LENGTH], "results": None}
        if why == "long":
            context["message"] = _(
                "The search text is too long: at most %(max)d characters. Shorten it and search "
                "again."
            ) % {"max": MAX_LENGTH}
        elif why == "short":
            context["message"] = _("Type at least %(min)d characters to search for.") % {
                "min": MIN_LENGTH
            }
        elif why == "":
            results = selectors.search(request.user, text)
            context["results"] = results
            context["found"] = [kind for kind in results if kind.total]
            context["not_found"] = [kind for kind in results if not kind.total]
            context["total"] = sum(kind.total for kind in results)
            context["capped"] = any(kind.capped for kind in results)
            context["count_cap"] = formats.number_format(selectors.COUNT_CAP, force_grouping=True)
        return render(request, "search/search.html", context)
