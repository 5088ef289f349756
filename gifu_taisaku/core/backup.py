"""Whole-database backup and restore for `manage.py backup` / `manage.py restore`.

PostgreSQL: `pg_dump -Fc` (custom format) of the alias's database; restoring drops every
object of the current schema and replays the archive through `psql --single-transaction`,
so a failed restore leaves the database as it was. The client binaries must match the
server's major version: settings.PG_BINDIR, else /usr/lib/postgresql/<major>/bin, else
`pg_config --bindir`, else PATH.

SQLite: the online backup API (sqlite3.Connection.backup) in both directions, consistent
while the application keeps running.

Backups hold every confidential field: the file is created with mode 0600 and written
under a temporary name first.

Files (attachments, generated report files) live in the default storage, not the database.
When that storage is a local directory (FileSystemStorage, MEDIA_ROOT), `backup` also writes
`<file>.media.tar` (0600) beside the database file, and `restore` puts that directory back
after the database, before the apps' hooks (so a re-applied intel purge deletes its files
again). The archive is unpacked with tarfile's "data" filter: no absolute paths, no `..`, no
links out of the directory, no device files. Object storage keeps its own versions.

Apps take part in a restore through an optional `<app>/restore.py` with
`before_restore(using=)` (state read from the current database, which may be empty or
wiped) and `after_restore(state, using=)` (re-applies it to the restored, migrated one and
returns lines for the operator); intel uses it to keep purged reports
purged when an older backup comes back.
"""

import functools
import hashlib
import os
import shutil
import sqlite3
import subprocess  # client binaries we located, argument lists only, never a shell
import tarfile
import tempfile
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import connections, models
from django.utils.module_loading import module_has_submodule

from gifu_taisaku.core.audit_chain import trail_head

PG_MAGIC = b"PGDMP"
SQLITE_MAGIC = b"SQLite format 3\x00"


class BackupError(Exception):
    """A backup or restore that could not be done; the message is for the operator."""


# ---- files ------------------------------------------------------------------------------


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _private_temp(target: Path) -> Path:
    """An empty 0600 file beside `target`, to be renamed onto it once complete."""
    descriptor, name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(descriptor)
    os.chmod(name, 0o600)
    return Path(name)


def _vendor(using: str) -> str:
    vendor = connections[using].vendor
    if vendor not in ("postgresql", "sqlite"):
        raise BackupError(f"このデータベース（{vendor}）のバックアップには対応していません。")
    return vendor


def file_kind(path: Path) -> str:
    """'postgresql' or 'sqlite' from the file's first bytes; BackupError for anything else."""
    with open(path, "rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    if head.startswith(PG_MAGIC):
        return "postgresql"
    if head == SQLITE_MAGIC:
        return "sqlite"
    raise BackupError(f"{path} はこのシステムのバックアップファイルではありません。")


# ---- PostgreSQL client binaries and connection --------------------------------------------


def _server_major(using: str) -> int:
    connection = connections[using]
    connection.ensure_connection()
    return connection.pg_version // 10000


def _binary_major(binary: str) -> int | None:
    try:
        output = subprocess.run(  # noqa: S603
            [binary, "--version"], capture_output=True, text=True, check=True, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    # "pg_dump (PostgreSQL) 15.8 (Debian 15.8-0+deb12u1)"
    for word in output.split():
        if word[:1].isdigit():
            return int(word.split(".")[0])
    return None


def _candidates(name: str, major: int, configured: str):
    if configured:
        yield Path(configured) / name
    yield Path(f"/usr/lib/postgresql/{major}/bin") / name
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            bindir = subprocess.run(  # noqa: S603
                [pg_config, "--bindir"], capture_output=True, text=True, check=True, timeout=30
            ).stdout.strip()
            yield Path(bindir) / name
        except (OSError, subprocess.SubprocessError):
            pass
    on_path = shutil.which(name)
    if on_path:
        yield Path(on_path)


@functools.cache
def _find_binary(name: str, major: int, configured: str) -> str | None:
    for candidate in _candidates(name, major, configured):
        if candidate.is_file() and _binary_major(str(candidate)) == major:
            return str(candidate)
    return None


def pg_binary(name: str, using: str) -> str:
    """The path of pg_dump/pg_restore/psql whose major version is the server's."""
    major = _server_major(using)
    configured = getattr(settings, "PG_BINDIR", "") or os.environ.get("PG_BINDIR", "")
    found = _find_binary(name, major, configured)
    if found is None:
        raise BackupError(
            f"PostgreSQL {major} 用の {name} が見つかりません。postgresql-client-{major} を"
            "インストールするか、PG_BINDIR にその bin ディレクトリを指定してください。"
        )
    return found


def pg_env(using: str) -> dict[str, str]:
    """libpq environment for the alias's database (the password never goes on a command line)."""
    params = connections[using].get_connection_params()
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    mapping = {
        "dbname": "PGDATABASE",
        "host": "PGHOST",
        "port": "PGPORT",
        "user": "PGUSER",
        "password": "PGPASSWORD",
        "sslmode": "PGSSLMODE",
        "sslrootcert": "PGSSLROOTCERT",
        "sslcert": "PGSSLCERT",
        "sslkey": "PGSSLKEY",
        "passfile": "PGPASSFILE",
        "service": "PGSERVICE",
    }
    for key, variable in mapping.items():
        if params.get(key):
            env[variable] = str(params[key])
    env["PGAPPNAME"] = "gifu_taisaku-backup"
    return env


UNCHANGED = "（データベースは変更されていません）"


def _run(command: list[str], env: dict[str, str], what: str, **kwargs) -> None:
    result = subprocess.run(  # noqa: S603
        command, env=env, capture_output=True, text=True, check=False, **kwargs
    )
    if result.returncode != 0:
        raise BackupError(
            f"{what}に失敗しました（終了コード {result.returncode}）:\n{result.stderr}"
        )


# Everything in the current schema goes before a restore, so that tables of a newer schema
# do not survive next to an older backup. Runs in the same transaction as the restore.
DROP_SCHEMA_OBJECTS = """
SET lock_timeout = '60s';
SET client_min_messages = warning;
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT c.relname, c.relkind FROM pg_class c
             JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
               AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
    LOOP
        EXECUTE format(
            CASE r.relkind WHEN 'v' THEN 'DROP VIEW IF EXISTS %I CASCADE'
                           WHEN 'm' THEN 'DROP MATERIALIZED VIEW IF EXISTS %I CASCADE'
                           WHEN 'f' THEN 'DROP FOREIGN TABLE IF EXISTS %I CASCADE'
                           ELSE 'DROP TABLE IF EXISTS %I CASCADE' END, r.relname);
    END LOOP;
    FOR r IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = current_schema() AND c.relkind = 'S'
    LOOP
        EXECUTE format('DROP SEQUENCE IF EXISTS %I CASCADE', r.relname);
    END LOOP;
    FOR r IN SELECT p.proname, pg_get_function_identity_arguments(p.oid) AS args
             FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname = current_schema()
               AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
    LOOP
        EXECUTE format('DROP FUNCTION IF EXISTS %I(%s) CASCADE', r.proname, r.args);
    END LOOP;
END $$;
"""


def wipe_postgresql(using: str) -> None:
    """Drop every table, sequence and function of the current schema (drills and restore)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(DROP_SCHEMA_OBJECTS)


def _backup_postgresql(using: str, target: Path) -> None:
    pg_dump = pg_binary("pg_dump", using)
    _run([pg_dump, "--format=custom", "--file", str(target)], pg_env(using), "pg_dump")


def _restore_postgresql(using: str, source: Path) -> None:
    """Replay the archive into the emptied schema inside one transaction.

    pg_restore turns the archive into SQL; we pass it on to psql between our own BEGIN and a
    COMMIT that is only sent once pg_restore has finished without error (a truncated archive
    must not commit half a database). Any psql error stops psql, which rolls back.
    """
    env = pg_env(using)
    pg_restore, psql = pg_binary("pg_restore", using), pg_binary("psql", using)
    _run([pg_restore, "--list", str(source)], env, "バックアップファイルの確認（pg_restore）")
    connections[using].close()  # our own idle connection must not hold any lock
    with tempfile.TemporaryFile() as dump_errors, tempfile.TemporaryFile() as load_errors:
        load = subprocess.Popen(  # noqa: S603
            [psql, "-X", "-q", "-v", "ON_ERROR_STOP=1"],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=load_errors,
        )
        dump = subprocess.Popen(  # noqa: S603
            [pg_restore, "--no-owner", "--no-privileges", "--exit-on-error", "-f-", str(source)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=dump_errors,
        )
        try:
            load.stdin.write(b"BEGIN;\n" + DROP_SCHEMA_OBJECTS.encode() + b"\n")
            for block in iter(lambda: dump.stdout.read(1 << 16), b""):
                load.stdin.write(block)
            dumped = dump.wait()
            load.stdin.write(b"COMMIT;\n" if dumped == 0 else b"ROLLBACK;\n")
            load.stdin.close()
        except BrokenPipeError:
            dump.kill()
            dumped = dump.wait()
        loaded = load.wait()
        dump_errors.seek(0)
        load_errors.seek(0)
        if loaded != 0:
            message = load_errors.read().decode(errors="replace")
            raise BackupError(f"復元に失敗しました{UNCHANGED}:\n{message}")
        if dumped != 0:
            message = dump_errors.read().decode(errors="replace")
            raise BackupError(f"バックアップファイルを読み切れませんでした{UNCHANGED}:\n{message}")


# ---- SQLite ------------------------------------------------------------------------------


def _backup_sqlite(using: str, target: Path) -> None:
    connection = connections[using]
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
    finally:
        destination.close()


def _check_sqlite_file(source: Path) -> None:
    database = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        (result,) = database.execute("PRAGMA integrity_check").fetchone()
        has_migrations = database.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
        ).fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"バックアップファイルを読み取れません: {error}") from error
    finally:
        database.close()
    if result != "ok":
        raise BackupError(f"バックアップファイルが壊れています（integrity_check: {result}）。")
    if not has_migrations:
        raise BackupError("このファイルはこのシステムのデータベースではありません。")


def _restore_sqlite(using: str, source: Path) -> None:
    _check_sqlite_file(source)
    connection = connections[using]
    connection.ensure_connection()
    backup = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        backup.backup(connection.connection)
    finally:
        backup.close()


# ---- files of the default storage (MEDIA_ROOT) ---------------------------------------------

# Working directories inside MEDIA_ROOT during a restore; never archived.
_WORK_PREFIX = ".restore-"


def media_archive(database_file: Path) -> Path:
    """Where the files of a database backup are kept: `<file>.media.tar` beside it."""
    return database_file.with_name(f"{database_file.name}.media.tar")


def local_media_root() -> Path | None:
    """The default storage's directory, or None when files live elsewhere (object storage)."""
    storage = storages["default"]
    return Path(storage.location) if isinstance(storage, FileSystemStorage) else None


def _media_entries(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if not p.name.startswith(_WORK_PREFIX))


def _backup_media(root: Path, archive: Path) -> int:
    """Archive every file under `root` (0600, complete or not at all); return the file count."""
    temporary = _private_temp(archive)
    try:
        with tarfile.open(temporary, "w") as tar:
            for entry in _media_entries(root):
                tar.add(entry, arcname=entry.name)
            count = sum(1 for member in tar.getmembers() if member.isfile())
        os.replace(temporary, archive)
    finally:
        temporary.unlink(missing_ok=True)
    return count


def _unpack_media(archive: Path, root: Path) -> Path:
    """Unpack the archive into a working directory inside `root`, refusing unsafe members."""
    root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=_WORK_PREFIX, dir=root))
    try:
        with tarfile.open(archive, "r") as tar:
            tar.extractall(work, filter="data")
    except (tarfile.TarError, OSError) as error:
        shutil.rmtree(work, ignore_errors=True)
        raise BackupError(
            f"添付ファイル等のバックアップ {archive.name} を展開できません{UNCHANGED}: {error}"
        ) from error
    return work


def _swap_media(work: Path, root: Path) -> None:
    """Replace the contents of `root` with those of `work` (renames within one file system,
    which also holds when MEDIA_ROOT is itself a mount point)."""
    old = Path(tempfile.mkdtemp(prefix=_WORK_PREFIX, dir=root))
    for entry in _media_entries(root):
        entry.rename(old / entry.name)
    for entry in sorted(work.iterdir()):
        entry.rename(root / entry.name)
    shutil.rmtree(work)
    shutil.rmtree(old)  # the safety backup, if one was asked for, has these files


def _file_fields():
    """(model, field) of every stored file column of the installed apps."""
    for model in apps.get_models():
        if model._meta.managed and not model._meta.proxy:
            for model_field in model._meta.concrete_fields:
                if isinstance(model_field, models.FileField):
                    yield model, model_field


def missing_files(using: str) -> list[str]:
    """Lines naming the rows (attachments, report files …) the restored database has whose
    file the storage does not have (for the operator)."""
    lines = []
    for model, file_field in _file_fields():
        storage = file_field.storage
        names = (
            model._base_manager.using(using)
            .exclude(**{file_field.name: ""})
            .exclude(**{f"{file_field.name}__isnull": True})
            .values_list("pk", file_field.name)
        )
        lost = [pk for pk, name in names.iterator() if not storage.exists(name)]
        if lost:
            ids = ", ".join(map(str, lost[:20])) + (" ほか" if len(lost) > 20 else "")
            label = model._meta.verbose_name
            lines.append(f"{label} {len(lost)} 件の実体がありません（id={ids}）。")
    return lines


# ---- the operations -------------------------------------------------------------------------


@dataclass
class BackupResult:
    sha256: str
    media_archive: Path | None = None  # None: files are not in a local directory
    media_sha256: str = ""
    media_files: int = 0


def backup(using: str, target: Path) -> BackupResult:
    """Write a consistent copy of the alias's database to `target` and, when files are kept
    in a local directory, an archive of it beside; return their SHA-256 digests.

    The database is copied first: a file uploaded in between is in the archive without a
    row, which is harmless (a row without its file is what a restore reports).
    """
    vendor = _vendor(using)
    target = Path(target)
    root = local_media_root()
    archive = media_archive(target) if root is not None else None
    for path in (target, archive):
        if path is not None and path.exists():
            raise BackupError(f"{path} は既にあります。別のファイル名を指定してください。")
    if not target.parent.is_dir():
        raise BackupError(f"{target.parent} というディレクトリはありません。")
    temporary = _private_temp(target)
    try:
        if vendor == "postgresql":
            _backup_postgresql(using, temporary)
        else:
            _backup_sqlite(using, temporary)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    result = BackupResult(sha256=file_sha256(target))
    if archive is not None:
        result.media_archive = archive
        result.media_files = _backup_media(root, archive)
        result.media_sha256 = file_sha256(archive)
    return result


def check_backup_file(using: str, source: Path) -> None:
    """Refuse a missing file, or one made from the other kind of database."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"{source} が見つかりません。")
    vendor, kind = _vendor(using), file_kind(source)
    if kind != vendor:
        raise BackupError(
            f"{source} は {kind} のバックアップです。"
            f"このデータベース（{vendor}）には復元できません。"
        )


def restore_hooks():
    """(app label, module) of every installed app with a restore.py."""
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "restore"):
            yield config.label, import_module(f"{config.name}.restore")


@dataclass
class RestoreResult:
    sha256: str
    migrated: bool = False
    media_restored: bool = False
    messages: list[str] = field(default_factory=list)  # from the apps' hooks
    missing_files: list[str] = field(default_factory=list)
    trail_head: dict | None = None  # the restored audit trail's end, before the hooks add to it


def restore(using: str, source: Path) -> RestoreResult:
    """Replace the alias's database (and local files, when the backup has them) with the
    backup in `source`, then re-apply app state.

    The caller has confirmed and has written a safety backup if it wanted one. The files are
    unpacked before the database is touched and put in place only once it is restored.
    """
    source = Path(source)
    check_backup_file(using, source)
    result = RestoreResult(sha256=file_sha256(source))
    root, archive = local_media_root(), media_archive(source)
    unpacked = _unpack_media(archive, root) if root is not None and archive.is_file() else None
    try:
        kept = {label: module.before_restore(using=using) for label, module in restore_hooks()}
        if _vendor(using) == "postgresql":
            _restore_postgresql(using, source)
        else:
            _restore_sqlite(using, source)
    except BaseException:
        if unpacked is not None:  # the files stay as they are, like the database
            shutil.rmtree(unpacked, ignore_errors=True)
        raise
    if unpacked is not None:
        _swap_media(unpacked, root)
        result.media_restored = True
    connections[using].close()
    result.migrated = _migrate_if_needed(using)
    result.trail_head = trail_head(using)
    for label, module in restore_hooks():
        if label in kept:
            result.messages.extend(module.after_restore(kept[label], using=using))
    if root is not None:
        result.missing_files = missing_files(using)
    return result


def _migrate_if_needed(using: str) -> bool:
    """An older backup has an older schema: bring it up to the code's before anything else."""
    from django.core.management import call_command
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[using])
    if not executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return False
    call_command("migrate", database=using, interactive=False, verbosity=0)
    return True
