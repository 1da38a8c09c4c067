from django.contrib import admin

from reminders.models import Digest, RegionContact, Reminder, ReminderPreference


@admin.register(RegionContact)
class RegionContactAdmin(admin.ModelAdmin):
    list_display = ["organisation", "user"]
    raw_id_fields = ["user"]
    list_select_related = ["organisation", "user"]


@admin.register(ReminderPreference)
class ReminderPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "frequency", "language"]
    list_filter = ["frequency", "language"]
    list_select_related = ["user"]


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ["day", "recipient", "email", "state", "sent_at"]
    list_filter = ["state", "day"]
    list_select_related = ["recipient"]
    readonly_fields = [f.name for f in Digest._meta.fields]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["day", "recipient", "subject", "stage", "item_key", "due", "digest"]
    list_filter = ["subject", "stage", "day"]
    list_select_related = ["recipient", "digest__recipient"]
    readonly_fields = [f.name for f in Reminder._meta.fields]
