"""A theme's achievements and next steps: adding and changing them, marking a next step done
as an achievement, and a lead's own work."""

from django.db.models import Q
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.generic import CreateView, FormView, UpdateView

from core.edit_views import StaleEditFormMixin
from core.forms import cleaned_values
from improvement import forms, plan, services
from improvement.models import Achievement, NextStep, Theme
from improvement.views.access import ThemeChangeMixin, ThemeFromUrlMixin
from improvement.views.action_lists import (
    ACTION,
    DUE,
    OWNER,
    RAG,
    STATUS,
    THEME,
    FilteredActionsView,
)


class ItemPageMixin(StaleEditFormMixin):
    """The page around an achievement's or next step's form; `self.item` is None when adding."""

    noun = ""  # "an achievement", in the page title
    name = ""  # "Achievement", in the success message
    item = None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "theme": self.theme}

    def page_context(self):
        return {
            "theme": self.theme,
            "item": self.item,
            "page_title": f"Add {self.noun}" if self.item is None else f"Change {self.noun}",
            "title_detail": self.item.label if self.item else "",
            "caption": self.theme.title,
            "back_url": self.theme.get_absolute_url(),
        }

    def get_success_message(self, saved):
        return f"{self.name} ‘{saved.label}’ saved."

    def form_council(self):
        return self.theme.programme.local_authority


class ItemCreateMixin(ThemeFromUrlMixin, ItemPageMixin):
    """Add an item to a theme the user may change."""


class ItemChangeMixin(ThemeChangeMixin, ItemPageMixin):
    """Change an item of a theme the user may change: the item fetched in scope."""

    def get_queryset(self):
        return self.model.objects.select_related("theme__programme__local_authority")

    def theme_of(self, obj) -> Theme:
        return obj.theme

    def dispatch(self, request, *args, **kwargs):
        self.item = self.get_object()
        self.theme = self.item.theme
        return super().dispatch(request, *args, **kwargs)


# Achievements and next steps have deliberately parallel pages (the same page around each
# model's own form), each saved by its own services.


class AchievementFormPage:
    noun = "an achievement"
    name = "Achievement"
    form_class = forms.AchievementForm
    template_name = "improvement/achievement_form.html"


class AchievementCreateView(AchievementFormPage, ItemCreateMixin, CreateView):
    def save(self, form):
        return services.add_achievement(
            theme=self.theme, by=self.request.user, **form.model_changes()
        )


class AchievementUpdateView(AchievementFormPage, ItemChangeMixin, UpdateView):
    model = Achievement

    def save(self, form):
        return services.update_achievement(
            achievement=self.item,
            by=self.request.user,
            changes=form.model_changes(),
            seen_version=form.cleaned_data["version"],
        )


class NextStepFormPage:
    noun = "a next step"
    name = "Next step"
    form_class = forms.NextStepForm
    template_name = "improvement/next_step_form.html"


class NextStepCreateView(NextStepFormPage, ItemCreateMixin, CreateView):
    def save(self, form):
        return services.add_next_step(
            theme=self.theme, by=self.request.user, **form.model_changes()
        )


class NextStepUpdateView(NextStepFormPage, ItemChangeMixin, UpdateView):
    model = NextStep

    def save(self, form):
        return services.update_next_step(
            next_step=self.item,
            by=self.request.user,
            changes=form.model_changes(),
            seen_version=form.cleaned_data["version"],
        )


class NextStepCompleteView(ItemChangeMixin, FormView):
    """Mark a next step done and turn it into an achievement in one action."""

    model = NextStep
    form_class = forms.CompleteNextStepForm
    template_name = "improvement/next_step_complete.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("theme")
        kwargs["next_step"] = self.item
        kwargs.setdefault("initial", {})["achieved_on"] = timezone.localdate()
        return kwargs

    def page_context(self):
        return {
            **super().page_context(),
            "page_title": "Mark done and record as an achievement",
            "submit_label": "Record the achievement",
        }

    def save(self, form):
        return services.complete_next_step_as_achievement(
            next_step=self.item,
            by=self.request.user,
            seen_version=form.cleaned_data["version"],
            **cleaned_values(form, "achieved_on", "label", "text", "evidence_link", "evidence"),
        )

    def get_success_message(self, saved):
        return f"‘{saved.label}’ is done and is now an achievement."


class MyWorkView(FilteredActionsView):
    template_name = "improvement/my_work.html"
    nav_section = "my-work"
    columns = (DUE, ACTION, THEME, OWNER, STATUS, RAG)
    download_name = "my-work"

    def base_queryset(self):
        user = self.request.user
        mine = NextStep.objects.filter(Q(owner=user) | Q(theme__leads=user)).values("pk")
        return plan.with_plan(
            NextStep.objects.visible_to(user).open().filter(pk__in=mine).with_theme()
        ).by_due_date()

    def get_context_data(self, **kwargs):
        user = self.request.user
        themes = SimpleLazyObject(  # read only when the cached content is rendered afresh
            lambda: list(
                Theme.objects.visible_to(user)
                .led_by(user)
                .with_counts()
                .select_related("programme", "programme__local_authority")
                .order_by("programme__title", "order")
            )
        )
        return super().get_context_data(themes=themes, today=timezone.localdate(), **kwargs)
