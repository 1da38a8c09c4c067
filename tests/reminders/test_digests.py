"""The daily reminders, read from a real SMTP server (aiosmtpd in its own process).

The world's finding A (audit A, led by Region Örebro län) was raised on 2024-05-03 with its
deadline on 2024-08-01. N = 7, M = 14, K = 30, P = 30 (the defaults).
"""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.core.management import CommandError, call_command

from audits.choices import FindingStatus
from audits.models import Finding
from incidents.models import IncidentEvent
from organisations.choices import Role
from organisations.models import Membership, User
from reminders import services
from reminders.choices import DigestState
from reminders.models import Digest, RegionContact, Reminder
from reminders.services import preference_set, run_day

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]

D = dt.date(2024, 7, 25)  # a Thursday: finding A is due in 7 days


@pytest.fixture
def people(world, settings):
    settings.HALLBAR_REMINDER_DAYS_BEFORE = 7
    settings.HALLBAR_REMINDER_ESCALATION_DAYS = 14
    settings.HALLBAR_REMINDER_INCIDENT_QUIET_DAYS = 30
    settings.HALLBAR_REMINDER_ACTION_PLAN_DAYS = 30
    settings.HALLBAR_REMINDER_WEEKLY_DAY = 0
    for role, user in world.users.items():
        user.email = f"{role}@hallbar.test"
        user.save()
    return world


def finding(world, audit=None, deadline=D, description="Uppförandekod saknas."):
    return Finding.objects.create(
        audit=audit or world.audit_a,
        kind="non_compliance",
        severity="minor",
        description=description,
        raised_on=world.day,
        deadline=deadline,
    )


def addresses(smtp_server) -> list[str]:
    return sorted(address for mail in smtp_server.mails() for address in mail.to)


def test_the_responsible_procurer_gets_one_digest_with_all_their_items(people, smtp_server):
    today = finding(people, description="Uppförandekod saknas.")
    result = run_day(D)
    assert (result.sent, result.resent) == (1, 0)
    assert addresses(smtp_server) == ["procurer_a@hallbar.test"]
    [mail] = smtp_server.mails()
    assert mail.subject == "Hållbar: 2 påminnelser den 2024-07-25"
    # Due today first, then due in 7 days; each with its absolute link.
    text = mail.text
    assert text.index("Uppförandekod saknas.") < text.index("Riskanalys saknas.")
    assert "Förfaller i dag · Tidsfrist för korrigerande åtgärd (förfaller 2024-07-25)" in text
    assert "Förfaller snart · Tidsfrist för korrigerande åtgärd (förfaller 2024-08-01)" in text
    audit_url = f"https://hallbar.example.se/audits/{people.audit_a.pk}/"
    assert f"{audit_url}#finding-{today.pk}" in text
    assert f'href="{audit_url}#finding-{people.finding_a.pk}"' in mail.html
    assert "Region Örebro län" in text
    assert "https://hallbar.example.se/reminders/" in text
    assert mail.message["From"] == "Hållbar <paminnelser@hallbar.test>"
    # Each reminder is a row, in the digest that was sent.
    assert Reminder.objects.filter(day=D, recipient=people.users["procurer_a"]).count() == 2
    assert Digest.objects.get().state == DigestState.SENT


def test_overdue_goes_to_the_lead_regions_contact_and_later_to_the_secretariat(people, smtp_server):
    overdue = dt.date(2024, 8, 2)
    # Region A names no contact: its procurers are told.
    run_day(overdue)
    assert addresses(smtp_server) == ["procurer_a@hallbar.test"]
    assert "Försenad" in smtp_server.mails()[0].text

    # With a named contact, the contact is told and not the procurers.
    contact = User.objects.create_user(username="kontakt", email="kontakt@region-t.test")
    Membership.objects.create(user=contact, organisation=people.region_a, role=Role.READER)
    RegionContact.objects.create(organisation=people.region_a, user=contact)
    Reminder.objects.all().delete()
    Digest.objects.all().delete()
    run_day(overdue)
    assert addresses(smtp_server) == ["kontakt@region-t.test", "procurer_a@hallbar.test"]

    # Nothing in between; M = 14 days after the first day overdue, the secretariat.
    run_day(dt.date(2024, 8, 10))
    assert len(smtp_server.mails()) == 2
    run_day(dt.date(2024, 8, 16))
    [to_secretariat] = smtp_server.to("secretariat@hallbar.test")
    assert "Eskalerad till kansliet" in to_secretariat.text
    assert "Riskanalys saknas." in to_secretariat.text


def test_an_action_plan_awaited_and_its_end_when_received(people, smtp_server):
    due = people.day + dt.timedelta(days=30)
    run_day(due)
    [mail] = smtp_server.to("procurer_a@hallbar.test")
    assert "Handlingsplan inväntas (förfaller 2024-06-02)" in mail.text
    Finding.objects.filter(pk=people.finding_a.pk).update(
        status=FindingStatus.ACTION_PLAN_RECEIVED, action_plan_received_on=due
    )
    run_day(due + dt.timedelta(days=1))  # would be overdue: the plan came, nothing is sent
    assert len(smtp_server.mails()) == 1


def test_incidents_quiet_for_k_days(people, smtp_server):
    for incident in (people.incident, people.confidential_incident):
        IncidentEvent.objects.create(
            incident=incident, occurred_on=dt.date(2024, 3, 1), kind="action", description="Möte."
        )
    run_day(dt.date(2024, 3, 31))
    [to_a] = smtp_server.to("procurer_a@hallbar.test")
    assert "Incidentärende utan ny händelse" in to_a.text
    assert "Tvångsarbete i Malaysia" in to_a.text
    assert "Misstänkt mutbrott" not in to_a.text  # confidential, involving region B only
    [to_b] = smtp_server.to("procurer_b@hallbar.test")
    assert "Misstänkt mutbrott" in to_b.text
    # A new entry starts the count again: the next day's overdue step is not taken.
    IncidentEvent.objects.create(
        incident=people.incident, occurred_on=dt.date(2024, 3, 31), kind="note", description="Ny."
    )
    run_day(dt.date(2024, 4, 1))
    assert len(smtp_server.to("procurer_a@hallbar.test")) == 1
    # The confidential case has no lead organisation: its overdue step goes to the secretariat.
    [to_secretariat] = smtp_server.to("secretariat@hallbar.test")
    assert "Misstänkt mutbrott" in to_secretariat.text


def test_a_weekly_digest_holds_the_weeks_reminders_on_monday(people, smtp_server):
    preference_set(user=people.users["procurer_a"], frequency="weekly", language="sv")
    finding(people, description="Uppförandekod saknas.")
    for offset in range(4):  # Thursday to Sunday: nothing
        run_day(D + dt.timedelta(days=offset))
    assert smtp_server.mails() == []
    run_day(dt.date(2024, 7, 29))
    [mail] = smtp_server.mails()
    assert mail.subject == "Hållbar: 2 påminnelser, veckan till 2024-07-29"
    assert "Uppförandekod saknas." in mail.text and "Riskanalys saknas." in mail.text
    # The other finding went overdue on Friday: the week's digest says so, once.
    assert mail.text.count("Uppförandekod saknas.") == 1
    assert "Försenad · Tidsfrist" in mail.text


def test_no_digest_for_never_and_each_in_their_own_language(people, smtp_server):
    finding(people, audit=people.audit_b, description="Lönelistor saknas.")
    preference_set(user=people.users["procurer_b"], frequency="daily", language="en")
    run_day(D)
    [english] = smtp_server.to("procurer_b@hallbar.test")
    assert english.subject == "Hållbar: 1 reminder on 2024-07-25"
    assert "Due today · Corrective action deadline (due 2024-07-25)" in english.text
    assert english.message.get_body(("html",))["Content-Type"] is not None
    assert '<html lang="en">' in english.html
    [swedish] = smtp_server.to("procurer_a@hallbar.test")
    assert swedish.subject == "Hållbar: 1 påminnelse den 2024-07-25"

    preference_set(user=people.users["procurer_a"], frequency="none", language="sv")
    finding(people, deadline=D + dt.timedelta(days=1))
    run_day(D + dt.timedelta(days=1))
    assert len(smtp_server.to("procurer_a@hallbar.test")) == 1


def test_running_a_day_twice_sends_nothing_twice(people, smtp_server):
    finding(people, audit=people.audit_b, description="Lönelistor saknas.")
    first = run_day(D)
    assert (first.made, first.sent) == (2, 2)
    second = run_day(D)
    assert (second.made, second.sent, second.resent) == (0, 0, 0)
    assert call_command("send_reminders", "--date", "2024-07-25") is None
    assert addresses(smtp_server) == ["procurer_a@hallbar.test", "procurer_b@hallbar.test"]


class Killed(BaseException):
    """Stands for the worker's death: not an Exception, so nothing catches it on the way."""


def three_recipients(people):
    finding(people, audit=people.audit_b, description="Lönelistor saknas.")
    second = User.objects.create_user(username="procurer_a2", email="procurer_a2@hallbar.test")
    Membership.objects.create(user=second, organisation=people.region_a, role=Role.PROCURER)
    return ["procurer_a2@hallbar.test", "procurer_a@hallbar.test", "procurer_b@hallbar.test"]


def test_a_run_that_died_halfway_is_finished_by_the_next_without_repeats(
    people, smtp_server, settings
):
    """The run dies after the first mail, while the second digest was claimed but not yet
    handed to the server: the next run (once the claim is older than
    HALLBAR_REMINDER_RESEND_SECONDS, here at once) sends the claimed one and the third."""
    settings.HALLBAR_REMINDER_RESEND_SECONDS = 0
    expected = three_recipients(people)
    real_message = services._message
    calls = []

    def dies_at_the_second(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise Killed
        return real_message(*args, **kwargs)

    with mock.patch.object(services, "_message", dies_at_the_second), pytest.raises(Killed):
        run_day(D)
    assert len(smtp_server.mails()) == 1
    again = run_day(D)
    assert (again.sent, again.resent) == (1, 1)
    assert addresses(smtp_server) == expected
    assert len({m.message_id for m in smtp_server.mails()}) == 3
    assert run_day(D).sent == 0
    assert len(smtp_server.mails()) == 3


def test_a_mail_sent_but_not_marked_is_sent_again_with_the_same_message_id(
    people, smtp_server, settings
):
    """The one window where a repeat is possible: the server took the mail, the run died
    before marking it. The digest stays claimed; the next run sends that same mail again, with
    the same Message-ID, and nothing else twice."""
    settings.HALLBAR_REMINDER_RESEND_SECONDS = 0
    expected = three_recipients(people)

    def dies(digest, state=None):
        raise Killed

    with mock.patch.object(services, "_mark_sent", dies), pytest.raises(Killed):
        run_day(D)
    [first] = smtp_server.mails()
    assert Digest.objects.get().state == DigestState.SENDING
    again = run_day(D)
    assert (again.sent, again.resent) == (2, 1)
    mails = smtp_server.mails()
    assert sorted(a for m in mails for a in m.to) == sorted([*expected, *first.to])
    assert len({m.message_id for m in mails}) == 3
    assert [m.message_id for m in mails].count(first.message_id) == 2
    assert set(Digest.objects.values_list("state", flat=True)) == {DigestState.SENT}
    assert run_day(D).sent + run_day(D).resent == 0


@pytest.mark.parametrize("bad", ["2024-13-01", "25/07/2024", "igår"])
def test_a_bad_date_is_refused_with_nothing_sent(people, smtp_server, bad):
    with pytest.raises(CommandError, match="YYYY-MM-DD") as refused:
        call_command("send_reminders", "--date", bad)
    assert refused.value.returncode != 0
    assert smtp_server.mails() == []
    assert not Reminder.objects.exists()
