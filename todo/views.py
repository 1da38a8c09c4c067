"""Att göra: the user's work queues."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import render
from django.utils import timezone
from django.views import View

from reminders.selectors import recent
from todo import selectors


class TodoView(LoginRequiredMixin, View):
    """One section per queue of the user's roles, each with its count and its rows' actions."""

    def get(self, request):
        context = selectors.todo_page(request.user, today=timezone.localdate())
        # The menu shows the counts just made, not the cached ones (todo.context_processors).
        request.todo_counts = {s.queue.key: s.count for s in context["sections"]}
        context["next"] = request.get_full_path()
        context["reminders"] = recent(request.user, context["today"])
        return render(request, "todo/todo.html", context)
