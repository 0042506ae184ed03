"""Downloads: the one CSV writer every export uses.

- `csv_cell(value)`: a value as a spreadsheet should see it: dates as yyyy-mm-dd, None as an
  empty cell, and text that a spreadsheet would run as a formula (starting with = + - @, a tab
  or a carriage return, or their full-width forms) kept as text with a leading apostrophe, as
  OWASP advises against CSV injection.
- `csv_response(filename, header, rows)`: an attachment, UTF-8 with a byte-order mark so Excel
  reads it as UTF-8, the header row first.
- `CsvExportView`: a view whose `rows()` (and `header`, `get_filename()`) make the download.
"""

import csv
import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse
from django.views import View

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


class CsvExportView(View):
    """GET gives `rows()` under `header` as `get_filename()`."""

    header: Sequence[str] = ()
    filename = "export.csv"

    def get_filename(self) -> str:
        return self.filename

    def rows(self) -> Iterable[Sequence]:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        return csv_response(self.get_filename(), self.header, self.rows())
