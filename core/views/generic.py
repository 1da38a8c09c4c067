"""Declarative object views (after NetBox's generic views): a view names its queryset, its
FilterSet and table or form, and inherits the rest. Every object is fetched through the
permission gate; an object outside the user's scope is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from core import kept_input, submissions
from core.history import history_rows
from core.models import whole_name
from core.permissions import Action, can, can_add
from core.versions import STALE_CODE, check_version, version_of


def url_name(model, suffix: str, model_name: str | None = None) -> str:
    """'audits:audit_list' for Audit and 'list' (the URL naming of DESIGN.md).

    ``model_name`` replaces the model's own name where the URLs use a shorter one
    ('suppliers:agreement_list' for FrameworkAgreement).
    """
    return f"{model._meta.app_label}:{model_name or model._meta.model_name}_{suffix}"


def existing_url_name(model, suffix: str, model_name: str | None = None) -> str | None:
    """The URL name for this model and suffix if the app defines it, else None (no button)."""
    name = url_name(model, suffix, model_name)
    try:
        reverse(name, kwargs={"pk": 0} if suffix in ("detail", "edit", "delete") else None)
    except NoReverseMatch:
        return None
    return name


def return_to(request, default: str) -> str:
    """Where a step sends the user when it is done or cancelled: the page it was opened from
    (``?next=``, e.g. a work queue) when that is an address of this site, else ``default``."""
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


class GatedViewMixin(LoginRequiredMixin):
    """The queryset of the view, as far as the gate lets the user reach for ``action``."""

    queryset = None
    action = Action.VIEW
    url_model_name = None  # the name in the URL names, where it is not the model's

    @property
    def model(self):
        return self.queryset.model

    def url_name(self, suffix: str) -> str:
        return url_name(self.model, suffix, self.url_model_name)

    def existing_url_name(self, suffix: str) -> str | None:
        return existing_url_name(self.model, suffix, self.url_model_name)

    def get_queryset(self):
        return self.queryset.for_user(self.request.user, self.action)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["model_meta"] = self.model._meta
        context["add_url_name"] = self.existing_url_name("add")
        context["can_add"] = bool(context["add_url_name"]) and can_add(
            self.request.user, self.model
        )
        context["list_url_name"] = self.url_name("list")
        return context


class SendOnceMixin:
    """A create form is sent once (core.submissions): the form carries a token in a hidden
    field (``form.form_token``, rendered by generic/_form.html); a second sending of it makes
    nothing and goes where the first one's object is, with a message saying so.

    A model form of a new object has its token already (core.forms); a view gives one to
    another form with ``give_token(form)``. It calls ``already_sent()`` first thing on a POST,
    and makes its object with ``save_once(save)`` inside its transaction.
    """

    def posted_token(self):
        return submissions.token_from(self.request.POST if self.request.method == "POST" else None)

    def give_token(self, form):
        # A form sent back with errors keeps its token: nothing was made with it.
        form.form_token = str(self.posted_token() or submissions.new_token())
        return form

    def sent_before(self, url: str):
        messages.info(self.request, _("This form has already been sent."))
        return HttpResponseRedirect(url or self.request.path)

    def already_sent(self):
        """The answer to a sending of a form that was sent before, or None."""
        token = self.posted_token()
        if token is None:
            return None
        url = submissions.sent_url(user=self.request.user, token=token)
        return None if url is None else self.sent_before(url)

    def save_once(self, save, url_of=None):
        """``save()``, unless the form's token was taken meanwhile (AlreadySent). Call it
        inside the transaction that makes the object; ``url_of(obj)`` is where a second
        sending goes (the object's own page by default)."""
        token = self.posted_token()
        if token is None:
            return save()
        submission = submissions.claim(user=self.request.user, token=token)
        obj = save()
        submissions.land(submission, url_of(obj) if url_of else obj.get_absolute_url())
        return obj


class SaveFormMixin(SendOnceMixin):
    """Saving a sent form, the same for every page that adds or changes a record.

    A change: the row is locked (``lock(obj)``, in the service's order) and read again, the form
    is checked against what is stored now, and the version the form was opened on (a hidden
    field, core/versions.py) must still be the row's: else the form comes back with who changed
    what, now carrying the stored version. A new record is made once (SendOnceMixin). The view
    provides ``lock(obj)``, ``save(form)`` and, where it is not the object's page,
    ``success_url(obj)``.
    """

    # The version the form was opened on, sent back in a hidden field (core/versions.py).
    VERSION_FIELD = "record_version"
    posted_version = ""

    def record_version(self, obj) -> str:
        """The version an edit form carries: the one it was sent with (also when given back
        after a login, core/kept_input.py: a change made meanwhile is then reported, not
        overwritten), else the stored one."""
        kept = kept_input.restored.get()
        return (
            self.posted_version
            or (kept.get(self.VERSION_FIELD, "") if kept is not None else "")
            or version_of(obj)
        )

    def success_url(self, obj) -> str:
        return obj.get_absolute_url()

    def save_sent_form(self, obj, make_form, render_invalid):
        """The answer to a sent form: ``make_form(obj)`` builds it from the request's data,
        ``render_invalid(obj, form)`` shows it again with its errors."""
        form = None
        self.posted_version = self.request.POST.get(self.VERSION_FIELD, "")
        try:
            with transaction.atomic():
                if obj.pk:
                    obj = self.lock(obj)
                form = make_form(obj)
                if not form.is_valid():
                    return render_invalid(obj, form)
                if obj.pk:
                    check_version(obj, self.posted_version)
                    obj = self.save(form)
                else:
                    obj = self.save_once(lambda: self.save(form), self.success_url)
        except submissions.AlreadySent as sent:
            return self.sent_before(sent.url)
        except ValidationError as error:
            if form is None:
                raise
            add_service_errors(form, error)
            if error_code(error) == STALE_CODE:
                # The form now carries the stored version: saving again is a choice made
                # knowing what changed.
                self.posted_version = ""
            return render_invalid(obj, form)
        messages.success(self.request, _("%(object)s was saved.") % {"object": whole_name(obj)})
        return HttpResponseRedirect(self.success_url(obj))


class ObjectListView(GatedViewMixin, SingleTableMixin, FilterView):
    """A filterable, sortable, paginated table. HTMX requests get the table alone.

    Where the app has ``<model>_export`` and ``<model>_import`` pages, the list offers them: the
    export with the page's filters.
    """

    filterset_class = None  # a core.filtersets.PortalFilterSet
    table_class = None
    template_name = "generic/object_list.html"
    table_pagination = {"per_page": 25}
    strict = False

    def get_template_names(self):
        if is_htmx(self.request):
            return ["generic/_table.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        for name in ("page", "sort", "format"):
            query.pop(name, None)
        context["export_url_name"] = self.existing_url_name("export")
        context["export_query"] = query.urlencode()
        import_url_name = self.existing_url_name("import")
        # An import adds rows, so it is offered to whoever may add them, add page or not.
        may_import = import_url_name and can_add(self.request.user, self.model)
        context["import_url_name"] = import_url_name if may_import else None
        return context


class ObjectDetailView(GatedViewMixin, View):
    """One object, with what the user may do with it."""

    template_name = None

    def get_template_names(self):
        meta = self.model._meta
        return [self.template_name or f"{meta.app_label}/{meta.model_name}_detail.html"]

    def get_extra_context(self, obj) -> dict:
        return {}

    def get_history(self, obj, context) -> list | None:
        """The history the page shows (core.history), None where it shows none."""
        return history_rows(obj, self.request.user)

    def get(self, request, pk):
        obj = get_object_or_404(self.get_queryset(), pk=pk)
        context = {
            "object": obj,
            "model_meta": self.model._meta,
            "edit_url_name": self.existing_url_name("edit"),
            "delete_url_name": self.existing_url_name("delete"),
            "list_url_name": self.url_name("list"),
            **self.get_extra_context(obj),
        }
        # What the gate allows; the generic template shows a button only where a page exists.
        context.setdefault("can_change", can(request.user, obj, Action.CHANGE))
        context.setdefault("can_delete", can(request.user, obj, Action.DELETE))
        context["history_rows"] = self.get_history(obj, context)
        return render(request, self.get_template_names(), context)


class ObjectEditView(SaveFormMixin, GatedViewMixin, View):
    """Create (no pk) or change (pk) one object through a form and a service. A create form is
    sent once (SendOnceMixin)."""

    form_class = None
    template_name = "generic/object_edit.html"
    action = Action.CHANGE

    def get_object(self, pk):
        if pk is None:
            if not can_add(self.request.user, self.model):
                raise PermissionDenied
            return self.model()
        return get_object_or_404(self.get_queryset(), pk=pk)

    def get_form(self, obj, data=None, files=None):
        return self.form_class(data=data, files=files, instance=obj, user=self.request.user)

    def save(self, form):
        """Save the form. Views with workflow rules override this to call their service."""
        obj = form.save(commit=False)
        obj._history_user = self.request.user
        obj.save()
        form.save_m2m()
        return obj

    def form_context(self, obj, form) -> dict:
        """The edit page's context. Views with a page of their own extend this (``super()``)
        rather than build one: the hidden version must be on every edit form."""
        return {
            "object": obj,
            "form": form,
            "model_meta": self.model._meta,
            "cancel_url": self.cancel_url(obj),
            "record_version": self.record_version(obj),
        }

    def cancel_url(self, obj) -> str:
        return obj.get_absolute_url() if obj.pk else reverse(self.url_name("list"))

    def render_form(self, request, obj, form, status=200):
        return render(request, self.template_name, self.form_context(obj, form), status=status)

    def get(self, request, pk=None):
        obj = self.get_object(pk)
        return self.render_form(request, obj, self.get_form(obj))

    def lock(self, obj):
        """Lock the row being changed (views whose service locks more override this to lock
        in the service's order) and read it again: the form is checked against what is stored
        now, not what was read before another edit committed. A row deleted since the page
        read it is a 404."""
        return locked_or_404(obj)

    def post(self, request, pk=None):
        obj = self.get_object(pk)
        if obj.pk is None and (sent := self.already_sent()):
            return sent
        return self.save_sent_form(
            obj,
            lambda obj: self.get_form(obj, data=request.POST, files=request.FILES),
            lambda obj, form: self.render_form(request, obj, form, status=400),
        )


class ObjectDeleteView(GatedViewMixin, View):
    """Ask, then delete. A view whose deletion goes through its app's service overrides
    ``delete(obj)``; ``refusal(obj)`` may say before asking why it cannot be deleted. Rows that
    others depend on, or that the service refuses, are kept, with a message why."""

    template_name = "generic/object_delete.html"
    action = Action.DELETE

    def refusal(self, obj) -> str | None:
        return None

    def delete(self, obj) -> None:
        obj._history_user = self.request.user
        obj.delete()

    def success_url(self, obj) -> str:
        return reverse(self.url_name("list"))

    def lock(self, obj) -> None:
        """Hold the row until it is deleted (a view whose service locks a parent first
        overrides this to lock in the service's order); deleted meanwhile: a 404."""
        locked_or_404(obj)

    def get(self, request, pk):
        obj = get_object_or_404(self.get_queryset(), pk=pk)
        refusal = self.refusal(obj)
        if refusal:
            messages.error(request, refusal)
            return HttpResponseRedirect(obj.get_absolute_url())
        return render(
            request,
            self.template_name,
            {"object": obj, "model_meta": self.model._meta, "cancel_url": obj.get_absolute_url()},
        )

    def post(self, request, pk):
        obj = get_object_or_404(self.get_queryset(), pk=pk)
        label, back, success = whole_name(obj), obj.get_absolute_url(), self.success_url(obj)
        try:
            with transaction.atomic():
                self.lock(obj)
                self.delete(obj)
        except ProtectedError:
            messages.error(
                request,
                _("%(object)s cannot be deleted: other records refer to it.") % {"object": label},
            )
            return HttpResponseRedirect(back)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(back)
        messages.success(request, _("%(object)s was deleted.") % {"object": label})
        return HttpResponseRedirect(success)


class ChildViewMixin(SaveFormMixin, LoginRequiredMixin):
    """A row shown on its parent's page (an analysis's identified risks, a supplier's aliases):
    added under its parent (the URL's pk is the parent's), changed and deleted on pages of its
    own, and back to the parent's page after. Both are fetched through the gate for change: a
    parent or row the user may not change is a 404.
    """

    parent_queryset = None  # the parents
    queryset = None  # the rows
    parent_field = ""  # the row's reference to its parent
    form_class = None
    template_name = "generic/child_edit.html"

    @property
    def model(self):
        return self.queryset.model

    def get_parent(self, pk):
        return get_object_or_404(
            self.parent_queryset.for_user(self.request.user, Action.CHANGE), pk=pk
        )

    def get_row(self, pk):
        return get_object_or_404(self.queryset.for_user(self.request.user, Action.CHANGE), pk=pk)

    def parent_of(self, row):
        return getattr(row, self.parent_field)

    def get_form(self, row, data=None):
        return self.form_class(data=data, instance=row, user=self.request.user)

    def save(self, form):
        """Save through the app's service; a refusal is a ValidationError."""
        raise NotImplementedError

    def lock(self, row):
        """Lock the parent, then the row (the services' order), and read the row again."""
        parent_model = type(row)._meta.get_field(self.parent_field).related_model
        parent_model._default_manager.select_for_update().filter(
            pk=getattr(row, f"{self.parent_field}_id")
        ).first()
        return locked_or_404(row)

    def render_form(self, row, form, status=200):
        parent = self.parent_of(row)
        context = {
            "object": row,
            "parent": parent,
            "parent_meta": parent._meta,
            "parent_list_url_name": existing_url_name(type(parent), "list"),
            "form": form,
            "model_meta": self.model._meta,
            "cancel_url": row.get_absolute_url() if row.pk else parent.get_absolute_url(),
            "record_version": self.record_version(row),
        }
        return render(self.request, self.template_name, context, status=status)

    def handle(self, row, data):
        return self.save_sent_form(
            row,
            lambda row: self.get_form(row, data=data),
            lambda row, form: self.render_form(row, form, status=400),
        )


class ChildAddView(ChildViewMixin, View):
    def new_row(self, parent):
        return self.model(**{self.parent_field: parent})

    def get(self, request, pk):
        row = self.new_row(self.get_parent(pk))
        return self.render_form(row, self.get_form(row))

    def post(self, request, pk):
        row = self.new_row(self.get_parent(pk))
        return self.already_sent() or self.handle(row, request.POST)


class ChildEditView(ChildViewMixin, View):
    def get(self, request, pk):
        row = self.get_row(pk)
        return self.render_form(row, self.get_form(row))

    def post(self, request, pk):
        return self.handle(self.get_row(pk), request.POST)


class ChildDeleteView(ChildViewMixin, View):
    template_name = "generic/object_delete.html"

    def delete(self, row) -> None:
        raise NotImplementedError

    def get(self, request, pk):
        row = self.get_row(pk)
        context = {
            "object": row,
            "model_meta": self.model._meta,
            "cancel_url": row.get_absolute_url(),
        }
        return render(request, self.template_name, context)

    def post(self, request, pk):
        row = self.get_row(pk)
        parent, label = self.parent_of(row), whole_name(row)
        try:
            with transaction.atomic():
                locked_or_404(row)
                self.delete(row)
        except (ValidationError, ProtectedError) as error:
            text = (
                " ".join(error.messages)
                if isinstance(error, ValidationError)
                else _("%(object)s cannot be deleted: other records refer to it.")
                % {"object": label}
            )
            messages.error(request, text)
            return HttpResponseRedirect(row.get_absolute_url())
        messages.success(request, _("%(object)s was deleted.") % {"object": label})
        return HttpResponseRedirect(parent.get_absolute_url())


def error_code(error: ValidationError) -> str | None:
    """The code of a refusal with one message (None for several or none)."""
    if hasattr(error, "error_dict"):
        codes = {e.code for errors in error.error_dict.values() for e in errors}
    else:
        codes = {e.code for e in error.error_list}
    return next(iter(codes)) if len(codes) == 1 else None


def locked_or_404(obj):
    """The object's row, locked until the change commits and read again; a row deleted since
    the page read it is a 404, not a 500 nor the deleted row saved again."""
    locked = type(obj)._default_manager.select_for_update().filter(pk=obj.pk).first()
    if locked is None:
        raise Http404(_("The record was deleted meanwhile."))
    return locked


def add_service_errors(form, error: ValidationError) -> None:
    """Put a service's refusal on the form: next to its field where it names one.

    A form whose fields are named otherwise than the service's arguments maps them in
    ``service_error_fields`` ({"occurred_on": "when"}).
    """
    if hasattr(error, "error_dict"):
        aliases = getattr(form, "service_error_fields", {})
        for field, errors in error.error_dict.items():
            field = aliases.get(field, field)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
