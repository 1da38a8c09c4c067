"""Each partnership's one description becomes the text of the year it describes.

The descriptions so far were written for the 2024 report, the only year the portal has reported
(they say so: "Kansliet ledde 2024 …", "2024 med särskilt fokus …"). A partnership that began
after 2024 or ended before it is described in its first or last year instead, so the text stays
within the partnership's own years. The reverse migration puts the latest year's text back.
"""

from django.db import migrations

DESCRIBED_YEAR = 2024


def _year_of(partnership) -> int:
    year = DESCRIBED_YEAR
    if partnership.since_year is not None and year < partnership.since_year:
        year = partnership.since_year
    if partnership.until_year is not None and year > partnership.until_year:
        year = partnership.until_year
    return year


def forwards(apps, schema_editor):
    Partnership = apps.get_model("organisations", "Partnership")
    PartnershipYear = apps.get_model("organisations", "PartnershipYear")
    for partnership in Partnership.objects.exclude(description="").order_by("pk"):
        text = partnership.description.strip()
        if text:
            PartnershipYear.objects.update_or_create(
                partnership=partnership,
                year=_year_of(partnership),
                defaults={"description": text, "is_synthetic": partnership.is_synthetic},
            )


def backwards(apps, schema_editor):
    Partnership = apps.get_model("organisations", "Partnership")
    PartnershipYear = apps.get_model("organisations", "PartnershipYear")
    for partnership in Partnership.objects.order_by("pk"):
        latest = PartnershipYear.objects.filter(partnership=partnership).order_by("-year").first()
        if latest is not None:
            partnership.description = latest.description
            partnership.save(update_fields=["description"])


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0004_partnership_years"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
