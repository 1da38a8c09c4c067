"""manage.py backup and restore: the 2024 data and an evidence file make the round trip whole;
a restore onto data without --force, or from a damaged archive, is refused and changes nothing."""

import gzip
import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict

from audits import services
from audits.models import Audit, Evidence, Finding
from core.backup import dumped_models
from incidents.models import Incident
from tests.audits.test_files import PDF

pytestmark = pytest.mark.django_db(transaction=True)


def counts():
    return {m._meta.label_lower: m._base_manager.count() for m in dumped_models()}


def snapshot(obj):
    obj = type(obj)._base_manager.get(pk=obj.pk)
    data = model_to_dict(obj)
    data.update(pk=obj.pk, created=getattr(obj, "created", None), modified=obj.modified)
    return {
        key: sorted(v.pk for v in value)
        if isinstance(value, list) and value and hasattr(value[0], "pk")
        else value
        for key, value in data.items()
    }


@pytest.fixture
def data(world, settings, tmp_path):
    """The matrix world and an evidence file in MEDIA_ROOT."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return services.evidence_add(
        user=world.users["secretariat"],
        audit=world.audit_a,
        uploaded_file=SimpleUploadedFile("rapport.pdf", PDF),
        description="Fabriksbesök",
    )


def test_backup_flush_restore_gives_back_every_row_and_file(data, tmp_path, settings, capsys):
    call_command("seed_2024", verbosity=0)  # the 2024 report's facts too
    audit = Audit.objects.exclude(co_lead_organisations=None).first() or Audit.objects.first()
    finding = Finding.objects.order_by("pk").first()
    incident = Incident.objects.exclude(involved_organisations=None).first()
    before = counts()
    identical = [snapshot(audit), snapshot(finding), snapshot(incident), snapshot(data)]
    stored = Path(settings.MEDIA_ROOT) / data.file.name
    content = stored.read_bytes()
    archive = tmp_path / "backup.tar.gz"

    call_command("backup", output=str(archive))
    with tarfile.open(archive) as opened:
        names = opened.getnames()
        manifest = json.load(opened.extractfile("manifest.json"))
    assert names[:2] == ["manifest.json", "database.jsonl"]
    assert f"media/{data.file.name}" in names
    assert manifest["counts"] == before
    assert {"audits", "organisations", "reporting"} <= manifest["migrations"].keys()
    [entry] = [f for f in manifest["files"] if f["path"] == data.file.name]
    assert entry["size"] == len(PDF)

    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)
    assert Audit.objects.count() == 0

    call_command("restore", str(archive), yes=True)
    assert counts() == before
    after = [snapshot(audit), snapshot(finding), snapshot(incident), snapshot(data)]
    for was, now in zip(identical, after, strict=True):
        assert {key: (value, now[key]) for key, value in was.items() if value != now[key]} == {}
    assert stored.read_bytes() == content
    assert "Återställde" in capsys.readouterr().out


def test_the_commands_count_one_file_as_one_file_not_files(data, tmp_path, capsys):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive))
    printed = capsys.readouterr().out
    assert printed.rstrip().endswith(" rader, 1 fil."), printed
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(archive), yes=True)
    printed = capsys.readouterr().out
    assert " rader och 1 fil från " in printed, printed


def test_restore_onto_data_without_force_is_refused_and_changes_nothing(data, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive))
    services.evidence_add(
        user=data.uploaded_by,
        audit=data.audit,
        uploaded_file=SimpleUploadedFile("senare.pdf", PDF),
    )
    before = counts()
    with pytest.raises(CommandError, match="--force") as refused:
        call_command("restore", str(archive), yes=True)
    assert "innehåller redan data" in str(refused.value)
    assert counts() == before
    # With --force the archive replaces the data: the later file's row is gone.
    call_command("restore", str(archive), yes=True, force=True)
    assert Evidence.objects.count() == before["audits.evidence"] - 1


def test_a_truncated_archive_is_refused_and_changes_nothing(data, tmp_path, settings):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive))
    whole = archive.read_bytes()
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(whole[: len(whole) * 2 // 3])
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)
    with pytest.raises(CommandError, match=r"cut\.tar\.gz") as refused:
        call_command("restore", str(cut), yes=True)
    assert "skadat eller avkortat" in str(refused.value)
    assert not any(counts().values())
    assert not Path(settings.MEDIA_ROOT).exists()
    assert [p.name for p in Path(settings.MEDIA_ROOT).parent.iterdir() if "restore" in p.name] == []


def test_an_archive_without_manifest_or_of_other_migrations_is_refused(data, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive))
    with tarfile.open(archive) as opened:
        manifest = json.load(opened.extractfile("manifest.json"))
        dump = opened.extractfile("database.jsonl").read()

    def write(path, members):
        with tarfile.open(path, "w:gz") as out:
            for name, body in members:
                info = tarfile.TarInfo(name)
                info.size = len(body)
                out.addfile(info, io.BytesIO(body))

    call_command("flush", interactive=False, verbosity=0)
    no_manifest = tmp_path / "no-manifest.tar.gz"
    write(no_manifest, [("database.jsonl", dump)])
    with pytest.raises(CommandError, match=r"manifest\.json"):
        call_command("restore", str(no_manifest), yes=True)
    corrupt = tmp_path / "corrupt.tar.gz"
    write(corrupt, [("manifest.json", b"{not json"), ("database.jsonl", dump)])
    with pytest.raises(CommandError, match="JSON"):
        call_command("restore", str(corrupt), yes=True)
    wrong_shape = tmp_path / "wrong-shape.tar.gz"
    broken = dict(manifest, files="media/rapport.pdf")
    write(wrong_shape, [("manifest.json", json.dumps(broken).encode()), ("database.jsonl", dump)])
    with pytest.raises(CommandError, match="ofullständigt"):
        call_command("restore", str(wrong_shape), yes=True)
    manifest["migrations"]["audits"].append("9999_from_the_future")
    future = tmp_path / "future.tar.gz"
    write(future, [("manifest.json", json.dumps(manifest).encode()), ("database.jsonl", dump)])
    with pytest.raises(CommandError, match="9999_from_the_future"):
        call_command("restore", str(future), yes=True)
    not_gzip = tmp_path / "plain.tar.gz"
    not_gzip.write_bytes(gzip.compress(b"not a tar file"))
    with pytest.raises(CommandError):
        call_command("restore", str(not_gzip), yes=True)
    assert Audit.objects.count() == 0
