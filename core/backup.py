"""One archive with everything the portal holds: the database and MEDIA_ROOT.

The database part is Django's own serialisation (``dumpdata --format jsonl
--natural-foreign``), not pg_dump:

- the same archive is made and restored on SQLite and on PostgreSQL (the embedded default, the
  tests and production alike), and a restore does not need client tools of the server's version;
- JSON Lines (``core.serialization``: Django's, with times kept to the microsecond) is written
  row by row from iterators and read back line by line, so neither the
  backup nor the restore holds the dump in memory, and the rows per model are counted from the
  very lines that are restored;
- content types and permissions are left out (``migrate`` makes them; the rows that refer to
  them name them by natural key, so their ids may differ), and so are sessions (everyone logs in
  again after a restore).

The archive (tar.gz) holds ``manifest.json`` first, then ``database.jsonl``, then ``media/…``.
The manifest records when it was made, the applied migrations per app, the rows per model, and
the size and sha256 of the dump and of every media file; the restore checks all of them.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.db.models.signals import m2m_changed
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

FORMAT = "hallbar-backup/1"
# core.serialization, registered in settings.SERIALIZATION_MODULES.
SERIALIZATION = "exactjsonl"
MANIFEST = "manifest.json"
DUMP = "database.jsonl"
MEDIA = "media"
# Made by migrate (content types, permissions) or worthless after a restore (sessions).
EXCLUDED = ("contenttypes", "auth.permission", "sessions")
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore refused, with the reason for the person running it."""


def _excluded(model) -> bool:
    return (
        model._meta.app_label in EXCLUDED
        or model._meta.label_lower in EXCLUDED
        or model._meta.proxy
        or not model._meta.managed
    )


def dumped_models(using: str = DEFAULT_DB_ALIAS) -> list:
    """The models whose rows the archive holds."""
    return [
        model
        for model in apps.get_models()
        if not _excluded(model) and router.allow_migrate_model(using, model)
    ]


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> dict[str, list[str]]:
    by_app: dict[str, list[str]] = {}
    for app_label, name in MigrationRecorder(connections[using]).applied_migrations():
        by_app.setdefault(app_label, []).append(name)
    return {app: sorted(names) for app, names in sorted(by_app.items())}


def _media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file() and not path.is_symlink())


def _count_rows(dump: Path, using: str) -> dict[str, int]:
    counts = {model._meta.label_lower: 0 for model in dumped_models(using)}
    with dump.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                label = json.loads(line)["model"]
                counts[label] = counts.get(label, 0) + 1
    return counts


@contextlib.contextmanager
def _snapshot(using: str):
    """One consistent view of the database while the dump is written."""
    connection = connections[using]
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


class _HashingReader:
    def __init__(self, handle):
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size=-1):
        chunk = self.handle.read(size)
        self.digest.update(chunk)
        return chunk


def _add_checked(archive: tarfile.TarFile, path: Path, entry: dict) -> None:
    """Add a media file, refusing one that changed since its hash went into the manifest."""
    info = archive.gettarinfo(path, arcname=f"{MEDIA}/{entry['path']}")
    with path.open("rb") as handle:
        reader = _HashingReader(handle)
        info.size = entry["size"]
        archive.addfile(info, reader)
    if reader.digest.hexdigest() != entry["sha256"] or path.stat().st_size != entry["size"]:
        raise BackupError(
            _("%(name)s changed while the backup was written; run the backup again.")
            % {"name": path}
        )


def backup(output: Path, *, using: str = DEFAULT_DB_ALIAS) -> dict:
    """Write the archive to ``output`` (through a temporary name, so a failed run leaves no
    archive that looks whole). Returns the manifest."""
    output = Path(output)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="hallbar-backup-") as work:
        dump = Path(work) / DUMP
        with _snapshot(using):
            migrations = applied_migrations(using)
            call_command(
                "dumpdata",
                *[model._meta.label_lower for model in dumped_models(using)],
                format=SERIALIZATION,
                natural_foreign=True,
                database=using,
                output=str(dump),
                verbosity=0,
            )
        files = []
        for path in _media_files(media_root):
            files.append(
                {
                    "path": path.relative_to(media_root).as_posix(),
                    "size": path.stat().st_size,
                    "sha256": _sha256_file(path),
                }
            )
        manifest = {
            "format": FORMAT,
            "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "database_vendor": connections[using].vendor,
            "migrations": migrations,
            "counts": _count_rows(dump, using),
            "database": {
                "path": DUMP,
                "size": dump.stat().st_size,
                "sha256": _sha256_file(dump),
            },
            "files": files,
        }
        partial = output.with_name(output.name + ".partial")
        try:
            with tarfile.open(partial, "w:gz") as archive:
                body = json.dumps(manifest, indent=1, ensure_ascii=False).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(body)
                info.mtime = int(datetime.datetime.now().timestamp())
                archive.addfile(info, io.BytesIO(body))
                archive.add(dump, arcname=DUMP, recursive=False)
                for entry in files:
                    _add_checked(archive, media_root / entry["path"], entry)
            os.replace(partial, output)
        finally:
            partial.unlink(missing_ok=True)
    return manifest


# Restore -------------------------------------------------------------------------------------

ARCHIVE_ERRORS = (tarfile.TarError, EOFError, zlib.error, OSError, UnicodeDecodeError)


def _well_formed(manifest, required: set) -> bool:
    try:
        return (
            required <= manifest.keys()
            and all(isinstance(names, list) for names in manifest["migrations"].values())
            and all(isinstance(n, int) for n in manifest["counts"].values())
            and all(
                isinstance(entry["path"], str)
                and isinstance(entry["size"], int)
                and isinstance(entry["sha256"], str)
                for entry in [manifest["database"], *manifest["files"]]
            )
        )
    except (AttributeError, KeyError, TypeError):
        return False


def _read_manifest(archive: tarfile.TarFile) -> dict:
    member = archive.next()
    if member is None or member.name != MANIFEST or not member.isfile():
        raise BackupError(_("The archive has no manifest.json first: it is not a Hållbar backup."))
    try:
        manifest = json.load(archive.extractfile(member))
    except ValueError as error:
        raise BackupError(
            _("The archive's manifest is not valid JSON: %(error)s.") % {"error": error}
        ) from None
    required = {"format", "migrations", "counts", "database", "files"}
    if not _well_formed(manifest, required):
        raise BackupError(_("The archive's manifest is incomplete: it is not a Hållbar backup."))
    if manifest["format"] != FORMAT:
        raise BackupError(
            _("The archive's format %(found)s is not %(expected)s.")
            % {"found": manifest["format"], "expected": FORMAT}
        )
    return manifest


def check_migrations(manifest: dict, using: str) -> None:
    """The database must be migrated to the code, and the archive made at the same state."""
    connection = connections[using]
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise BackupError(
            _("The database is not migrated to this code: run manage.py migrate first.")
        )
    here = applied_migrations(using)
    there = manifest["migrations"]
    differences = []
    for app in sorted(set(here) | set(there)):
        ours, theirs = set(here.get(app, [])), set(there.get(app, []))
        if ours != theirs:
            differences.append(
                _("%(app)s (only in the archive: %(archive)s; only in the code: %(code)s)")
                % {
                    "app": app,
                    "archive": ", ".join(sorted(theirs - ours)) or "-",
                    "code": ", ".join(sorted(ours - theirs)) or "-",
                }
            )
    if differences:
        raise BackupError(
            _(
                "The archive was made with other migrations than this code has: "
                "%(differences)s. Restore it with the version of the code that made it."
            )
            % {"differences": "; ".join(differences)}
        )


def rows_present(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """The models that already hold rows in the database."""
    present = {}
    for model in dumped_models(using):
        count = model._base_manager.using(using).count()
        if count:
            present[model._meta.label_lower] = count
    return present


def _safe_member_path(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts or path.parts[0] != MEDIA:
        raise BackupError(_("The archive holds an unexpected entry %(name)s.") % {"name": name})
    return PurePosixPath(*path.parts[1:])


def _extract(archive: tarfile.TarFile, manifest: dict, work: Path, staging: Path) -> Path:
    """Extract the dump into ``work`` and the media into ``staging``, checking every size and
    hash against the manifest."""
    expected = {entry["path"]: entry for entry in manifest["files"]}
    dump = None
    for member in archive:
        if member.name == MANIFEST:
            continue  # read first, by _read_manifest
        if not member.isfile():
            if member.isdir():
                continue
            raise BackupError(
                _("The archive holds an unexpected entry %(name)s.") % {"name": member.name}
            )
        if member.name == DUMP:
            # loaddata reads the format from the file's extension.
            target, entry = work / f"database.{SERIALIZATION}", manifest["database"]
            dump = target
        else:
            relative = _safe_member_path(member.name)
            entry = expected.pop(relative.as_posix(), None)
            if entry is None:
                raise BackupError(
                    _("%(name)s is in the archive but not in its manifest.") % {"name": member.name}
                )
            target = staging / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        source = archive.extractfile(member)
        with target.open("wb") as handle:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                handle.write(chunk)
        if size != entry["size"] or digest.hexdigest() != entry["sha256"]:
            raise BackupError(
                _("%(name)s differs from the manifest (size or sha256).") % {"name": member.name}
            )
    if dump is None:
        raise BackupError(_("The archive holds no %(name)s.") % {"name": DUMP})
    if expected:
        raise BackupError(
            _("Files of the manifest are missing from the archive: %(names)s.")
            % {"names": ", ".join(sorted(expected))}
        )
    return dump


@contextlib.contextmanager
def _without_m2m_receivers():
    """Many-to-many lists are loaded as they were: no receiver adds history rows or moves a
    row's modified time (those rows and times are in the dump already)."""
    with m2m_changed.lock:
        receivers = m2m_changed.receivers
        m2m_changed.receivers = []
        m2m_changed.sender_receivers_cache.clear()
    try:
        yield
    finally:
        with m2m_changed.lock:
            m2m_changed.receivers = receivers
            m2m_changed.sender_receivers_cache.clear()


def _load(dump: Path, manifest: dict, using: str) -> None:
    """Empty the database and load the dump, in one transaction; counts checked before commit."""
    with transaction.atomic(using=using):
        call_command("flush", database=using, interactive=False, verbosity=0)
        with _without_m2m_receivers():
            call_command("loaddata", str(dump), database=using, verbosity=0)
        wrong = []
        for label, expected in sorted(manifest["counts"].items()):
            model = apps.get_model(label)
            found = model._base_manager.using(using).count()
            if found != expected:
                wrong.append(
                    _("%(model)s: %(found)d rows, the manifest says %(expected)d")
                    % {"model": label, "found": found, "expected": expected}
                )
        if wrong:
            raise BackupError(
                _("The restored rows differ from the manifest: %(wrong)s.")
                % {"wrong": "; ".join(wrong)}
            )


def _swap_media(staging: Path, media_root: Path) -> Path | None:
    """Put the restored media in place; media already there is kept beside it, not deleted."""
    kept = None
    if media_root.exists():
        if any(media_root.iterdir()):
            stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
            kept = media_root.with_name(f"{media_root.name}.before-restore-{stamp}")
            media_root.rename(kept)
        else:
            media_root.rmdir()
    staging.rename(media_root)
    return kept


def restore(source: Path, *, force: bool = False, using: str = DEFAULT_DB_ALIAS) -> dict:
    """Restore the archive at ``source``: database and media. Nothing changes when a check
    fails. Returns a summary."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(_("There is no archive at %(file)s.") % {"file": source})
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    # The staging folder sits beside MEDIA_ROOT, so putting it in place is a rename.
    staging = Path(tempfile.mkdtemp(prefix=f".{media_root.name}-restore-", dir=media_root.parent))
    try:
        with tempfile.TemporaryDirectory(prefix="hallbar-restore-") as work:
            try:
                with tarfile.open(source, "r:gz") as archive:
                    manifest = _read_manifest(archive)
                    check_migrations(manifest, using)
                    present = rows_present(using)
                    if present and not force:
                        raise BackupError(
                            _(
                                "The database already holds data (%(rows)d rows in %(models)d "
                                "tables); a restore replaces all of it. Give --force to do so."
                            )
                            % {"rows": sum(present.values()), "models": len(present)}
                        )
                    dump = _extract(archive, manifest, Path(work), staging)
            except ARCHIVE_ERRORS as error:
                raise BackupError(
                    _("The archive %(file)s cannot be read whole (damaged or truncated): %(error)s")
                    % {"file": source, "error": error}
                ) from None
            _load(dump, manifest, using)
        kept = _swap_media(staging, media_root)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return {
        "rows": sum(manifest["counts"].values()),
        "files": len(manifest["files"]),
        "created": manifest.get("created", ""),
        "kept_media": kept,
    }


def count_rows(count: int) -> str:
    """The count with its noun in the right number (sv "1 rad", "2 rader")."""
    return ngettext("%(count)d row", "%(count)d rows", count) % {"count": count}


def count_files(count: int) -> str:
    return ngettext("%(count)d file", "%(count)d files", count) % {"count": count}
