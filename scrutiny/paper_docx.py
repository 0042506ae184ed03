"""The committee paper written as a Word document.

The document uses real Word headings, numbered lists and tables in Arial, so Democratic Services
can paste it into their own template.

- `build_docx(content) -> bytes`: the .docx of a `PaperContent`. Defensive: characters a
  document cannot hold (control characters, U+FFFE) are left out wherever they come from.
"""

import datetime
import io

from django.utils import timezone
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor, Twips

from scrutiny.paper_content import PaperContent
from scrutiny.paper_wording import (
    ACHIEVEMENTS_HEADING,
    ACTION_PLAN_HEADING,
    IMPLICATIONS,
    NEXT_STEPS_HEADING,
    PROGRESS,
    RECOMMENDATIONS,
    REPORT_DETAIL,
    SUMMARY,
    THEMES_AND_OBJECTIVES,
    lines,
    printable,
)

FONT = "Arial"
LANGUAGE = "en-GB"
A4 = (Twips(11906), Twips(16838))  # 210 mm by 297 mm, as Word stores it
MARGIN = Cm(2.54)  # an inch: the margin UK councils' Word templates use
DRAFT = "DRAFT"


def _set_font(style, size=None, bold=None, colour=None):
    style.font.name = FONT
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    for theme_attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if fonts.get(qn(theme_attribute)) is not None:
            del fonts.attrib[qn(theme_attribute)]
    if size:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    if colour is not None:
        style.font.color.rgb = colour


def _new_numbering(document, style_name="List Number"):
    """A fresh numbering instance (restarting at 1) of the style's list definition."""
    numbering = document.part.numbering_part.numbering_definitions._numbering
    style = document.styles[style_name]
    num_pr = style.element.pPr.numPr
    abstract_id = numbering.num_having_numId(num_pr.numId.val).abstractNumId.val
    num = numbering.add_num(abstract_id)
    override = num.add_lvlOverride(ilvl=0)
    override.add_startOverride(1)
    return num.numId


def _numbered(document, text, num_id, style_id="ListNumber"):
    paragraph = _paragraph(document, text, style_id)
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = num_id
    return paragraph


def _multiline(document, text):
    for line in lines(text):
        _paragraph(document, line)


def _paragraph(document, text="", style_id=None):
    """A paragraph of the style with id `style_id` (set directly: looking a style up by name,
    or by object, searches every style of the document for the default one each time)."""
    paragraph = document.add_paragraph()
    if style_id:
        paragraph._p.style = style_id
    if text:
        _run(paragraph, text)
    return paragraph


def _heading(document, text, level):
    return _paragraph(document, text, f"Heading{level}")


def _run(paragraph, text, bold=False):
    """A run holding `text` as one w:t element (python-docx's `add_run(text)` walks the text
    a character at a time, which is most of the time of a long paper)."""
    run = paragraph.add_run()
    run._r.add_t(printable(text))
    if bold:
        run.bold = True
    return run


def _labelled_cell(cell, item):
    if item is None:
        return
    paragraph = cell.paragraphs[0]
    if item.label:
        _run(paragraph, f"{item.label}: ", bold=True)
    _run(paragraph, item.text)


def _mark_header_row(row):
    """Repeat the header row on each printed page and mark it as a header for screen readers."""
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _british_english(document):
    """en-GB as the language of the document's defaults and of every style that names one
    (python-docx's template says en-US), so Word checks spelling in British English."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    languages = [r_pr.find(qn("w:lang"))] + styles.findall(".//" + qn("w:lang"))
    if languages[0] is None:
        languages[0] = OxmlElement("w:lang")
        r_pr.append(languages[0])
    for language in languages:
        for attribute in ("w:val", "w:eastAsia"):
            language.set(qn(attribute), LANGUAGE)


def _a4(document):
    for section in document.sections:
        section.page_width, section.page_height = A4
        for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
            setattr(section, side, MARGIN)


def _field(paragraph, instruction):
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays the document out."""
    for kind, text in (("begin", None), (None, f" {instruction} "), ("separate", None)):
        run = paragraph.add_run()
        if kind:
            character = OxmlElement("w:fldChar")
            character.set(qn("w:fldCharType"), kind)
            run._r.append(character)
        else:
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = text
            run._r.append(code)
    _run(paragraph, "1")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


def _header_and_footer(document, content: PaperContent):
    """The council and "Page X of Y" in the footer of every page; "DRAFT" in the header of a
    draft, so a draft can never be taken for the issued paper."""
    section = document.sections[0]
    footer = section.footer.paragraphs[0]
    _run(footer, f"{content.council_name}. Page ")
    _field(footer, "PAGE")
    _run(footer, " of ")
    _field(footer, "NUMPAGES")
    if content.is_draft:
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(header, DRAFT, bold=True)


def _properties(document, content: PaperContent, created: datetime.datetime):
    """The file's properties (File > Info in Word) from the paper, not from the template."""
    moment = created.astimezone(datetime.UTC).replace(tzinfo=None)
    properties = document.core_properties
    author = printable(lines(content.report_author)[0] if content.report_author else "")
    properties.title = printable(content.subject_heading)
    properties.subject = printable(f"{content.committee_name}, {content.meeting_date_display}")
    properties.author = author
    properties.last_modified_by = printable(content.issued_by) or author
    properties.created = properties.modified = moment
    for element in list(properties._element):  # the template's "last printed" of 2013
        if element.tag.endswith("}lastPrinted"):
            properties._element.remove(element)
    properties.revision = 1
    properties.language = LANGUAGE
    properties.comments = printable(content.issued_line) or DRAFT


def build_docx(content: PaperContent, *, created: datetime.datetime | None = None) -> bytes:
    """The paper as a Word document: A4 with UK margins, in British English, its properties
    from the paper (`created`: when it was issued; now for a draft)."""
    document = Document()
    _set_font(document.styles["Normal"], size=11)
    for name, size in [("Title", 16), ("Heading 1", 13), ("Heading 2", 12), ("Heading 3", 11)]:
        _set_font(document.styles[name], size=size, bold=True, colour=RGBColor(0, 0, 0))
    for name in ("List Number", "List Bullet", "Table Grid"):
        _set_font(document.styles[name])
    _british_english(document)
    _a4(document)
    _properties(document, content, created or timezone.now())
    _header_and_footer(document, content)

    _paragraph(document, content.council_name, "Title")
    _heading(
        document, f"{content.committee_name.upper()} {content.meeting_date_display.upper()}", 1
    )
    block = document.add_table(rows=0, cols=2, style="Table Grid")
    block.alignment = WD_TABLE_ALIGNMENT.LEFT
    for label, value in content.heading_block:
        row = block.add_row().cells
        _run(row[0].paragraphs[0], label, bold=True)
        value_lines = lines(value) or [""]
        _run(row[1].paragraphs[0], value_lines[0])
        for line in value_lines[1:]:
            _run(row[1].add_paragraph(), line)
    if content.issued_line:
        _paragraph(document, content.issued_line)

    _heading(document, SUMMARY, 1)
    _multiline(document, content.summary)

    _heading(document, RECOMMENDATIONS, 1)
    _paragraph(document, content.recommendations_intro)
    recommendations_numbering = _new_numbering(document)
    for recommendation in content.recommendations:
        _numbered(document, recommendation, recommendations_numbering)

    _heading(document, REPORT_DETAIL, 1)
    detail_numbering = _new_numbering(document)
    for paragraph in content.detail:
        _numbered(document, paragraph.text, detail_numbering)
        for bullet in paragraph.bullets:
            _paragraph(document, bullet, "ListBullet")

    if content.themes:
        _heading(document, THEMES_AND_OBJECTIVES, 2)
    for theme in content.themes:
        paragraph = _numbered(document, "", detail_numbering)
        _run(paragraph, f"{theme.heading}. ", bold=True)
        _run(paragraph, theme.aim)

    _heading(document, PROGRESS, 1)
    grid = document.styles["Table Grid"].style_id
    for theme in content.themes:
        _heading(document, theme.title, 2)
        rows = theme.rows()
        table = document.add_table(rows=1 + len(rows), cols=2)
        table._tbl.tblPr.style = grid
        left, right = table.column_cells(0), table.column_cells(1)
        _run(left[0].paragraphs[0], ACHIEVEMENTS_HEADING, bold=True)
        _run(right[0].paragraphs[0], NEXT_STEPS_HEADING, bold=True)
        _mark_header_row(table.rows[0])
        for number, (achievement, next_step) in enumerate(rows, start=1):
            _labelled_cell(left[number], achievement)
            _labelled_cell(right[number], next_step)
        document.add_paragraph()
    if content.action_plan:
        _heading(document, ACTION_PLAN_HEADING, 2)
        for paragraph in content.action_plan:
            _paragraph(document, paragraph.text)
            for bullet in paragraph.bullets:
                _paragraph(document, bullet, "ListBullet")

    _heading(document, IMPLICATIONS, 1)
    for heading, text in content.implications:
        _heading(document, heading, 2)
        _multiline(document, text)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
