"""A procurer opens Mina påminnelser from the bell in the menu, sees what the next digest holds
and chooses a weekly digest in English; the page passes axe at 1280 and 320 px. After the day's
run the same reminders are under Att göra."""

import datetime as dt
import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from audits.models import Finding
from reminders.models import ReminderPreference
from reminders.services import run_day
from tests.e2e.axe import overflow, violations, with_axe
from tests.e2e.browser import SUBMIT, log_in
from tests.world import World

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_procurer_sees_and_sets_their_reminders(new_page):
    world = World()
    Finding.objects.filter(pk=world.finding_a.pk).update(
        deadline=timezone.localdate() + dt.timedelta(days=7)
    )
    page = new_page()
    with_axe(page.context)
    log_in(page, "procurer_a")
    page.get_by_role("link", name="Mina påminnelser").click()
    expect(page.locator("h1")).to_have_text("Mina påminnelser")
    expect(page.locator("#next-digest")).to_contain_text("Förfaller snart")
    expect(page.locator("#next-digest")).to_contain_text("Abena: Riskanalys saknas.")
    assert violations(page) == []
    if os.environ.get("HALLBAR_SCREENSHOTS"):
        page.screenshot(path="/tmp/i18-reminders-page.png", full_page=True)
    page.select_option("#id_frequency", "weekly")
    page.select_option("#id_language", "en")
    page.click(SUBMIT)
    expect(page.get_by_role("status").first).to_contain_text("sparades")
    preference = ReminderPreference.objects.get(user=world.users["procurer_a"])
    assert (preference.frequency, preference.language) == ("weekly", "en")
    page.set_viewport_size({"width": 320, "height": 800})
    assert violations(page) == [] and overflow(page) == []
    if os.environ.get("HALLBAR_SCREENSHOTS"):
        page.screenshot(path="/tmp/i18-reminders-page-320.png", full_page=True)


def test_a_procurer_sees_the_days_reminders_under_att_gora(new_page, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    world = World()
    Finding.objects.filter(pk=world.finding_a.pk).update(deadline=timezone.localdate())
    run_day(timezone.localdate())
    page = new_page()
    with_axe(page.context)
    log_in(page, "procurer_a")
    page.locator("[data-todo-menu]").click()
    reminders = page.locator("[data-queue=reminders]")
    expect(reminders.get_by_role("heading")).to_contain_text("Påminnelser")
    expect(reminders).to_contain_text("Abena: Riskanalys saknas.")
    assert violations(page) == []
    reminders.get_by_role("link", name="Abena: Riskanalys saknas.").click()
    expect(page.locator("h1")).to_contain_text("Abena")
