"""A small reader for the tables of an OpenDocument spreadsheet (.ods), built on odfpy.

Spreadsheets compress runs of identical cells and rows with `number-columns-repeated` and
`number-rows-repeated` (a sheet often ends with one empty row repeated a million times, or
a row with one empty cell repeated 16,000 times). The reader expands the runs that carry data
and skips empty ones, so row numbers match what a person sees in the spreadsheet.
"""

import datetime
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from odf import teletype
from odf.namespaces import OFFICENS, TABLENS, TEXTNS, XLINKNS
from odf.opendocument import load
from odf.table import Table, TableRow
from odf.text import A

HYPERLINK_FORMULA = re.compile(r'HYPERLINK\(\s*"([^"]+)"', re.IGNORECASE)


class OdsError(Exception):
    """The file is not a readable OpenDocument spreadsheet."""


@dataclass(frozen=True)
class Cell:
    """One cell: its value (str, datetime.date, float or None when empty) and any link."""

    value: object = None
    link: str = ""

    @property
    def text(self) -> str:
        if self.value is None:
            return ""
        if isinstance(self.value, datetime.date):
            return self.value.isoformat()
        if isinstance(self.value, float) and self.value.is_integer():
            return str(int(self.value))
        return " ".join(str(self.value).replace("\u00a0", " ").split())


EMPTY = Cell()


@dataclass
class Sheet:
    name: str
    rows: list[tuple[int, list[Cell]]]  # (row number as shown in the spreadsheet, cells)


def _cell_value(element) -> object:
    value_type = element.attributes.get((OFFICENS, "value-type"))
    if value_type == "date":
        raw = element.attributes.get((OFFICENS, "date-value"), "")
        try:
            return datetime.date.fromisoformat(raw[:10])
        except ValueError:
            return raw
    if value_type in ("float", "percentage", "currency"):
        return float(element.attributes.get((OFFICENS, "value")))
    if value_type == "boolean":
        return element.attributes.get((OFFICENS, "boolean-value")) == "true"
    if value_type is None:
        text = teletype.extractText(element)
        return text or None
    string_value = element.attributes.get((OFFICENS, "string-value"))
    if string_value is not None:
        return string_value
    paragraphs = [
        teletype.extractText(child) for child in element.childNodes if child.qname == (TEXTNS, "p")
    ]
    return "\n".join(paragraphs)


def _cell_link(element) -> str:
    formula = element.attributes.get((TABLENS, "formula")) or ""
    match = HYPERLINK_FORMULA.search(formula)
    if match:
        return match.group(1)
    for anchor in element.getElementsByType(A):
        href = anchor.attributes.get((XLINKNS, "href"))
        if href:
            return href
    return ""


def _read_row(row_element) -> list[Cell]:
    cells: list[Cell] = []
    pending_empty = 0
    for element in row_element.childNodes:
        if element.qname not in ((TABLENS, "table-cell"), (TABLENS, "covered-table-cell")):
            continue
        repeat = int(element.attributes.get((TABLENS, "number-columns-repeated"), 1))
        value = _cell_value(element)
        if value in (None, ""):
            # Keep empty runs only if a later cell has data (never expand a trailing run).
            pending_empty += repeat
            continue
        cells.extend([EMPTY] * pending_empty)
        pending_empty = 0
        cells.extend([Cell(value=value, link=_cell_link(element))] * repeat)
    return cells


def read_sheets(path) -> dict[str, Sheet]:
    """Every table of the spreadsheet at `path`, by name, without trailing empty rows."""
    path = Path(path)
    if not path.exists():
        raise OdsError(f"{path}: file not found.")
    if not zipfile.is_zipfile(path):
        raise OdsError(f"{path.name}: not an OpenDocument spreadsheet (.ods) file.")
    try:
        document = load(str(path))
    except Exception as exc:  # odfpy raises many kinds of error for a damaged file
        raise OdsError(f"{path.name}: not a readable OpenDocument spreadsheet ({exc}).") from exc
    if document.spreadsheet is None:
        raise OdsError(f"{path.name}: not an OpenDocument spreadsheet (.ods) file.")

    sheets = {}
    for table in document.spreadsheet.getElementsByType(Table):
        rows: list[tuple[int, list[Cell]]] = []
        number = 0
        for row_element in table.getElementsByType(TableRow):
            repeat = int(row_element.attributes.get((TABLENS, "number-rows-repeated"), 1))
            cells = _read_row(row_element)
            if cells:  # empty rows (often a run of a million) are skipped but counted
                rows.extend((number + i + 1, cells) for i in range(repeat))
            number += repeat
        sheets[table.getAttribute("name")] = Sheet(name=table.getAttribute("name"), rows=rows)
    return sheets
