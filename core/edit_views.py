"""The form-view half of editing: one mixin every app's create and edit pages use.

`StaleEditFormMixin` calls the view's `save(form)` (one service call); it turns
- `core.editing.StaleEdit` into the "both versions" page (409): who saved what and when beside
  what the editor typed, which stays in the form, with the saved version now expected;
- a model `ValidationError` from the service into messages on the form, on the field they name;
- success into a message and a redirect to `get_success_url_for(saved)` (without its
  #fragment, so the success banner at the top of the page is seen and focused).

Templates extend `includes/_form_base.html`, which shows the error summary, the stale-edit
banner and comparison, a back link and the form. `page_context()` gives its page_title,
caption, back_url and submit_label; `form_council()` lets the unbound form be cached.
"""

import datetime
import os

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.shortcuts import redirect
from django.utils.functional import SimpleLazyObject

from core.dates import long_date
from core.editing import StaleEdit


def _readable(value):
    if isinstance(value, datetime.date):
        return long_date(value)
    if isinstance(value, FieldFile):
        return os.path.basename(value.name) if value else ""
    if isinstance(value, list | tuple):
        return "; ".join(str(item) for item in value)
    return value


def add_validation_error(form, error: ValidationError) -> None:
    """Put a model's ValidationError on the form: on the field it names, or above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def stale_comparison(form, current) -> list[tuple[str, object, object]]:
    """(label, saved value, typed value) for each of the form's visible fields."""
    rows = []
    for name, field in form.fields.items():
        if name == "version" or field.widget.is_hidden:
            continue
        theirs = getattr(current, name, None)
        if hasattr(theirs, "all"):
            theirs = "; ".join(str(item) for item in theirs.all())
        display = getattr(current, f"get_{name}_display", None)
        if display:
            theirs = display()
        yours = form.cleaned_data.get(name)
        if hasattr(yours, "__iter__") and not isinstance(yours, str | bytes):
            yours = "; ".join(str(item) for item in yours)
        elif hasattr(field, "choices") and yours is not None and not hasattr(yours, "pk"):
            yours = dict(field.choices).get(yours, yours)
        rows.append(
            (
                field.label or name.replace("_", " ").capitalize(),
                _readable(theirs),
                _readable(yours),
            )
        )
    return rows


class StaleEditFormMixin:
    """For FormView/CreateView/UpdateView pages whose `save(form)` calls one service."""

    success_message = "Saved."

    def save(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            saved = self.save(form)
        except StaleEdit as stale:
            return self.stale_response(form, stale)
        except ValidationError as error:
            add_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.get_success_message(saved))
        # Back to the top of the page, where the success banner takes the focus: an address
        # ending in the saved row's #fragment would scroll the banner off the screen.
        return redirect(self.get_success_url_for(saved).split("#", 1)[0])

    def get_success_message(self, saved) -> str:
        return self.success_message

    def get_success_url_for(self, saved) -> str:
        return saved.get_absolute_url()

    def page_context(self) -> dict:
        """page_title, caption, back_url, submit_label (and anything else) for the page."""
        return {}

    def form_council(self):
        """The council (a row, with its data version) whose data the form shows: its choices,
        its initial values. Given, the unbound form of a GET is cached under that council's
        and the national data versions (`cache_form`); None (the default) renders it afresh.
        Leave it None for a form whose initial values come from anything else (the session)."""
        return None

    def get_context_data(self, **kwargs):
        council = None
        if self.request.method in ("GET", "HEAD"):
            council = self.form_council()
            if council is not None and "form" not in kwargs:
                # Unbound, cached once rendered: built only when rendered afresh.
                kwargs["form"] = SimpleLazyObject(self.get_form)
        return {
            **self.page_context(),
            "form_council": council,
            **super().get_context_data(**kwargs),
        }

    def stale_response(self, form, stale: StaleEdit):
        form.add_error(None, stale.message)
        data = form.data.copy()
        data["version"] = str(stale.current.version)
        form.data = data
        context = self.get_context_data(
            form=form, stale=stale, comparison=stale_comparison(form, stale.current)
        )
        return self.render_to_response(context, status=409)
