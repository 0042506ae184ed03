"""Imports Ofsted's official statistics "Local authority inspection outcomes as at 31 March".

The workbook has three tables, all read:

- "Inspections_as_at_31_March": each LA's latest graded inspection (no inspection type);
- "In-year_inspections": the year's inspections and visits, with visit themes;
- "ILACS_inspection_history": every ILACS standard and short inspection since 2018.

LAs are matched by ONS code. The import is all or nothing: every row is checked before anything
is written, and any problem (a missing sheet or column, an unknown grade, inspection type or LA
code, a missing grade) raises `ImportFileError` naming the sheet and row. It is idempotent:
an inspection is identified by LA, type and start date, and imported rows are updated in place.
Inspections entered by hand are never overwritten: a clash is skipped and reported.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.importers import ImportCounts, ImportFileError, record_import, unchanged_since
from core.models import LocalAuthority
from core.versioning import bump_national
from inspections.models import Framework, Grade, Inspection, Judgement
from inspections.ods import Cell, OdsError, read_sheets

IMPORT_NAME = "inspection outcomes"
OFSTED_PROVIDER_PAGE = "https://reports.ofsted.gov.uk/provider/44/{urn}"
DEFAULT_PATH = Path(settings.BASE_DIR) / "data" / "LA_Inspection_Outcomes_as_at_31_March_2025.ods"

LATEST, IN_YEAR, HISTORY = (
    "Inspections_as_at_31_March",
    "In-year_inspections",
    ("ILACS_inspection_history"),
)
SHEETS = (LATEST, IN_YEAR, HISTORY)

# Column heading (lower case) -> judgement strand (JudgementArea.strand).
GRADE_COLUMNS = {
    "overall effectiveness": "overall",
    "the impact of leaders on social work practice with children and families": "leadership",
    "the experiences and progress of children who need help and protection": (
        "help-and-protection"
    ),
    "the experiences and progress of children in care": "children-in-care",
    "the experiences and progress of care leavers": "care-leavers",
}
TYPES = {
    "ilacs standard inspection": Inspection.Type.STANDARD,
    "ilacs short inspection": Inspection.Type.SHORT,
    "ilacs focused visit": Inspection.Type.FOCUSED_VISIT,
    "la monitoring visit": Inspection.Type.MONITORING_VISIT,
    "ilacs monitoring visit": Inspection.Type.MONITORING_VISIT,
    "joint targeted area inspection": Inspection.Type.JTAI,
    "jtai": Inspection.Type.JTAI,
}
CODE, NAME, DATE, PUBLISHED = (
    "local authority area code",
    "local authority name",
    "inspection date",
    "publication date",
)
REQUIRED = {
    LATEST: {CODE, NAME, "ofsted region", DATE, PUBLISHED}
    | set(GRADE_COLUMNS) - {"the experiences and progress of care leavers"},
    IN_YEAR: {CODE, NAME, "inspection/visit date", PUBLISHED, "inspection/visit type"},
    HISTORY: {CODE, NAME, "local authority status", DATE, PUBLISHED, "inspection type"},
}
ALIASES = {"inspection/visit date": DATE, "inspection/visit type": "inspection type"}
NO_LONGER_EXISTS = "no longer exists"


@dataclass
class ImportResult(ImportCounts):
    rows_read: int = 0
    judgements: int = 0
    regions_updated: int = 0
    type_assumed: int = 0
    clashes: list[str] = field(default_factory=list)
    skipped_former: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class Row:
    """One inspection or visit as read from the workbook."""

    sheet: str
    number: int
    local_authority: LocalAuthority
    inspection_type: str | None
    start_date: datetime.date
    published_on: datetime.date | None
    report_url: str
    theme: str
    grades: dict[str, str]
    framework: Framework

    @property
    def where(self) -> str:
        return f"sheet {self.sheet}, row {self.number}"


def ofsted_report_url(local_authority: LocalAuthority) -> str:
    """Ofsted's page of the council's reports, by its Ofsted URN (from the register). The
    workbook's own links end in the DfE LA code, which is not how Ofsted addresses a council
    (Cheshire East's page is /provider/44/80447, not /provider/44/895); used only when the
    register has no URN for the council."""
    urn = (local_authority.ofsted_urn or "").strip()
    return OFSTED_PROVIDER_PAGE.format(urn=urn) if urn.isdigit() else ""


def _norm(text: str) -> str:
    return " ".join((text or "").replace("\u00a0", " ").split()).lower()


class _SheetReader:
    def __init__(self, sheet, las_by_code, frameworks):
        self.sheet = sheet
        self.las_by_code = las_by_code
        self.frameworks = frameworks
        self.columns, self.data = self._find_header()

    def error(self, number, message):
        return ImportFileError(f"Sheet {self.sheet.name}, row {number}: {message}")

    def _find_header(self):
        for index, (number, cells) in enumerate(self.sheet.rows[:10]):
            headings = [_norm(cell.text) for cell in cells]
            if CODE in headings:
                columns = {}
                for position, heading in enumerate(headings):
                    columns.setdefault(ALIASES.get(heading, heading), position)
                wanted = {ALIASES.get(name, name) for name in REQUIRED[self.sheet.name]}
                missing = sorted(wanted - set(columns))
                if missing:
                    raise self.error(number, f"missing column(s): {'; '.join(missing)}.")
                return columns, self.sheet.rows[index + 1 :]
        raise ImportFileError(
            f"Sheet {self.sheet.name}: no heading row with a 'Local authority area code' column."
        )

    def cell(self, cells, column) -> Cell:
        position = self.columns.get(column)
        if position is None or position >= len(cells):
            return Cell()
        return cells[position]

    def date(self, number, cells, column, required=True):
        value = self.cell(cells, column).value
        if value in (None, "") and not required:
            return None
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.datetime.strptime(str(value).strip(), "%d/%m/%Y").date()
        except ValueError:
            raise self.error(number, f"'{column}' is not a date: '{value or ''}'.") from None

    def rows(self, result: ImportResult):
        for number, cells in self.data:
            if not any(cell.text for cell in cells):
                continue
            row = self.read(number, cells, result)
            if row is not None:
                result.rows_read += 1
                yield row

    def read(self, number, cells, result):
        code = self.cell(cells, CODE).text.upper()
        name = self.cell(cells, NAME).text
        if not code:
            raise self.error(number, "the local authority area code is empty.")
        local_authority = self.las_by_code.get(code)
        if local_authority is None:
            status = _norm(self.cell(cells, "local authority status").text)
            if status == NO_LONGER_EXISTS:
                result.skipped_former.append(
                    f"{name} ({code}), sheet {self.sheet.name}, row {number}"
                )
                return None
            raise self.error(
                number, f"no local authority has the ONS code '{code}' ({name or 'no name'})."
            )
        region = self.cell(cells, "ofsted region").text or self.cell(cells, "region").text
        if region:
            local_authority.workbook_region = region

        type_words = _norm(self.cell(cells, "inspection type").text)
        if self.sheet.name == LATEST:
            inspection_type = None  # this sheet does not say; matched to the other sheets
        elif type_words in TYPES:
            inspection_type = TYPES[type_words]
        else:
            raise self.error(
                number, f"unknown inspection type '{self.cell(cells, 'inspection type').text}'."
            )

        start_date = self.date(number, cells, DATE)
        published_on = self.date(number, cells, PUBLISHED, required=False)
        framework = next(
            (
                f
                for f in self.frameworks
                if f.starts_on <= start_date and (f.ends_on is None or start_date <= f.ends_on)
            ),
            None,
        )
        if framework is None:
            raise self.error(number, f"no inspection framework was in force on {start_date}.")

        grades = {}
        for column, strand in GRADE_COLUMNS.items():
            words = self.cell(cells, column).text
            if not words:
                continue
            try:
                grades[strand] = Grade.from_words(words).value
            except ValueError:
                raise self.error(
                    number, f"'{words}' in column '{column}' is not an Ofsted grade."
                ) from None

        graded = inspection_type is None or inspection_type in Inspection.Type.graded_values()
        theme = self.cell(cells, "visit theme").text
        if graded:
            areas = {area.strand: area for area in framework.areas.all()}
            for strand in grades:
                if strand not in areas:
                    raise self.error(
                        number, f"{framework} has no judgement for the {strand} column's grade."
                    )
            missing = [area.name for area in areas.values() if area.strand not in grades]
            if missing:
                raise self.error(
                    number, f"a graded inspection has no grade for: {'; '.join(missing)}."
                )
            theme = ""
        else:
            if grades:
                raise self.error(number, "a visit is not graded but this row has grades.")
            if not theme:
                raise self.error(number, "the visit has no theme.")
        return Row(
            sheet=self.sheet.name,
            number=number,
            local_authority=local_authority,
            inspection_type=inspection_type,
            start_date=start_date,
            published_on=published_on,
            report_url=ofsted_report_url(local_authority) or self.cell(cells, "web link").link,
            theme=theme,
            grades=grades,
            framework=framework,
        )


def _read_workbook(path: Path, result: ImportResult) -> list[Row]:
    try:
        sheets = read_sheets(path)
    except OdsError as exc:
        raise ImportFileError(str(exc)) from exc
    missing = [name for name in SHEETS if name not in sheets]
    if missing:
        raise ImportFileError(
            f"{path.name}: sheet(s) {', '.join(missing)} not found; is this Ofsted's "
            "'Local authority inspection outcomes' workbook?"
        )
    las_by_code = {la.ons_code.upper(): la for la in LocalAuthority.objects.exclude(ons_code=None)}
    frameworks = list(Framework.objects.with_areas())

    # Inspections by (LA, type, date): the history first, then the year's activity.
    rows: dict[tuple, Row] = {}
    for name in (HISTORY, IN_YEAR):
        for row in _SheetReader(sheets[name], las_by_code, frameworks).rows(result):
            key = (row.local_authority.pk, row.inspection_type, row.start_date)
            earlier = rows.get(key)
            if earlier and earlier.grades != row.grades:
                result.warnings.append(
                    f"{row.where} differs from {earlier.where}; the later sheet is used."
                )
            rows[key] = row

    # The latest judgements: matched to a graded inspection of the same LA and date. This sheet
    # is Ofsted's statement of each LA's current grades, so its grades win.
    existing_graded = set(
        Inspection.objects.graded().values_list("local_authority", "start_date", "inspection_type")
    )
    for row in _SheetReader(sheets[LATEST], las_by_code, frameworks).rows(result):
        matches = [
            key
            for key in rows
            if key[0] == row.local_authority.pk
            and key[2] == row.start_date
            and key[1] in Inspection.Type.graded_values()
        ]
        if not matches:
            matches = [
                (la, kind, day)
                for la, day, kind in existing_graded
                if la == row.local_authority.pk and day == row.start_date
            ]
        if matches:
            key = matches[0]
            row.inspection_type = key[1]
            if key in rows and rows[key].grades != row.grades:
                result.warnings.append(
                    f"{row.where} differs from {rows[key].where}; the latest judgements are used."
                )
        else:
            row.inspection_type = Inspection.Type.STANDARD
            result.type_assumed += 1
            result.warnings.append(
                f"{row.where}: no other sheet lists this inspection; recorded as a standard "
                "inspection."
            )
            key = (row.local_authority.pk, row.inspection_type, row.start_date)
        if key in rows and not row.report_url:
            row.report_url = rows[key].report_url
        rows[key] = row
    return sorted(rows.values(), key=lambda r: (r.local_authority.name, r.start_date))


def _check(row: Row, inspection: Inspection) -> None:
    """The model's own field rules, naming the row; the constraints the database also holds
    (unique keys, date order) are checked by the reader and the database."""
    try:
        inspection.full_clean(
            # the council and framework are rows just read: no query per row to check them
            exclude=["local_authority", "framework"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        raise ImportFileError(
            f"{row.where[0].upper()}{row.where[1:]}: {error.messages[0]}"
        ) from None
    if row.published_on and row.published_on < row.start_date:
        raise ImportFileError(
            f"{row.where[0].upper()}{row.where[1:]}: the publication date is before the "
            "inspection date."
        )


@dataclass
class _Plan:
    """What one import writes, gathered first and then written in a few bulk statements."""

    new: list[tuple[Inspection, dict[int, str]]] = field(default_factory=list)
    changed: list[Inspection] = field(default_factory=list)
    new_judgements: list[Judgement] = field(default_factory=list)
    regraded: list[Judgement] = field(default_factory=list)
    removed: list[Judgement] = field(default_factory=list)


def _plan_row(row: Row, existing: Inspection | None, plan: _Plan, result: ImportResult) -> None:
    values = {
        "framework": row.framework,
        "published_on": row.published_on,
        "report_url": row.report_url,
        "theme": row.theme,
    }
    areas = {area.strand: area for area in row.framework.areas.all()}
    wanted = {areas[strand].pk: grade for strand, grade in row.grades.items()}
    if existing is None:
        inspection = Inspection(
            local_authority=row.local_authority,
            inspection_type=row.inspection_type,
            start_date=row.start_date,
            source=Inspection.Source.IMPORTED,
            **values,
        )
        _check(row, inspection)
        plan.new.append((inspection, wanted))
        result.created += 1
        return
    current = {j.area_id: j for j in existing.judgements.all()}
    fields_changed = any(getattr(existing, key) != value for key, value in values.items())
    if not fields_changed and {k: j.grade for k, j in current.items()} == wanted:
        result.unchanged += 1
        return
    for key, value in values.items():
        setattr(existing, key, value)
    existing.version += 1
    existing.updated_at = timezone.now()
    _check(row, existing)
    plan.changed.append(existing)
    result.updated += 1
    plan.removed += [j for area_id, j in current.items() if area_id not in wanted]
    for area_id, grade in wanted.items():
        judgement = current.get(area_id)
        if judgement is None:
            plan.new_judgements.append(Judgement(inspection=existing, area_id=area_id, grade=grade))
        elif judgement.grade != grade:
            judgement.grade = grade
            plan.regraded.append(judgement)


def _write(plan: _Plan, result: ImportResult, reason: str) -> None:
    """Every write of the import in bulk statements, each with its history rows in bulk."""
    history = {"default_change_reason": reason, "batch_size": 500}
    bulk_create_with_history([inspection for inspection, _ in plan.new], Inspection, **history)
    for inspection, wanted in plan.new:
        plan.new_judgements += [
            Judgement(inspection=inspection, area_id=area_id, grade=grade)
            for area_id, grade in wanted.items()
        ]
    if plan.changed:
        bulk_update_with_history(
            plan.changed,
            Inspection,
            ["framework", "published_on", "report_url", "theme", "version", "updated_at"],
            **history,
        )
    for judgement in plan.removed:  # rare: Ofsted withdrew a grade
        judgement._change_reason = reason
        judgement.delete()
    bulk_create_with_history(plan.new_judgements, Judgement, **history)
    if plan.regraded:
        bulk_update_with_history(plan.regraded, Judgement, ["grade"], **history)
    result.judgements = len(plan.new_judgements) + len(plan.regraded)


def import_inspection_outcomes(
    *,
    path: Path | str = DEFAULT_PATH,
    progress: Callable[[int, int], None] | None = None,
    force: bool = False,
) -> ImportResult:
    """Import (or bring up to date) every inspection in Ofsted's outcomes workbook at `path`.

    Skipped, changing nothing, if this very file was imported successfully before
    (`result.skipped_since` says when), unless `force`. `progress(done, total)` is called as
    rows are checked, if given. Raises ImportFileError, changing nothing, if the workbook has
    any problem. One transaction; inspections, judgements and their history rows are written
    in bulk.
    """
    path = Path(path)
    result = ImportResult()
    result.skipped_since = unchanged_since(IMPORT_NAME, path, force=force)
    if result.skipped_since:
        return result
    with transaction.atomic():
        rows = _read_workbook(path, result)
        existing = {
            (i.local_authority_id, i.inspection_type, i.start_date): i
            for i in Inspection.objects.prefetch_related("judgements")
        }
        plan = _Plan()
        for done, row in enumerate(rows, start=1):
            key = (row.local_authority.pk, row.inspection_type, row.start_date)
            current = existing.get(key)
            if current is not None and not current.is_imported:
                how = "corrected" if current.came_from_ofsted else "entered"
                result.clashes.append(
                    f"{current} was {how} by hand and was not overwritten ({row.where})."
                )
            else:
                _plan_row(row, current, plan, result)
            if progress:
                progress(done, len(rows))
        _write(plan, result, f"Imported from {path.name}")

        regions = {}
        for row in rows:
            region = getattr(row.local_authority, "workbook_region", "")
            if region and row.local_authority.ofsted_region != region:
                row.local_authority.ofsted_region = region
                regions[row.local_authority.pk] = row.local_authority
        LocalAuthority.objects.bulk_update(regions.values(), ["ofsted_region"])
        result.regions_updated = len(regions)
        record_import(IMPORT_NAME, path)
        bump_national()
    return result
