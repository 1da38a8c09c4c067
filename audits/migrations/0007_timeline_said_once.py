"""The audit timeline's stored texts, said once.

The page writes an entry as its label and its text ("Avvikelse tillagd: …"); the services used to
write texts that said the label again ("Avvikelse tillagd: Avvikelse tillagd: Avvikelse: …", "Avslutad:
Revisionen har avslutats."). They no longer do; this rewrites the entries already stored the way the
services now write them, so every page (and the admin) reads them once, with no code left to
clean old texts on each view.

The texts were written in the language of the user who took the step, Swedish or English: both
are matched, as the services wrote them (the patterns are frozen here, not read from the
translations, which may change). A text that matches none is left as it is. Where an entry names a
finding that still exists, its description is written whole (the old texts cut it at 60
characters); the reverse migration leaves the texts as they are.
"""

import re

from django.db import migrations

# The finding kinds as the old texts wrote them (str(finding) was "<kind>: <description[:60]>").
KINDS = ("Non-compliance", "Observation", "Good practice", "Avvikelse", "God praxis")
_KIND = "(?:" + "|".join(re.escape(kind) for kind in KINDS) + ")"

# action → [(pattern of the old text, the new text in that language)]. ``{rest}`` keeps what the
# old text went on with (a year that moved, a note).
SAID_ONCE = {
    "planned": [(r"Audit planned\.", ""), (r"Revisionen har planerats\.", "")],
    "reported": [(r"Audit reported\.", ""), (r"Revisionen har rapporterats\.", "")],
    "summary_approved": [
        (r"Public summary approved\.", ""),
        (r"Den offentliga sammanfattningen har godkänts\.", ""),
    ],
    "closed": [(r"Audit closed\.", ""), (r"Revisionen har avslutats\.", "")],
    "cancelled": [(r"Audit cancelled: (?P<rest>.*)", "{rest}"), (r"Revisionen avbröts: (?P<rest>.*)", "{rest}")],
    "evidence_added": [
        (r"Evidence added: (?P<rest>.*)", "{rest}"),
        (r"Underlag tillagt: (?P<rest>.*)", "{rest}"),
    ],
    "imported": [
        (r"Audit imported with the status (?P<status>.*)\.", "Status on import: {status}."),
        (r"Revisionen importerades med status (?P<status>.*)\.", "Status vid importen: {status}."),
    ],
    "conducted": [
        (r"Carried out on [\d-]+\.(?P<rest>.*)", "{rest}"),
        (r"Carried out from (?P<start>[\d-]+) to (?P<end>[\d-]+)\.(?P<rest>.*)", "From {start} to {end}.{rest}"),
        (r"Genomförd (?P<start>[\d-]{10})–(?P<end>[\d-]{10})\.(?P<rest>.*)", "Från {start} till {end}.{rest}"),
        (r"Genomförd [\d-]+\.(?P<rest>.*)", "{rest}"),
    ],
    "results_recorded": [
        (r"Results recorded for (?P<count>\d+) criteria\.", "{count} criteria."),
        (r"Resultat registrerade för (?P<count>\d+) kriterier\.", "{count} kriterier."),
    ],
    "updated": [
        (r"Plan updated\.(?P<rest>.*)", "The audit's plan.{rest}"),
        (r"Planeringen har uppdaterats\.(?P<rest>.*)", "Revisionens planering.{rest}"),
        (rf"Finding updated: {_KIND}: (?P<finding>.*)", "Finding: {finding}"),
        (rf"Avvikelse uppdaterad: {_KIND}: (?P<finding>.*)", "Avvikelse: {finding}"),
    ],
    "finding_added": [
        (rf"Finding added: {_KIND}: (?P<finding>.*)", "{finding}"),
        (rf"Avvikelse tillagd: {_KIND}: (?P<finding>.*)", "{finding}"),
    ],
    "finding_status": [
        (rf"Finding {_KIND}: (?P<finding>.*)", "{finding}"),
        (rf"Avvikelse {_KIND}: (?P<finding>.*)", "{finding}"),
    ],
}


def said_once(action: str, message: str, description: str | None = None) -> str:
    """The text an old entry would have now; ``description`` is the whole description of the
    finding it names, where that still exists."""
    for pattern, new in SAID_ONCE.get(action, ()):
        match = re.fullmatch(pattern, message, flags=re.DOTALL)
        if match is None:
            continue
        parts = match.groupdict()
        if new == "{rest}":
            parts["rest"] = parts["rest"].strip()
        finding = parts.get("finding")
        if finding is not None and description:
            # The old text held the description's first 60 characters: give it whole.
            cut = description[:60]
            if finding == cut:
                parts["finding"] = description
            elif finding.startswith(cut + ": "):
                parts["finding"] = description + finding[len(cut) :]
        if action == "results_recorded" and parts.get("count") == "1":
            new = {"{count} criteria.": "1 criterion.", "{count} kriterier.": "1 kriterium."}[new]
        return new.format(**parts)
    return message


def forwards(apps, schema_editor):
    AuditEvent = apps.get_model("audits", "AuditEvent")
    Finding = apps.get_model("audits", "Finding")
    entries = list(AuditEvent.objects.filter(action__in=list(SAID_ONCE)).exclude(message=""))
    finding_ids = {
        entry.data.get("finding")
        for entry in entries
        if isinstance(entry.data, dict) and isinstance(entry.data.get("finding"), int)
    }
    descriptions = dict(Finding.objects.filter(pk__in=finding_ids).values_list("pk", "description"))
    changed = []
    for entry in entries:
        finding_id = entry.data.get("finding") if isinstance(entry.data, dict) else None
        message = said_once(entry.action, entry.message, descriptions.get(finding_id))
        if message != entry.message:
            entry.message = message
            changed.append(entry)
    AuditEvent.objects.bulk_update(changed, ["message"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("audits", "0006_constraints_with_messages")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
