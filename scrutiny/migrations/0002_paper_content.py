"""Issued papers keep their content as data (JSON), which their CSV is built from.

Papers issued before this migration get their content read back once from their Word document,
as issued: the heading block and implications from the paper's own fields, the council from the
document's title, the report detail, themes and progress tables from its paragraphs and tables.
The reading is written here, not imported, so it stays as the documents of that time were.
"""

import io

from django.db import migrations, models
from django.utils import timezone

FIELDS = [
    "committee_name",
    "subject_heading",
    "slt_lead",
    "report_author",
    "policy_context",
    "financial_summary",
    "summary",
    "recommendations",
    "financial_implications",
    "legal_implications",
    "hr_implications",
    "equalities_implications",
]


def _item(cell):
    """{"label", "text"} from a progress table cell ("Label: text", the label in bold)."""
    runs = [run for paragraph in cell.paragraphs for run in paragraph.runs]
    text = cell.text
    if not text:
        return None
    if runs and runs[0].bold and text.startswith(runs[0].text):
        label = runs[0].text.strip().rstrip(":").strip()
        return {"label": label, "text": text[len(runs[0].text) :]}
    return {"label": "", "text": text}


def read_back(docx: bytes) -> dict:
    from docx import Document
    from docx.table import Table

    document = Document(io.BytesIO(docx))
    content = {"council_name": "", "detail": [], "themes": []}
    section, objectives, heading = "", [], ""
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            if section == "PROGRESS":
                theme = {"title": heading, "heading": heading, "aim": ""}
                theme["achievements"] = [x for r in block.rows[1:] if (x := _item(r.cells[0]))]
                theme["next_steps"] = [x for r in block.rows[1:] if (x := _item(r.cells[1]))]
                content["themes"].append(theme)
            continue
        style = block.style.name if block.style is not None else ""
        if style == "Title" and not content["council_name"]:
            content["council_name"] = block.text
        elif style == "Heading 1":
            section = block.text
        elif style == "Heading 2":
            heading = block.text
        elif section == "REPORT DETAIL" and style == "List Number":
            runs = block.runs
            if heading and runs and runs[0].bold:  # a theme under "Themes and objectives"
                lead = runs[0].text
                objectives.append((lead.strip().rstrip(".").strip(), block.text[len(lead) :]))
            else:
                content["detail"].append({"text": block.text, "bullets": []})
        elif section == "REPORT DETAIL" and style == "List Bullet" and content["detail"]:
            content["detail"][-1]["bullets"].append(block.text)
    for theme, (objective, aim) in zip(content["themes"], objectives, strict=False):
        theme["heading"], theme["aim"] = objective, aim
    return content


def fill_content(apps, schema_editor):
    CommitteePaper = apps.get_model("scrutiny", "CommitteePaper")
    papers = CommitteePaper.objects.filter(content={}).select_related("issued_by")
    for paper in papers.iterator():
        try:
            content = read_back(bytes(paper.docx)) if paper.docx else {}
        except Exception:  # a document python-docx cannot read: keep the fields at least
            content = {"council_name": "", "detail": [], "themes": []}
        content.update({name: getattr(paper, name) for name in FIELDS})
        content["meeting_date"] = paper.meeting_date.isoformat()
        content["issued_on"] = timezone.localtime(paper.issued_at).date().isoformat()
        author = paper.issued_by
        name = f"{author.first_name} {author.last_name}".strip() or author.username
        content["issued_by"] = name
        paper.content = content
        paper.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("scrutiny", "0001_squashed"),
    ]

    operations = [
        migrations.AddField(
            model_name="committeepaper",
            name="content",
            field=models.JSONField(
                default=dict,
                editable=False,
                help_text="The issued content (scrutiny.paper_content.PaperContent.as_data()).",
                verbose_name="the paper's content as data",
            ),
        ),
        migrations.RunPython(fill_content, migrations.RunPython.noop),
    ]
