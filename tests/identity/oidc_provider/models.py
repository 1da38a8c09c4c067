"""What the test IdP says about a person beyond Django's user (the role claim, the region), and
claims a client's ID tokens are made to carry wrongly (the negative tests' misbehaving IdP)."""

from django.conf import settings
from django.db import models


class Person(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    claims = models.JSONField(default=dict)

    def __str__(self):
        return str(self.user)


class ClientQuirk(models.Model):
    client_id = models.CharField(max_length=100, unique=True)
    claims = models.JSONField(default=dict)

    def __str__(self):
        return self.client_id
