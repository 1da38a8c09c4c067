"""The secretariat's register of identity providers: one per organisation, SAML 2.0 or OIDC.
Only the secretariat sees these pages (403 for anyone else)."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from core.views.accessibility import SecretariatOnlyMixin
from core.views.generic import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView
from identity import provider_services, selectors
from identity.choices import Protocol
from identity.filtersets import IdentityProviderFilterSet
from identity.forms import IdentityProviderForm
from identity.models import IdentityProvider
from identity.tables import IdentityProviderTable


class ProviderViewMixin(SecretariatOnlyMixin):
    url_model_name = "provider"  # identity:provider_list, not identityprovider_list


class IdentityProviderListView(ProviderViewMixin, ObjectListView):
    queryset = selectors.provider_list_queryset()
    filterset_class = IdentityProviderFilterSet
    table_class = IdentityProviderTable


def _absolute(request, name: str, pk: int) -> str:
    """The absolute address of the portal's page ``name`` for this IdP; "" while the page does
    not exist (the SAML and OIDC views are built separately: the name may not be there yet)."""
    try:
        return request.build_absolute_uri(reverse(name, kwargs={"pk": pk}))
    except NoReverseMatch:
        return ""


def service_provider_values(request, provider) -> dict:
    """What the IdP's administrators need of the portal: for SAML its metadata URL (which is
    also its entity id) and assertion consumer service; for OIDC the redirect URI."""
    if provider.protocol == Protocol.SAML:
        metadata = _absolute(request, "identity:saml_metadata", provider.pk)
        return {
            "sp_entity_id": metadata,
            "sp_metadata_url": metadata,
            "sp_acs_url": _absolute(request, "identity:saml_acs", provider.pk),
            "sp_sls_url": _absolute(request, "identity:saml_sls", provider.pk),
        }
    return {"oidc_redirect_uri": _absolute(request, "identity:oidc_callback", provider.pk)}


class IdentityProviderDetailView(ProviderViewMixin, ObjectDetailView):
    queryset = selectors.provider_list_queryset()

    def get_extra_context(self, obj):
        return {
            "identities": selectors.provider_identities(obj),
            "sp": service_provider_values(self.request, obj),
            "certificates": selectors.certificate_summaries(obj.saml_x509_certs),
        }


class IdentityProviderEditView(ProviderViewMixin, ObjectEditView):
    queryset = IdentityProvider.objects.select_related("organisation")
    form_class = IdentityProviderForm
    template_name = "identity/identityprovider_edit.html"

    def save(self, form):
        return provider_services.provider_save(
            provider=form.instance,
            user=self.request.user,
            client_secret=form.cleaned_data.get("client_secret") or None,
            refetch_metadata=bool(form.cleaned_data.get("refetch_metadata")),
        )


class IdentityProviderDeleteView(ProviderViewMixin, ObjectDeleteView):
    queryset = IdentityProvider.objects.select_related("organisation")

    def refusal(self, obj):
        return provider_services.provider_delete_refusal(obj)

    def delete(self, obj):
        provider_services.provider_delete(provider=obj, user=self.request.user)
