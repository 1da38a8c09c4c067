"""The claims of the test IdP: the standard profile and e-mail claims, the person's extra
claims (``role``, ``region``) in the profile scope, and a client's quirks on top (which may
override ``aud`` or ``nonce``: oauthlib sets those before ``finalize_id_token`` adds these)."""

from oauth2_provider.oauth2_validators import OAuth2Validator

from tests.identity.oidc_provider.models import ClientQuirk, Person


class ClaimsValidator(OAuth2Validator):
    oidc_claim_scope = {
        **OAuth2Validator.oidc_claim_scope,
        "role": "profile",
        "region": "profile",
        "aud": "openid",
        "nonce": "openid",
    }

    def get_additional_claims(self, request):
        user = request.user
        claims = {
            "preferred_username": user.username,
            "given_name": user.first_name,
            "family_name": user.last_name,
            "name": f"{user.first_name} {user.last_name}".strip(),
            "email": user.email,
            "email_verified": True,
        }
        person = Person.objects.filter(user=user).first()
        if person is not None:
            claims.update(person.claims)
        client = getattr(request, "client", None)
        if client is not None:
            quirk = ClientQuirk.objects.filter(client_id=client.client_id).first()
            if quirk is not None:
                claims.update(quirk.claims)
        return claims
