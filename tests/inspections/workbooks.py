"""Writes small workbooks shaped like Ofsted's, for import tests."""

import datetime

from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P

LATEST_HEADINGS = [
    "Web link",
    "Local authority area code",
    "Local authority name",
    "Ofsted region",
    "Inspection date",
    "Publication date",
    "Overall effectiveness",
    "The impact of leaders on social work practice with children and families",
    "The experiences and progress of children who need help and protection",
    "The experiences and progress of children in care",
    "The experiences and progress of care leavers",
]
IN_YEAR_HEADINGS = [
    "Web link",
    "Local authority area code",
    "Local authority name",
    "Region",
    "Inspection/Visit date",
    "Publication date",
    "Inspection/Visit type",
    *LATEST_HEADINGS[6:],
    "Visit Theme",
]
HISTORY_HEADINGS = [
    "Web link",
    "Local authority area code",
    "Local authority name",
    "Local authority status",
    "Ofsted region",
    "Inspection date",
    "Publication date",
    "Inspection type",
    *LATEST_HEADINGS[6:],
]
LINK = "https://reports.ofsted.gov.uk/provider/44/311"
G, RI, INADEQUATE = "Good", "Requires improvement to be good", "Inadequate"


def _cell(value, repeat=1):
    kwargs = {"numbercolumnsrepeated": repeat} if repeat > 1 else {}
    if value is None or value == "":
        return TableCell(**kwargs)
    if isinstance(value, datetime.date):
        cell = TableCell(valuetype="date", datevalue=value.isoformat(), **kwargs)
        cell.addElement(P(text=value.strftime("%d/%m/%Y")))
        return cell
    if value == "Ofsted Local Authority Webpage":
        cell = TableCell(
            valuetype="string",
            formula=f'of:=HYPERLINK("{LINK}";"Ofsted Local Authority Webpage")',
            **kwargs,
        )
    else:
        cell = TableCell(valuetype="string", **kwargs)
    cell.addElement(P(text=str(value)))
    return cell


def write_workbook(path, *, latest=(), in_year=(), history=(), drop_sheet=None, repeat_rows=None):
    """Rows are lists of values after the headings. Each sheet has a title row, a note row and
    the headings, as Ofsted's does, and ends with a huge run of empty repeated rows."""
    document = OpenDocumentSpreadsheet()
    for name, headings, rows in [
        ("Inspections_as_at_31_March", LATEST_HEADINGS, latest),
        ("In-year_inspections", IN_YEAR_HEADINGS, in_year),
        ("ILACS_inspection_history", HISTORY_HEADINGS, history),
    ]:
        if name == drop_sheet:
            continue
        table = Table(name=name)
        for values in [[f"{name} title"], ["A note about this table."], headings, *rows]:
            row = TableRow()
            for value in values:
                row.addElement(_cell(value))
            row.addElement(_cell("", repeat=16000))
            table.addElement(row)
        empty = TableRow(numberrowsrepeated=1048000)
        empty.addElement(_cell("", repeat=16384))
        table.addElement(empty)
        document.spreadsheet.addElement(table)
    document.save(str(path))
    return path


def d(text):
    return datetime.date.fromisoformat(text)


def council(ons_code, name):
    """The cells that begin each council's row: where its reports are, its code and its name."""
    return ["Ofsted Local Authority Webpage", ons_code, name]


def havering_history():
    return [
        [
            *council("E09000016", "Havering"),
            "Current",
            "London",
            d("2018-06-11"),
            d("2018-07-23"),
            "ILACS Standard Inspection",
            G,
            G,
            RI,
            G,
        ],
        [
            *council("E09000016", "Havering"),
            "Current",
            "London",
            d("2023-12-11"),
            d("2024-02-16"),
            "ILACS Standard Inspection",
            INADEQUATE,
            INADEQUATE,
            INADEQUATE,
            INADEQUATE,
            RI,
        ],
        [
            *council("E09000003", "Barnet"),
            "Current",
            "London",
            d("2019-05-13"),
            d("2019-07-01"),
            "ILACS Standard Inspection",
            G,
            G,
            G,
            G,
        ],
    ]


def havering_in_year():
    return [
        [
            *council("E09000016", "Havering"),
            "London",
            d("2025-03-26"),
            d("2025-04-29"),
            "LA Monitoring visit",
            "",
            "",
            "",
            "",
            "",
            "Children in care",
        ],
    ]


def havering_latest():
    return [
        [
            *council("E09000016", "Havering"),
            "London",
            d("2023-12-11"),
            d("2024-02-16"),
            INADEQUATE,
            INADEQUATE,
            INADEQUATE,
            INADEQUATE,
            RI,
        ],
        [*council("E09000003", "Barnet"), "London", d("2019-05-13"), d("2019-07-01"), G, G, G, G],
    ]
