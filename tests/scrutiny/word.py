"""Reading a generated .docx back with python-docx, as Democratic Services would see it."""

import io

from docx import Document
from docx.table import Table


def open_docx(content: bytes):
    return Document(io.BytesIO(content))


def blocks(document):
    """(style name, paragraph or table) for each block of the body, in document order."""
    for item in document.iter_inner_content():
        yield ("" if isinstance(item, Table) else item.style.name), item


def headings(document, level):
    return [item.text for style, item in blocks(document) if style == f"Heading {level}"]


def between(document, start, end):
    """Blocks after the level-1 heading `start`, up to the level-1 heading `end`."""
    inside, found = False, []
    for style, item in blocks(document):
        if style == "Heading 1":
            if inside and item.text == end:
                return found
            inside = inside or item.text == start
            continue
        if inside:
            found.append((style, item))
    raise AssertionError(f"no section from {start!r} to {end!r}")


def texts(document, start, end, style):
    return [item.text for s, item in between(document, start, end) if s == style]


def bold_leads(document, start, end, style="List Number"):
    """The bold opening words of each paragraph of `style` that starts in bold."""
    leads = []
    for s, item in between(document, start, end):
        if s == style and item.runs and item.runs[0].bold:
            leads.append(item.runs[0].text.strip().rstrip(".").strip())
    return leads


def _label(cell):
    runs = [run for paragraph in cell.paragraphs for run in paragraph.runs]
    if not runs or not runs[0].bold:
        return None
    return runs[0].text.strip().rstrip(":").strip()


def progress_tables(document):
    """{theme heading: {"header", "achievements", "next_steps", "rows"}} of the PROGRESS part."""
    tables, heading = {}, None
    for style, item in between(document, "PROGRESS", "IMPLICATIONS AND RISKS"):
        if style == "Heading 2":
            heading = item.text
        elif isinstance(item, Table):
            rows = item.rows
            tables[heading] = {
                "header": [cell.text for cell in rows[0].cells],
                "achievements": [x for row in rows[1:] if (x := _label(row.cells[0]))],
                "next_steps": [x for row in rows[1:] if (x := _label(row.cells[1]))],
                "rows": [[cell.text for cell in row.cells] for row in rows[1:]],
            }
    return tables
