"""Offline packages (数据包, ``.ldpkg``): an office's records of a period, carried to the county.

An office without a connection to the county server exports a package (``export_package``);
the county imports it into its database (``import_package``), where the office becomes one
unit among the others. The package is a zip file:

- ``manifest.json``: ``format`` ("lawdesk-package"), ``format_version`` (1), ``program_version``
  (the exporting program's), ``unit`` {uuid, name, kind, code}, ``period`` {start, end, label},
  ``created_at``, ``counts`` {kind: records}, ``personal`` (whether personal fields are in it),
  ``omitted_fields`` {kind: [field names left out]}, ``evidence`` (whether files are in it) and
  ``members`` {name: SHA-256 of that member} for every other member of the zip;
- ``records.json``: {kind: [{uuid, created_at, updated_at, deleted_at, fields}]}, the field
  values as JSON (dates YYYY-MM-DD, decimals as text, a reference as the referenced record's
  uuid);
- ``profile.json``: the unit profile (单位设置) with its ``updated_at``, the settings of the
  office's report (``report_settings``: 版式 profile, wording options, outline, the suggestions
  ticked for the year) and the narratives of the year (``narratives``: [{year, section, text,
  updated_at}]);
- ``tombstones.json`` (format 2): every record of the unit purged for good (彻底删除), as [{kind,
  uuid, purged_at}] (``lawdesk.services.tombstones``);
- with evidence: ``evidence.json`` (one entry per file: record kind and uuid, category, names,
  size, added_at, member) and the files themselves under ``evidence/<kind>/<record uuid>/``.

Which records: every record of the unit whose date (``RecordSpec.date_field``) or any other date
of it (办结日期 …) falls in the period, plus the cases still open at the period's end (受理 by
the end and not 办结 by then), so the county computes the same figures as the office; the rosters
without a period (社区, 宣讲员) go whole. Records in the 回收站 are included with their
``deleted_at``, so a deletion reaches the county. A record purged (彻底删除) at the office is not
in later packages; its tombstone is, and the county purges its copy too.

A unit still called 本单位 (a database made before units were named by their 单位设置) is
refused at export and at import: the county would file the office under that name.

Personal data: the county needs no ID numbers, phone numbers or parties' names. By default the
fields marked ``personal`` in ``lawdesk.schema`` (当事人, 身份证号, 联系电话) are left out (listed in
``omitted_fields``); ``personal=True`` includes them. At the county a field missing from a
package keeps the value the county already has (none, for a new record).

Import: the package is verified first (``verify_package``: a zip, the manifest, every member
present and no other, every hash, the JSON, the format and a program not newer than this one),
then everything is written in one transaction: the unit by uuid (created from the manifest if
new; the county's own unit, kind 县, is never merged into), each record upserted by uuid (new →
added; newer change time → updated; same or older → skipped; the change time is the later of
``updated_at`` and ``deleted_at``, since moving a record to the 回收站 does not touch
``updated_at``), references resolved by uuid, the unit profile and narratives stored for that
unit (newer ``updated_at`` wins), the report settings stored per unit (``<key>@<unit uuid>``,
as ``lawdesk.services.settings`` keeps an office's report settings) unless a newer package of
the unit was imported before, the package's tombstones applied (``tombstones.Purges``: the
unit's records purged at the office are purged here, audited, and never brought back by an
older package), the package's period recorded as reported (``submissions.record_package``: 报送
is by package, not by the records' dates), and evidence files stored like attachments (a server database
keeps no files: they are counted as not imported). A package whose record has the uuid of a
record of another unit is refused. Every change is in the audit log (action 导入). Importing
the same package again changes nothing.

(Longer than most modules: the export and the import read one format — its members, hashes,
versions and checks — which must not drift apart; new records are written by
``records.insert_cleaned``, purges by ``tombstones``, the file by ``safe_write``.)
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import re
import shutil
import uuid as uuidlib
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from peewee import Expression

from lawdesk import __version__, filenames, paths, safe_write
from lawdesk.errors import LawdeskError, ValidationError
from lawdesk.models import (
    RECORD_MODELS,
    Attachment,
    RecordModel,
    ReportNarrative,
    Setting,
    Unit,
    UnitProfile,
    database,
)
from lawdesk.schema import RECORD_SPECS, UNIT_PROFILE, RecordSpec, spec_for
from lawdesk.services import attachments, audit, events, imports, submissions, tombstones, units
from lawdesk.services.lookup import record_values, title_of
from lawdesk.services.period import Period
from lawdesk.services.records import insert_cleaned, to_columns
from lawdesk.services.validation import FieldError, clean_record, clean_value, is_blank

FORMAT = "lawdesk-package"
FORMAT_VERSION = 2  # 2: tombstones.json (records purged for good, services.tombstones)
SUFFIX = ".ldpkg"
MANIFEST = "manifest.json"
RECORDS = "records.json"
PROFILE = "profile.json"
EVIDENCE_INDEX = "evidence.json"
EVIDENCE_DIR = "evidence/"
ACTION = "导入"
CHUNK = 200  # rows per INSERT
LOOKUP_CHUNK = 500  # uuids per lookup (well under SQLite's 32,766 bound parameters)

#: Settings of an office's report that travel with the package (the suggestions key per year).
REPORT_SETTING_KEYS = ("report_profile", "report_options", "report_outline")
SUGGESTIONS_KEY = "report_suggestions_{year}"
#: Per unit: the ``created_at`` of the newest package of the unit imported here.
LAST_PACKAGE_KEY = "package_created_at@{uuid}"
#: Roster types: no period, exported whole.
ROSTER_KINDS = ("community", "lecturer")
#: Largest JSON member read into memory (a year of a busy office is a few MB).
MAX_JSON_SIZE = 200 * 1024 * 1024
#: Largest evidence file a package carries: the evidence form's own limit.
MAX_EVIDENCE_FILE = attachments.MAX_SIZE
#: Largest total of evidence files in one package (checked before anything is written).
MAX_EVIDENCE_TOTAL = 4 * 1024 * 1024 * 1024
#: Kept free on the county's disk beyond the evidence files being imported.
DISK_MARGIN = 100 * 1024 * 1024
#: Order in which kinds are imported: referenced rosters first.
IMPORT_ORDER = tuple(sorted((s.kind for s in RECORD_SPECS), key=lambda k: k not in ROSTER_KINDS))


class PackageError(LawdeskError):
    """A package that cannot be written or read: damaged, incomplete, foreign or refused."""


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


# --------------------------------------------------------------------------------------------
# Values to and from JSON


def _json_value(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.normalize())
    return value


def _stamp(text: object, what: str) -> dt.datetime | None:
    if text is None:
        return None
    if isinstance(text, dt.datetime):
        return text
    try:
        return dt.datetime.fromisoformat(str(text)).replace(tzinfo=None, microsecond=0)
    except ValueError:
        raise PackageError(f"数据包已损坏：{what}“{text}”不是有效的时间。") from None


def _created_stamp(text: object) -> dt.datetime:
    """When the package was written (microseconds kept: it orders packages of one unit)."""
    try:
        return dt.datetime.fromisoformat(str(text)).replace(tzinfo=None)
    except ValueError:
        raise PackageError(f"数据包已损坏：生成时间“{text}”不是有效的时间。") from None


def _change_time(updated_at: dt.datetime | None, deleted_at: dt.datetime | None) -> dt.datetime:
    """When a record last changed: moving it to the 回收站 sets only ``deleted_at``."""
    stamps = [s for s in (_stamp(updated_at, "修改时间"), _stamp(deleted_at, "删除时间")) if s is not None]
    return max(stamps, default=dt.datetime.min)


def _dumps(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False).encode("utf-8")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _version_tuple(text: str) -> tuple[int, ...]:
    parts = re.findall(r"\d+", str(text))
    return tuple(int(p) for p in parts[:4]) if parts else (0,)


# --------------------------------------------------------------------------------------------
# Which unit, which records


def find_unit(text: str) -> Unit:
    """A unit named by its uuid, id, code or name (the ``--unit`` of the command line)."""
    text = (text or "").strip()
    with contextlib.suppress(LawdeskError):
        return units.get_unit(text)
    unit = Unit.get_or_none(Unit.code == text)
    if unit is not None:
        return unit
    named = list(Unit.select().where(Unit.name == text).limit(2))
    if len(named) == 1:
        return named[0]
    if named:
        raise PackageError(f"有多个名为“{text}”的单位，请用单位代码或标识指定。")
    raise PackageError(f"没有找到单位“{text}”。")


def _named(unit: units.UnitRef) -> Unit:
    """The unit to export, as its 单位设置 names it: none yet, or one still called 本单位, is
    refused (the county would file its data under that name)."""
    if unit is None and not units.has_units():
        raise PackageError(units.no_unit_message("生成数据包"))
    office = _export_unit(unit)
    try:
        units.require_real_name(office)
    except LawdeskError as exc:
        raise PackageError(exc.message) from None
    return office


def _export_unit(unit: units.UnitRef) -> Unit:
    if unit is None:
        current = units.current_unit()
        if current is None:
            raise PackageError("这个数据库包含多个单位，请指定要导出数据包的单位（--unit）。")
        return current
    return units.get_unit(unit) if not isinstance(unit, str) else find_unit(unit)


def _in_period(spec: RecordSpec, model: type[RecordModel], period: Period) -> Expression | None:
    """The records of a period (None: every record, the rosters)."""
    if spec.kind in ROSTER_KINDS:
        return None
    cond: Expression | None = None
    for f in spec.all_fields:
        if f.kind == "date":
            part = getattr(model, f.name).between(period.start, period.end)
            cond = part if cond is None else cond | part
    names = {f.name for f in spec.all_fields}
    if "closed_date" in names:  # still open at the period's end: counted by the period's figures
        received = getattr(model, spec.date_field)
        closed = model.closed_date
        cond = cond | ((received <= period.end) & (closed.is_null() | (closed > period.end)))
    return cond


def _ref_fields(spec: RecordSpec) -> dict[str, str]:
    return {f.name: f.ref for f in spec.all_fields if f.kind == "ref"}


def _omitted(spec: RecordSpec, personal: bool) -> list[str]:
    return [] if personal else [f.name for f in spec.all_fields if f.personal]


def _collect_records(unit: Unit, period: Period, personal: bool) -> tuple[dict[str, list[dict]], dict[str, dict]]:
    """records.json and, per kind, {record id: uuid} of the exported records."""
    uuids: dict[str, dict[int, str]] = {
        kind: dict(model.select(model.id, model.uuid).where(model.unit_id == unit.id).tuples())
        for kind, model in RECORD_MODELS.items()
        if kind in ROSTER_KINDS
    }
    out: dict[str, list[dict]] = {}
    exported: dict[str, dict[int, str]] = {}
    for spec in RECORD_SPECS:
        model = RECORD_MODELS[spec.kind]
        refs = _ref_fields(spec)
        left_out = set(_omitted(spec, personal))
        query = model.select().where(model.unit_id == unit.id)
        cond = _in_period(spec, model, period)
        if cond is not None:
            query = query.where(cond)
        rows = []
        exported[spec.kind] = {}
        for record in query.order_by(model.id):
            values: dict[str, object] = {}
            for f in spec.all_fields:
                if f.name in left_out:
                    continue
                if f.name in refs:
                    ref_id = getattr(record, f"{f.name}_id")
                    values[f.name] = None if ref_id is None else uuids[refs[f.name]].get(ref_id)
                    if ref_id is not None and values[f.name] is None:  # another unit's record
                        values[f.name] = RECORD_MODELS[refs[f.name]].get_by_id(ref_id).uuid
                else:
                    values[f.name] = _json_value(getattr(record, f.name))
            rows.append({
                "uuid": record.uuid,
                "created_at": _json_value(record.created_at),
                "updated_at": _json_value(record.updated_at),
                "deleted_at": _json_value(record.deleted_at),
                "fields": values,
            })  # fmt: skip
            exported[spec.kind][record.id] = record.uuid
        out[spec.kind] = rows
    return out, exported


def _setting(key: str, unit: Unit, single: bool) -> object:
    """An office's report setting: stored per unit (``key@uuid``), or, in a database of one
    unit written before settings were kept per unit, under the plain key."""
    row = Setting.get_or_none(Setting.key == f"{key}@{unit.uuid}")
    if row is None and single:
        row = Setting.get_or_none(Setting.key == key)
    if row is None:
        return None
    try:
        return json.loads(row.value)
    except ValueError:
        return None


def _collect_profile(unit: Unit, period: Period) -> dict[str, object]:
    year = period.end.year  # the narratives' year (reports.narrative_year)
    single = Unit.select().count() == 1
    row = UnitProfile.get_or_none(UnitProfile.unit_id == unit.id)
    profile = None
    if row is not None:
        profile = {f.name: _json_value(getattr(row, f.name)) for f in UNIT_PROFILE.fields}
        profile["updated_at"] = _json_value(row.updated_at)
    keys = [*REPORT_SETTING_KEYS, SUGGESTIONS_KEY.format(year=year)]
    report_settings = {k: v for k in keys if (v := _setting(k, unit, single)) is not None}
    # the office's words of the year: written for it, or carried from its latest earlier year
    # (sent as the year's, so the county writes the office's report with the office's words)
    latest: dict[str, ReportNarrative] = {}
    for n in (ReportNarrative.select()
              .where((ReportNarrative.unit_id == unit.id) & (ReportNarrative.year <= year))
              .order_by(ReportNarrative.year.desc())):  # fmt: skip
        latest.setdefault(n.section, n)
    narratives = [
        {"year": year, "section": n.section, "text": n.text, "updated_at": _json_value(n.updated_at)}
        for _section, n in sorted(latest.items())
    ]
    return {"year": year, "unit_profile": profile, "report_settings": report_settings, "narratives": narratives}


def _collect_evidence(exported: dict[str, dict[int, str]]) -> list[tuple[dict[str, object], Path]]:
    """evidence.json's entries and the files behind them. The clerk's file name travels in the
    entry (``original_name``); the zip member is named by position and a plain extension, so a
    name any desktop allows (``会议 10:30.jpg``) is never a zip member name another refuses."""
    from lawdesk.connection import is_server_database

    if is_server_database():
        raise PackageError("服务器数据库不在这台电脑上保存材料文件，不能把材料文件放进数据包；请去掉“含材料文件”后再导出。")
    out = []
    total = 0
    for kind, ids in exported.items():
        if not ids:
            continue
        query = Attachment.select().where((Attachment.record_kind == kind) & Attachment.record_id.in_(list(ids)))
        for att in query.order_by(Attachment.id):
            source = attachments.path_of(att)
            if not source.is_file():
                raise PackageError(f"找不到材料文件“{att.original_name}”（{source}），数据包没有生成。")
            size = source.stat().st_size
            if size > MAX_EVIDENCE_FILE:
                raise PackageError(f"材料文件“{att.original_name}”超过 {MAX_EVIDENCE_FILE >> 20} MB，不能放进数据包。")
            total += size
            if total > MAX_EVIDENCE_TOTAL:
                raise PackageError(f"材料文件合计超过 {MAX_EVIDENCE_TOTAL >> 30} GB，不能放进一个数据包；"
                                   "请分期间导出（--start/--end），或去掉“含材料文件”。")  # fmt: skip
            record_uuid = ids[att.record_id]
            member = f"{EVIDENCE_DIR}{kind}/{record_uuid}/{len(out) + 1:05d}{_plain_suffix(att.original_name)}"
            entry = {
                "kind": kind, "record": record_uuid, "category": att.category,
                "original_name": att.original_name, "stored_name": att.stored_name,
                "size": size, "added_at": _json_value(att.added_at), "member": member,
            }  # fmt: skip
            out.append((entry, source))
    return out


def _plain_suffix(name: str) -> str:
    """``name``'s extension when it is plain ASCII (``.jpg``), else none."""
    suffix = PurePosixPath(name.replace("\\", "/")).suffix.lower()
    return suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else ""


# --------------------------------------------------------------------------------------------
# Export


def _refuse_target(target: Path) -> None:
    """Refuse before any work a target ``lawdesk.safe_write`` would refuse (an input, read-only …)."""
    try:
        safe_write.check_target(target)
    except safe_write.OutputError as exc:
        raise PackageError(exc.message) from exc


@dataclass
class ExportResult:
    path: Path
    unit: Unit
    period: Period
    counts: dict[str, int]
    evidence_files: int = 0
    personal: bool = False

    def message(self) -> str:
        total = sum(self.counts.values())
        text = f"已生成{self.unit.name}{self.period.label}数据包：{self.path}，共 {total} 条记录"
        if self.evidence_files:
            text += f"、{self.evidence_files} 个材料文件"
        text += "。" + ("含个人信息。" if self.personal else "不含个人信息（当事人、身份证号、联系电话）。")
        return text


def export_package(
    period: Period,
    out: Path,
    *,
    unit: units.UnitRef = None,
    evidence: bool = False,
    personal: bool = False,
) -> Path:
    """Write the package of ``unit`` (default: the current unit) for ``period`` to ``out``
    (atomically: a temporary file in the same folder, then renamed); return its path."""
    return export_package_result(period, out, unit=unit, evidence=evidence, personal=personal).path


def export_package_result(
    period: Period,
    out: Path,
    *,
    unit: units.UnitRef = None,
    evidence: bool = False,
    personal: bool = False,
) -> ExportResult:
    """``export_package`` with what was written (for the command line and the GUI)."""
    target = Path(out)
    _refuse_target(target)  # a folder, an input, a read-only file, a name too long …
    office = _named(unit)
    with database.atomic():  # one consistent reading
        records, exported = _collect_records(office, period, personal)
        profile = _collect_profile(office, period)
        files = _collect_evidence(exported) if evidence else []
        purged = tombstones.package_member(office)
    members: dict[str, bytes | Path] = {RECORDS: _dumps(records), PROFILE: _dumps(profile)}
    members[tombstones.MEMBER] = _dumps(purged)
    if evidence:
        members[EVIDENCE_INDEX] = _dumps([entry for entry, _source in files])
        for entry, source in files:
            members[str(entry["member"])] = source
    hashes = {name: (_sha256(data) if isinstance(data, bytes) else _file_sha256(data)) for name, data in members.items()}
    counts = {kind: len(rows) for kind, rows in records.items()}
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "program_version": __version__,
        "unit": {"uuid": office.uuid, "name": office.name, "kind": office.kind, "code": office.code},
        "period": {"start": period.start.isoformat(), "end": period.end.isoformat(), "label": period.label},
        # to the microsecond: two packages written within one second are still told apart
        "created_at": dt.datetime.now().isoformat(sep=" "),
        "counts": counts,
        "personal": bool(personal),
        "omitted_fields": {s.kind: names for s in RECORD_SPECS if (names := _omitted(s, personal))},
        "evidence": bool(evidence),
        "members": hashes,
    }
    _write_zip(target, _dumps(manifest), members)
    return ExportResult(target, office, period, counts, len(files), bool(personal))


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_zip(target: Path, manifest: bytes, members: Mapping[str, bytes | Path]) -> None:
    def fill(fh: BinaryIO) -> None:
        with zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(MANIFEST, manifest)
            for name, data in members.items():
                if isinstance(data, bytes):
                    zf.writestr(name, data)
                else:
                    zf.write(data, name, compress_type=zipfile.ZIP_STORED)  # photos: compressed already

    try:
        safe_write.write_with(target, fill)
    except safe_write.OutputError as exc:
        raise PackageError(exc.message) from exc


# --------------------------------------------------------------------------------------------
# Verify


@dataclass(frozen=True)
class PackageManifest:
    """What a verified package says about itself."""

    format_version: int
    program_version: str
    unit_uuid: str
    unit_name: str
    unit_kind: str
    unit_code: str | None
    period: Period
    created_at: dt.datetime
    counts: dict[str, int]
    members: dict[str, str]
    personal: bool = False
    evidence: bool = False
    omitted_fields: dict[str, list[str]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def unit(self) -> dict[str, str | None]:
        return {"uuid": self.unit_uuid, "name": self.unit_name, "kind": self.unit_kind, "code": self.unit_code}


@dataclass
class _Opened:
    manifest: PackageManifest
    records: dict[str, list[dict]]
    profile: dict[str, object]
    evidence: list[dict[str, object]]
    tombstones: list[dict[str, str]] = field(default_factory=list)


def _bad(path: Path, reason: str) -> PackageError:
    return PackageError(f"数据包“{path.name}”{reason}，没有导入。请让报送单位重新导出数据包后再试。")


def _load_json(zf: zipfile.ZipFile, name: str, path: Path, expected: str) -> object:
    info = zf.getinfo(name)
    if info.file_size > MAX_JSON_SIZE:
        raise _bad(path, f"中的 {name} 过大")
    data = _read_member(zf, name, path)
    if _sha256(data) != expected:
        raise _bad(path, f"中的 {name} 与清单记载的校验值不符（文件被改动或损坏）")
    return _parse_json(data, name, path)


def _parse_json(data: bytes, name: str, path: Path) -> object:
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _bad(path, f"中的 {name} 不是有效的 JSON") from None


def _read_member(zf: zipfile.ZipFile, name: str, path: Path) -> bytes:
    try:
        return zf.read(name)
    except (zipfile.BadZipFile, zlib_error(), EOFError, OSError, RuntimeError, ValueError):
        raise _bad(path, f"中的 {name} 已损坏，无法读出") from None


def zlib_error() -> type[Exception]:
    import zlib

    return zlib.error


def _member_hash(zf: zipfile.ZipFile, name: str, path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with zf.open(name) as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    except (zipfile.BadZipFile, zlib_error(), EOFError, OSError, RuntimeError, ValueError):
        raise _bad(path, f"中的 {name} 已损坏，无法读出") from None
    return digest.hexdigest()


def _safe_member(name: str) -> bool:
    """A member name that is no path out of anywhere: relative, no ``..``, no drive, no ``\\``.

    Members are only ever looked up by name, never extracted by it (an evidence file goes where
    ``_Importer.stored_name`` says), so a ``:`` inside a name (``会议 10:30.jpg`` in a package
    of an earlier version) is harmless."""
    pure = PurePosixPath(name)
    return not (not name or name.startswith("/") or "\\" in name or ".." in pure.parts
                or re.match(r"[A-Za-z]:", name) or "\x00" in name)  # fmt: skip


def _manifest(raw: object, path: Path) -> PackageManifest:
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise PackageError(f"“{path.name}”不是法治建设台账的数据包（清单格式不对），没有导入。")
    version = raw.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _bad(path, "的格式版本不对")
    program = str(raw.get("program_version") or "")
    if version > FORMAT_VERSION or _version_tuple(program) > _version_tuple(__version__):
        raise PackageError(
            f"数据包“{path.name}”由较新版本的程序（{program or '未知版本'}，格式版本 {version}）生成，"
            f"本程序是 {__version__}，不能正确读取。请先升级本程序后再导入。"
        )
    try:
        unit = raw["unit"]
        unit_uuid = str(uuidlib.UUID(str(unit["uuid"])))
        unit_name = str(unit["name"]).strip()
        unit_kind = str(unit["kind"])
        unit_code = unit.get("code")
        period = Period(dt.date.fromisoformat(raw["period"]["start"]), dt.date.fromisoformat(raw["period"]["end"]))
        created = _created_stamp(raw["created_at"])
        counts = {str(k): int(v) for k, v in dict(raw["counts"]).items()}
        members = {str(k): str(v) for k, v in dict(raw["members"]).items()}
        omitted = {str(k): [str(n) for n in v] for k, v in dict(raw.get("omitted_fields") or {}).items()}
    except (KeyError, TypeError, ValueError, AttributeError):
        raise _bad(path, "的清单内容不完整或格式不对") from None
    if not unit_name or unit_kind not in units.KINDS or created is None:
        raise _bad(path, "的清单中单位或生成时间不对")
    if unit_code is not None and not isinstance(unit_code, str):
        raise _bad(path, "的清单中单位代码不对")
    unknown = [k for k in counts if k not in RECORD_MODELS]
    if unknown:
        raise _bad(path, f"含有本程序不认识的记录类型（{'、'.join(unknown)}）")
    return PackageManifest(
        format_version=version, program_version=program, unit_uuid=unit_uuid, unit_name=unit_name,
        unit_kind=unit_kind, unit_code=unit_code or None, period=period, created_at=created, counts=counts,
        members=members, personal=bool(raw.get("personal")), evidence=bool(raw.get("evidence")),
        omitted_fields=omitted,
    )  # fmt: skip


def _check_records(records: object, manifest: PackageManifest, path: Path) -> dict[str, list[dict]]:
    if not isinstance(records, dict):
        raise _bad(path, "中的记录格式不对")
    seen: set[str] = set()
    for kind, rows in records.items():
        if kind not in RECORD_MODELS or not isinstance(rows, list):
            raise _bad(path, f"中的记录类型“{kind}”不对")
        if len(rows) != manifest.counts.get(kind, 0):
            raise _bad(path, f"中{spec_for(kind).label}的记录数与清单不符")
        for row in rows:
            if not isinstance(row, dict) or not isinstance(row.get("fields"), dict):
                raise _bad(path, f"中有一条{spec_for(kind).label}记录格式不对")
            try:
                row["uuid"] = str(uuidlib.UUID(str(row.get("uuid"))))
            except ValueError:
                raise _bad(path, f"中有一条{spec_for(kind).label}记录的标识不对") from None
            if row["uuid"] in seen:
                raise _bad(path, "中有重复的记录")
            seen.add(row["uuid"])
            _stamp(row.get("updated_at"), "修改时间")
            _stamp(row.get("deleted_at"), "删除时间")
    missing = [k for k, n in manifest.counts.items() if n and k not in records]
    if missing:
        raise _bad(path, "中的记录数与清单不符")
    return records


def _open_package(path: Path) -> _Opened:
    path = Path(path)
    if not path.is_file():
        raise PackageError(f"找不到数据包“{path}”。")
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, EOFError, ValueError):
        raise PackageError(f"“{path.name}”不是数据包（不是有效的 zip 文件，或文件不完整），没有导入。") from None
    except OSError as exc:
        raise PackageError(f"无法读取“{path.name}”：{exc.strerror or exc}") from exc
    with zf:
        names = [i.filename for i in zf.infolist() if not i.is_dir()]
        if len(names) != len(set(names)) or not all(_safe_member(n) for n in names):
            raise _bad(path, "含有重复或不安全的文件名")
        if MANIFEST not in names:
            raise PackageError(f"“{path.name}”不是数据包（缺少清单 {MANIFEST}），没有导入。")
        if zf.getinfo(MANIFEST).file_size > MAX_JSON_SIZE:
            raise _bad(path, "的清单过大")
        manifest = _manifest(_parse_json(_read_member(zf, MANIFEST, path), MANIFEST, path), path)
        listed = set(manifest.members)
        present = set(names) - {MANIFEST}
        if listed - present:
            raise _bad(path, f"缺少文件：{'、'.join(sorted(listed - present))}")
        if present - listed:
            raise _bad(path, f"含有清单中没有的文件：{'、'.join(sorted(present - listed))}")
        for required in (RECORDS, PROFILE):
            if required not in listed:
                raise _bad(path, f"缺少文件：{required}")
        if manifest.evidence != (EVIDENCE_INDEX in listed):
            raise _bad(path, "的材料文件清单与清单记载不符")
        records = _check_records(_load_json(zf, RECORDS, path, manifest.members[RECORDS]), manifest, path)
        profile = _load_json(zf, PROFILE, path, manifest.members[PROFILE])
        if not isinstance(profile, dict):
            raise _bad(path, "中的单位设置格式不对")
        evidence: list[dict[str, object]] = []
        if manifest.evidence:
            raw = _load_json(zf, EVIDENCE_INDEX, path, manifest.members[EVIDENCE_INDEX])
            if not isinstance(raw, list) or not all(isinstance(e, dict) for e in raw):
                raise _bad(path, "中的材料文件清单格式不对")
            evidence = raw
            files = {n for n in listed if n.startswith(EVIDENCE_DIR)}
            if {str(e.get("member")) for e in evidence} != files or len(evidence) != len(files):
                raise _bad(path, "中的材料文件与材料文件清单不符")
            _check_evidence_sizes(zf, evidence, path)
        for name in sorted(listed - {RECORDS, PROFILE, EVIDENCE_INDEX}):
            if _member_hash(zf, name, path) != manifest.members[name]:
                raise _bad(path, f"中的 {name} 与清单记载的校验值不符（文件被改动或损坏）")
        purged = _load_tombstones(zf, path, manifest) if tombstones.MEMBER in listed else []
    return _Opened(manifest, records, profile, evidence, purged)


def _load_tombstones(zf: zipfile.ZipFile, path: Path, manifest: PackageManifest) -> list[dict[str, str]]:
    """The package's tombstones (records purged for good at the office), checked."""
    try:
        return tombstones.check(_load_json(zf, tombstones.MEMBER, path, manifest.members[tombstones.MEMBER]))
    except ValueError as exc:
        raise _bad(path, str(exc)) from None


def _check_evidence_sizes(zf: zipfile.ZipFile, evidence: list[dict[str, object]], path: Path) -> None:
    """Each evidence file within the evidence form's limit and all of them within the package's,
    as the zip declares them (its reader never gives more bytes than declared), before any is
    read or written."""
    total = 0
    for entry in evidence:
        info = zf.getinfo(str(entry.get("member")))
        shown = str(entry.get("original_name") or info.filename)[:80]
        if info.file_size > MAX_EVIDENCE_FILE:
            raise PackageError(f"数据包“{path.name}”中的材料文件“{shown}”有 {info.file_size >> 20} MB，"
                               f"超过每个材料文件 {MAX_EVIDENCE_FILE >> 20} MB 的上限，整个数据包没有导入。")  # fmt: skip
        size = entry.get("size")
        if size is not None and (not isinstance(size, int) or isinstance(size, bool) or size != info.file_size):
            raise _bad(path, f"中材料文件“{shown}”的大小与清单不符")
        total += info.file_size
    if total > MAX_EVIDENCE_TOTAL:
        raise PackageError(f"数据包“{path.name}”中的材料文件合计 {total >> 20} MB，超过 {MAX_EVIDENCE_TOTAL >> 30} GB "
                           "的上限，整个数据包没有导入。请让报送单位分期间导出。")  # fmt: skip


def verify_package(path: Path) -> PackageManifest:
    """Check a package without writing anything: a zip, its manifest, every member present (and
    no other) with the hash the manifest gives, valid JSON, this format, a program not newer
    than this one. Returns the manifest; raises ``PackageError`` (Chinese) otherwise."""
    return _open_package(Path(path)).manifest


# --------------------------------------------------------------------------------------------
# Import


@dataclass
class ImportResult:
    """What an import did: per record kind, how many records were added, updated or skipped."""

    path: Path
    unit: Unit
    period: Period
    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    unit_created: bool = False
    profile_changes: int = 0  # unit profile, report settings, narratives
    files_added: int = 0
    files_not_stored: int = 0
    purged: int = 0  # records the office purged for good, purged here too
    reported: bool = False  # the package reported its period for the first time (报送)

    @property
    def changed(self) -> bool:
        return bool(sum(self.added.values()) or sum(self.updated.values()) or self.profile_changes
                    or self.files_added or self.unit_created or self.purged or self.reported)  # fmt: skip

    def message(self) -> str:
        added, updated, skipped = (sum(d.values()) for d in (self.added, self.updated, self.skipped))
        head = f"{self.unit.name}{self.period.label}数据包（{self.path.name}）："
        if self.unit_created:
            head += "新建单位；"
        text = head + f"新增 {added} 条，更新 {updated} 条，未变 {skipped} 条"
        details = []
        for spec in RECORD_SPECS:
            a, u = self.added.get(spec.kind, 0), self.updated.get(spec.kind, 0)
            if a or u:
                details.append(f"{spec.label}" + (f"新增{a}" if a else "") + ("、" if a and u else "") + (f"更新{u}" if u else ""))
        if details:
            text += "（" + "，".join(details) + "）"
        if self.profile_changes:
            text += f"；单位设置和报告内容更新 {self.profile_changes} 项"
        if self.files_added:
            text += f"；材料文件 {self.files_added} 个"
        if self.reported:
            text += f"；{self.unit.name}{self.period.label}已报送"
        if self.purged:
            text += f"；{self.unit.name}已彻底删除的 {self.purged} 条记录在这里也已彻底删除"
        if self.files_not_stored:
            text += f"；服务器数据库不保存材料文件，{self.files_not_stored} 个材料文件未导入"
        if not self.changed:
            text += "。数据包中的内容已全部导入过，没有改动"
        return text + "。"


def _import_unit(manifest: PackageManifest, path: Path) -> tuple[Unit, bool]:
    if not manifest.unit_name or manifest.unit_name == units.PLACEHOLDER_NAME:
        raise PackageError(f"数据包“{path.name}”的单位名称是“{manifest.unit_name}”：报送单位还没有在单位设置中填写单位简称，"
                           "没有导入。请让该单位填写单位简称后重新导出数据包。")  # fmt: skip
    unit = Unit.get_or_none(Unit.uuid == manifest.unit_uuid)
    if unit is not None:
        if unit.kind == "县" or manifest.unit_kind == "县":
            raise PackageError(f"数据包“{path.name}”的单位是县级单位本身，不能导入到县级单位中。")
        return unit, False
    if manifest.unit_kind == "县":
        raise PackageError(f"数据包“{path.name}”是县级单位的数据包，只能导入乡镇（街道）的数据包。")
    own = units.current_unit()
    if own is not None and own.kind != "县" and _has_data(own):
        raise PackageError(
            f"这个数据库是“{own.name}”的台账，不能导入其他单位（{manifest.unit_name}）的数据包。请在县级数据库中导入。"
        )
    code = manifest.unit_code
    if code is not None and Unit.get_or_none(Unit.code == code) is not None:
        raise PackageError(
            f"数据包“{path.name}”的单位代码“{code}”已被本数据库中的另一个单位使用，没有导入。请核对单位后再试。"
        )
    try:
        unit = units.create_unit(manifest.unit_name, manifest.unit_kind, code=code, uuid=manifest.unit_uuid)
    except ValidationError as exc:
        raise PackageError(f"数据包“{path.name}”的单位无法建立：{exc.message}") from exc
    return unit, True


def _has_data(unit: Unit) -> bool:
    if UnitProfile.select().where(UnitProfile.unit_id == unit.id).exists():
        return True
    return any(m.select().where(m.unit_id == unit.id).exists() for m in RECORD_MODELS.values())


class _Importer:
    def __init__(self, opened: _Opened, path: Path, user: str | None) -> None:
        self.opened = opened
        self.manifest = opened.manifest
        self.path = path
        self.user = (user or audit.current_user())[:50]
        self.now = _now()
        self.entries: list[dict[str, object]] = []
        self.ids: dict[str, dict[str, int]] = {kind: {} for kind in RECORD_MODELS}  # uuid -> county id
        self.copied: list[Path] = []
        self.purges: tombstones.Purges | None = None

    def log(self, spec, record_id, title, old, new) -> None:  # noqa: ANN001 - a spec or its label
        self.entries.append(
            audit.entry(ACTION, spec, record_id, title, old, new, user=self.user, at=self.now, unit=self.unit.id)
        )

    def ref_resolver(self, kind: str, value: object) -> int:
        text = str(value)
        if text in self.ids[kind]:
            return self.ids[kind][text]
        model = RECORD_MODELS[kind]
        row = model.get_or_none(model.uuid == text)
        if row is None or row.unit_id != self.unit.id:
            raise FieldError(f"引用的{spec_for(kind).label}不在数据包中")
        self.ids[kind][text] = row.id
        return row.id

    def run(self, result: ImportResult) -> None:
        self.unit = result.unit
        self.purges = tombstones.Purges(self.unit, user=self.user, now=self.now)
        result.purged = self.purges.apply(self.opened.tombstones, PackageError, self.path.name)
        purged = tombstones.purged_uuids(self.unit)  # never brought back by an older package
        for kind in IMPORT_ORDER:
            self.records(kind, tombstones.without_purged(self.opened.records.get(kind, []), purged), result)
        result.reported = submissions.record_package(self.unit, self.manifest.period, self.manifest.created_at,
                                                     user=self.user, at=self.now)  # fmt: skip
        result.profile_changes = self.profile(self.opened.profile)
        self.evidence(result)
        for start in range(0, len(self.entries), CHUNK):
            audit.write_entries(self.entries[start : start + CHUNK])

    def records(self, kind: str, rows: list[dict], result: ImportResult) -> None:
        spec = spec_for(kind)
        model = RECORD_MODELS[kind]
        updated = skipped = 0
        # (id, unit, updated_at, deleted_at) of the package's records already here, looked up
        # by uuid (its unique index) a chunk at a time — never the whole table: a county
        # database holds every office's years (2,000,000 records: 13 s to read them all)
        stamps_here: dict[str, list] = {}
        wanted = [row["uuid"] for row in rows]
        for start in range(0, len(wanted), LOOKUP_CHUNK):
            query = model.select(model.uuid, model.id, model.unit_id, model.updated_at, model.deleted_at).where(
                model.uuid.in_(wanted[start : start + LOOKUP_CHUNK]))  # fmt: skip
            stamps_here.update({u: rest for u, *rest in query.tuples()})
        fresh: list[tuple[dict[str, object], dict[str, object]]] = []  # (values, stamps) of new records
        for row in rows:
            here = stamps_here.get(row["uuid"])
            if here is not None and here[1] != self.unit.id:
                raise PackageError(
                    f"数据包“{self.path.name}”中的{spec.label}记录“{title_of(spec, row['fields'])}”"
                    f"在本数据库中属于另一个单位，整个数据包没有导入。请核对数据包的来源。"
                )
            updated_at = _stamp(row.get("updated_at"), "修改时间") or self.now
            deleted_at = _stamp(row.get("deleted_at"), "删除时间")
            existing = None
            if here is not None:
                self.ids[kind][row["uuid"]] = here[0]
                if _change_time(updated_at, deleted_at) <= _change_time(here[2], here[3]):
                    skipped += 1
                    continue
                existing = model.get_by_id(here[0])
            values = self.clean(spec, row, existing)
            stamps = {"updated_at": updated_at, "deleted_at": deleted_at}
            if existing is None:
                created_at = _stamp(row.get("created_at"), "新增时间") or updated_at
                fresh.append((values, dict(stamps, created_at=created_at, uuid=row["uuid"])))
                continue
            old = record_values(existing)
            model.update(**to_columns(spec, values), **stamps).where(model.id == existing.id).execute()
            changed = {k: v for k, v in values.items() if old.get(k) != v}
            if existing.deleted_at != deleted_at:
                changed["deleted_at"] = deleted_at
                old["deleted_at"] = existing.deleted_at
            self.log(spec, existing.id, title_of(spec, values), {k: old.get(k) for k in changed}, changed)
            updated += 1
        self.insert(spec, fresh)
        result.added[kind], result.updated[kind], result.skipped[kind] = len(fresh), updated, skipped

    def insert(self, spec: RecordSpec, fresh: list[tuple[dict, dict]]) -> None:
        """Insert new records (values, the package's stamps) in chunks, in the package's order so
        that ids keep the office's order (``records.insert_cleaned``: found again by uuid)."""
        for start in range(0, len(fresh), CHUNK):
            chunk = fresh[start : start + CHUNK]
            ids = insert_cleaned(spec.kind, [values for values, _stamps in chunk], unit_id=self.unit.id,
                                 stamps=[stamps for _values, stamps in chunk])  # fmt: skip
            for record_id, (values, stamps) in zip(ids, chunk, strict=True):
                self.ids[spec.kind][str(stamps["uuid"])] = record_id
                logged = dict(values, deleted_at=stamps["deleted_at"])
                self.log(spec, record_id, title_of(spec, logged), None, logged)

    def clean(self, spec: RecordSpec, row: dict, existing: RecordModel | None) -> dict[str, object]:
        data = dict(row["fields"])
        try:
            if existing is None:
                return clean_record(spec, data, resolve_ref=self.ref_resolver)
            return clean_record(spec, data, partial=True, existing=record_values(existing),
                                resolve_ref=self.ref_resolver)  # fmt: skip
        except ValidationError as exc:
            raise PackageError(
                f"数据包“{self.path.name}”中的{spec.label}记录“{title_of(spec, data)}”数据不合规，整个数据包没有导入：\n"
                + exc.message.split("\n", 1)[-1]
            ) from exc

    # ---- unit profile, report settings, narratives

    def profile(self, profile: Mapping[str, object]) -> int:
        changes = 0
        raw = profile.get("unit_profile")
        if isinstance(raw, dict):
            changes += self.unit_profile(raw)
        year = self.manifest.period.end.year
        for item in profile.get("narratives") or []:
            if isinstance(item, dict):
                changes += self.narrative(item, year)
        if self.package_is_newest():
            changes += self.rename_unit()
            settings_in = profile.get("report_settings") or {}
            if isinstance(settings_in, dict):
                allowed = {*REPORT_SETTING_KEYS, SUGGESTIONS_KEY.format(year=year)}
                for key, value in settings_in.items():
                    if key in allowed:
                        changes += self.setting(f"{key}@{self.unit.uuid}", key, value)
        return changes

    def rename_unit(self) -> int:
        """The office renamed itself (or became a 乡镇): the newest package says so."""
        name, kind = self.manifest.unit_name[:100], self.manifest.unit_kind
        if (self.unit.name, self.unit.kind) == (name, kind):
            return 0
        old = {"name": self.unit.name, "kind": self.unit.kind}
        Unit.update(name=name, kind=kind, updated_at=self.now).where(Unit.id == self.unit.id).execute()
        self.unit.name, self.unit.kind = name, kind
        self.entries.append(audit.entry(ACTION, _Label("单位", "unit"), self.unit.id, f"{name}（{kind}）", old,
                                        {"name": name, "kind": kind}, user=self.user, at=self.now,
                                        unit=self.unit.id))  # fmt: skip
        return 1

    def package_is_newest(self) -> bool:
        key = LAST_PACKAGE_KEY.format(uuid=self.unit.uuid)
        row = Setting.get_or_none(Setting.key == key)
        created = self.manifest.created_at
        if row is not None:
            with contextlib.suppress(ValueError):
                if dt.datetime.fromisoformat(json.loads(row.value)) > created:
                    return False
        text = json.dumps(created.isoformat(sep=" "))
        if row is None:
            Setting.create(key=key, value=text)
        elif row.value != text:
            Setting.update(value=text).where(Setting.id == row.id).execute()
        return True

    def setting(self, stored: str, key: str, value: object) -> int:
        text = json.dumps(value, ensure_ascii=False)
        row = Setting.get_or_none(Setting.key == stored)
        if row is not None and row.value == text:
            return 0
        if row is None:
            Setting.create(key=stored, value=text)
        else:
            Setting.update(value=text).where(Setting.id == row.id).execute()
        self.entries.append(audit.entry(ACTION, _Label("设置"), None, f"{self.unit.name} {key}",
                                        {key: row.value if row else None}, {key: text}, user=self.user, at=self.now,
                                        unit=self.unit.id))  # fmt: skip
        return 1

    def unit_profile(self, raw: Mapping[str, object]) -> int:
        row = UnitProfile.get_or_none(UnitProfile.unit_id == self.unit.id)
        incoming = _stamp(raw.get("updated_at"), "单位设置修改时间") or self.now
        if row is not None and incoming <= row.updated_at:
            return 0
        values: dict[str, object] = {}
        for f in UNIT_PROFILE.fields:  # an office's profile may be incomplete: blanks stay blank
            if f.name not in raw:
                continue
            value = raw.get(f.name)
            if is_blank(value):
                if f.kind != "int":  # a number left blank keeps the county's (or the default)
                    values[f.name] = None
                continue
            try:
                values[f.name] = clean_value(f, value, None)
            except FieldError as exc:
                raise PackageError(f"数据包“{self.path.name}”中的单位设置“{f.label}”不合规（{exc}），"
                                   "整个数据包没有导入。") from exc  # fmt: skip
        old = {f.name: getattr(row, f.name) for f in UNIT_PROFILE.fields} if row else {}
        if row is None:
            row = UnitProfile.create(office=self.unit.id, updated_at=incoming, **values)
        else:
            UnitProfile.update(updated_at=incoming, **values).where(UnitProfile.id == row.id).execute()
        changed = {k: v for k, v in values.items() if old.get(k) != v}
        if not changed:
            return 0
        self.log(UNIT_PROFILE, row.id, f"{self.unit.name}", {k: old.get(k) for k in changed}, changed)
        return 1

    def narrative(self, item: Mapping[str, object], year: int) -> int:
        section, text = item.get("section"), item.get("text")
        if item.get("year") != year or not isinstance(section, str) or not isinstance(text, str) or not section:
            raise _bad(self.path, "中的报告内容格式不对")
        incoming = _stamp(item.get("updated_at"), "报告内容修改时间") or self.now
        where = (ReportNarrative.unit_id == self.unit.id) & (ReportNarrative.year == year) & (
            ReportNarrative.section == section[:50])
        row = ReportNarrative.get_or_none(where)
        if row is not None and (incoming <= row.updated_at or row.text == text):
            return 0
        if row is None:
            ReportNarrative.create(office=self.unit.id, year=year, section=section[:50], text=text, updated_at=incoming)
        else:
            ReportNarrative.update(text=text, updated_at=incoming).where(where).execute()
        self.entries.append(audit.entry(ACTION, _Label("年度报告"), year, f"{self.unit.name} {year}年度 {section}",
                                        {"text": row.text if row else None}, {"text": text}, user=self.user,
                                        at=self.now, unit=self.unit.id))  # fmt: skip
        return 1

    # ---- evidence files

    def evidence(self, result: ImportResult) -> None:
        from lawdesk.connection import is_server_database

        wanted = []
        for entry in self.opened.evidence:
            kind, record_uuid = str(entry.get("kind")), str(entry.get("record"))
            if kind not in RECORD_MODELS or record_uuid not in self.ids[kind]:
                raise _bad(self.path, "中的材料文件对应的记录不在数据包中")
            record_id = self.ids[kind][record_uuid]
            stored = self.stored_name(entry)
            exists = Attachment.select().where(
                (Attachment.record_kind == kind) & (Attachment.record_id == record_id)
                & (Attachment.stored_name == stored)
            ).exists()  # fmt: skip
            if not exists:
                wanted.append((entry, kind, record_id, stored))
        if not wanted:
            return
        if is_server_database():
            result.files_not_stored = len(wanted)
            return
        with zipfile.ZipFile(self.path) as zf:
            self.room_for(zf, [str(entry["member"]) for entry, *_rest in wanted])
            for entry, kind, record_id, stored in wanted:
                folder = attachments.record_folder(kind, record_id)
                assert folder is not None  # a file database: checked above
                target = folder / stored
                member = str(entry["member"])
                self.store(zf, member, target, stored)
                name = str(entry.get("original_name") or stored)[:255]
                Attachment.create(
                    record_kind=kind, record_id=record_id, category=str(entry.get("category") or "其他")[:30],
                    original_name=name, stored_name=stored, size=target.stat().st_size,
                    added_at=_stamp(entry.get("added_at"), "材料添加时间") or self.now, office=self.unit.id,
                )  # fmt: skip
                self.log(spec_for(kind), record_id, f"材料 {name}", None, {"file": name})
                result.files_added += 1

    def stored_name(self, entry: Mapping[str, object]) -> str:
        """The name the file gets in the record's evidence folder here: the office's when every
        desktop accepts it (``lawdesk.filenames``), else one made from the clerk's name and the
        file's hash, the same at every import of the package (a ``..\\``, ``C:\\``, ``x:stream`` or
        ``CON`` name never becomes a path)."""
        given = str(entry.get("stored_name") or "")
        if given and filenames.refusal(given) is None:
            return given
        digest = self.manifest.members.get(str(entry.get("member")), "")[:8] or "00000000"
        original = str(entry.get("original_name") or given)
        original = original.replace("\\", "/").rsplit("/", 1)[-1]
        return f"{digest}-{filenames.portable_name(original, limit=80)}"

    def room_for(self, zf: zipfile.ZipFile, members: list[str]) -> None:
        """Refuse before writing when the disk cannot take the files (plus a margin)."""
        from lawdesk.connection import current_path

        need = sum(zf.getinfo(m).file_size for m in members)
        folder = paths.attachments_dir(current_path())
        probe = next((p for p in (folder, *folder.parents) if p.exists()), folder)
        with contextlib.suppress(OSError):
            free = shutil.disk_usage(probe).free
            if free < need + DISK_MARGIN:
                raise PackageError(f"磁盘空间不足：导入数据包“{self.path.name}”的材料文件需要 {need >> 20} MB，"
                                   f"磁盘只剩 {free >> 20} MB。没有导入任何内容，请清理磁盘后再导入。")  # fmt: skip

    def store(self, zf: zipfile.ZipFile, member: str, target: Path, stored: str) -> None:
        """Write the member at ``target`` checking its hash. A file already there belongs to no
        record (the caller found none): left by an import that was killed before its commit, it
        is taken over when complete and rewritten otherwise, so the next import finishes it."""
        expected = self.manifest.members.get(member)
        if target.is_file() and _file_sha256(target) == expected:
            self.copied.append(target)
            return
        digest = hashlib.sha256()
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(member) as src, open(target, "wb") as dst:
                self.copied.append(target)
                for block in iter(lambda src=src: src.read(1 << 20), b""):
                    digest.update(block)
                    dst.write(block)
        except OSError as exc:
            raise PackageError(f"保存材料文件“{stored}”失败（{safe_write.reason(exc)}），数据包没有导入。") from exc
        if digest.hexdigest() != expected:
            raise _bad(self.path, f"中的 {member} 与清单记载的校验值不符（文件被改动或损坏）")

    def discard_copies(self) -> None:
        if self.purges is not None:
            self.purges.rolled_back()
        for target in self.copied:
            with contextlib.suppress(OSError):
                target.unlink(missing_ok=True)
        for folder in {t.parent for t in self.copied}:
            with contextlib.suppress(OSError):
                folder.rmdir()


@dataclass(frozen=True)
class _Label:
    """A label for an audit entry that is not about a record type (设置, 年度报告)."""

    label: str
    kind: str = "settings"


def import_package(path: Path, *, user: str | None = None) -> ImportResult:
    """Verify the package at ``path``, then import it in one transaction (see the module
    docstring); ``PackageError`` (nothing written) when it is damaged or refused."""
    path = Path(path)
    opened = _open_package(path)
    manifest = opened.manifest
    importer = _Importer(opened, path, user)
    try:
        with database.atomic():
            imports.hold()
            unit, created = _import_unit(manifest, path)
            result = ImportResult(path, unit, manifest.period, unit_created=created)
            importer.run(result)
            if created:
                audit.log(ACTION, _Label("单位", "unit"), unit.id, f"{unit.name}（{unit.kind}）", None,
                          {"uuid": unit.uuid, "name": unit.name, "kind": unit.kind}, user=importer.user,
                          unit=unit.id)  # fmt: skip
    except BaseException:
        importer.discard_copies()
        units.clear_cache()
        raise
    if importer.purges is not None:
        importer.purges.committed()
    units.clear_cache()
    if result.changed:
        events.notify("database", action="package")
    return result
