"""Att göra shows the person's reminders of the last week, the same lines as the digest, as far
as the person may still see them; someone with none sees no such section."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from audits.models import Finding
from reminders.models import Reminder
from reminders.services import run_day


def reminders_section(client) -> str:
    """The Reminders section of the user's Att göra page ('' when there is none)."""
    page = client.get(reverse("todo:todo")).content.decode()
    if 'data-queue="reminders"' not in page:
        return ""
    section = page[page.index('data-queue="reminders"') :]
    return section[: section.index("</section>")]


def test_a_procurer_sees_the_days_reminders_under_att_gora(world, client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    today = timezone.localdate()
    procurer = world.users["procurer_a"]
    procurer.email = "anna@region-t.test"
    procurer.save()
    Finding.objects.create(
        audit=world.audit_a,
        kind="observation",
        description="Uppförandekoden saknar underskrift.",
        raised_on=world.day,
        deadline=today,
    )
    run_day(today)
    assert Reminder.objects.filter(recipient=procurer).exists()

    client.force_login(procurer)
    section = reminders_section(client)
    assert "Påminnelser" in section
    assert "Uppförandekoden saknar underskrift." in section
    assert f"{today:%Y-%m-%d}" in section

    # Procurer B has no reminder of region A's finding and sees no reminders section.
    client.force_login(world.users["procurer_b"])
    assert reminders_section(client) == ""


def test_a_moved_deadline_leaves_the_reminders(world, client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    today = timezone.localdate()
    finding = Finding.objects.create(
        audit=world.audit_a,
        kind="observation",
        description="Revisionsrapporten saknas.",
        raised_on=world.day,
        deadline=today + dt.timedelta(days=7),
    )
    run_day(today)
    client.force_login(world.users["procurer_a"])
    assert "Revisionsrapporten saknas." in reminders_section(client)
    # A new deadline has a ladder of its own: the old reminder is no longer asked of anyone.
    Finding.objects.filter(pk=finding.pk).update(deadline=today + dt.timedelta(days=30))
    assert "Revisionsrapporten saknas." not in reminders_section(client)
