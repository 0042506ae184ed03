"""Downloads: the one CSV writer every export uses.

- `csv_cell(value)`: a value as a spreadsheet should see it: dates as yyyy-mm-dd, None as an
  empty cell, and text that a spreadsheet would run as a formula (starting with = + - @, a tab
  or a carriage return, or their full-width forms) kept as text with a leading apostrophe, as
  OWASP advises against CSV injection.
- `csv_response(filename, header, rows)`: an attachment, UTF-8 with a byte-order mark so Excel
  reads it as UTF-8, the header row first.
- `xlsx_response(filename, header, rows)`: the same table as an Excel workbook (openpyxl):
  typed cells (dates are dates, numbers numbers; text that looks like a formula stays text),
  a bold, frozen header row and columns as wide as their content.
- `table_response(request, ...)`: either of the two, as the request asks (`?format=xlsx`).
- `plain_number(value)`: a stored decimal without its column's trailing zeros.
- `CsvExportView`: a view whose `rows()` (and `header`, `get_filename()`) make the download;
  `?format=xlsx` gives the same table as a workbook.
"""

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse
from django.views import View
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_MAX_WIDTH = 60

# Characters that make a spreadsheet treat a cell as a formula, and their full-width forms,
# which some spreadsheet programs fold to the same thing.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        # A number is never a formula, even a negative one: keep it a number.
        return str(value)
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([csv_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([csv_cell(cell) for cell in row])
    return response


def _xlsx_cell(sheet, value, bold=False):
    if isinstance(value, datetime.datetime):
        value = value.replace(tzinfo=None)  # Excel has no time zones: local time, as shown
    elif isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever it starts with
    elif isinstance(value, datetime.datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, datetime.date):
        cell.number_format = "yyyy-mm-dd"
    if bold:
        cell.font = Font(bold=True)
    return cell


def _display_width(value) -> int:
    if isinstance(value, datetime.datetime):
        return 16
    if isinstance(value, datetime.date):
        return 10
    return max(
        (len(line) for line in str(value if value is not None else "").splitlines()), default=0
    )


def xlsx_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    rows = [
        [("Yes" if cell else "No") if isinstance(cell, bool) else cell for cell in row]
        for row in rows
    ]
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title="Data")
    sheet.freeze_panes = "A2"
    for index, title in enumerate(header, start=1):
        width = max([_display_width(title)] + [_display_width(row[index - 1]) for row in rows])
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, XLSX_MAX_WIDTH)
    sheet.append([_xlsx_cell(sheet, str(title), bold=True) for title in header])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def table_response(
    request, filename: str, header: Sequence[str], rows: Iterable[Sequence]
) -> HttpResponse:
    """`csv_response`, or the same table as a workbook when the request asks for
    `?format=xlsx` (or `?download=xlsx`)."""
    if "xlsx" in (request.GET.get("format"), request.GET.get("download")):
        return xlsx_response(f"{filename.removesuffix('.csv')}.xlsx", header, rows)
    return csv_response(filename, header, rows)


def plain_number(value: Decimal | None) -> Decimal | None:
    """A stored decimal without the trailing zeros of its column: 61.00 -> 61, 41.50 -> 41.5
    (a spreadsheet should see the figure as entered, not the database's padding)."""
    if value is None:
        return None
    return Decimal(f"{Decimal(value).normalize():f}")


class CsvExportView(View):
    """GET gives `rows()` under `header` as `get_filename()`; `?format=xlsx` as a workbook."""

    header: Sequence[str] = ()
    filename = "export.csv"

    def get_filename(self) -> str:
        return self.filename

    def rows(self) -> Iterable[Sequence]:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        return table_response(request, self.get_filename(), self.header, self.rows())
