"""Mina påminnelser (/reminders/): the next digest's list, the same as the mail, and the
person's own choice of how often and in which language."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from audits.models import Finding
from reminders.models import ReminderPreference
from reminders.services import run_day

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]


def test_the_page_lists_what_the_next_digest_holds_and_the_mail_says_the_same(
    world, client, smtp_server
):
    today = timezone.localdate()
    procurer = world.users["procurer_a"]
    procurer.email = "anna@region-t.test"
    procurer.save()
    Finding.objects.filter(pk=world.finding_a.pk).update(deadline=today + dt.timedelta(days=7))
    Finding.objects.create(
        audit=world.audit_a,
        kind="observation",
        description="Leverantörskoden är inte undertecknad.",
        raised_on=world.day,
        deadline=today,
    )
    client.force_login(world.users["procurer_a"])
    page = client.get(reverse("reminders:preferences"))
    assert page.status_code == 200
    shown = page.content.decode()
    assert f"Ditt nästa sammandrag ({today:%Y-%m-%d})" in shown
    assert "Leverantörskoden är inte undertecknad." in shown
    assert "Riskanalys saknas." in shown
    assert shown.index("Leverantörskoden") < shown.index("Riskanalys saknas.")

    run_day(today)
    [mail] = smtp_server.mails()
    text = mail.message.get_body(("plain",)).get_content()
    lines = [e.title for e in page.context["entries"]]
    assert [line for line in lines if line in text] == lines
    assert len(lines) == 2
    # Sent: the page now shows the next day's digest and the one sent.
    after = client.get(reverse("reminders:preferences")).content.decode()
    tomorrow = today + dt.timedelta(days=1)
    assert f"Ditt nästa sammandrag ({tomorrow:%Y-%m-%d})" in after
    assert f"{today:%Y-%m-%d} · anna@region-t.test" in after


def test_a_person_chooses_weekly_digests_in_english(world, client):
    client.force_login(world.users["procurer_b"])
    url = reverse("reminders:preferences")
    saved = client.post(url, {"frequency": "weekly", "language": "en"})
    assert saved.status_code == 302
    preference = ReminderPreference.objects.get(user=world.users["procurer_b"])
    assert (preference.frequency, preference.language) == ("weekly", "en")
    page = client.get(url).content.decode()
    assert "Dina inställningar för påminnelser sparades." in page
    assert "Ditt konto saknar e-postadress" in page


def test_a_bad_choice_is_refused_with_nothing_saved(world, client):
    client.force_login(world.users["reader"])
    data = {"frequency": "hourly", "language": "sv"}
    refused = client.post(reverse("reminders:preferences"), data)
    assert refused.status_code == 400
    assert "Välj ett giltigt alternativ" in refused.content.decode()
    assert not ReminderPreference.objects.exists()
