"""The GOV.UK error summary links each message to the control that needs fixing."""

from django import forms, template

register = template.Library()


@register.filter
def error_anchor(bound_field) -> str:
    """The id of the first control of a field, as crispy-forms-gds renders it.

    Radios and checkboxes are numbered from 1 (`id_status_1`), the parts of a date from 0
    (`id_date_0`); any other field's control has the field's own id.
    """
    widget = bound_field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"id_{bound_field.html_name}_1"
    if isinstance(widget, forms.MultiWidget):
        return f"{bound_field.auto_id}_0"
    return bound_field.id_for_label or bound_field.auto_id
