"""Workforce writes (local figures, local metric definitions) and the benchmark read model
other apps call.

Public read functions (each runs a fixed number of queries, whatever the data size):

- `metric_summaries(local_authority, *, user=None, metric_slugs=None, headline_only=False)`
  -> list[MetricSummary]: for each metric, every date's figure for the LA beside England, its
  region and the average of its statistical neighbours, the latest of them in words, and a
  chart (`summary.chart`, render with `{% trend_chart summary %}` from `workforce_charts`).
- `headline_figures(local_authority, metric_slugs=None, *, user=None)` -> list[MetricSummary]:
  the same for the headline metrics only (turnover, agency rate, vacancy rate, caseload,
  absence, and local % permanent social workers where the LA has entered it).

Local figures are private to the LA: pass `user` to leave them out for anyone else. With no
user they are included (for callers that have already checked access).
"""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.text import slugify

from core.editing import StaleEdit, model_update, save_with_history
from core.models import LocalAuthority
from core.versioning import bump_council, bump_national
from indicators.engine import MeasureSummary, build_summaries
from workforce.models import Metric, Observation

__all__ = ["StaleEdit", "MetricSummary", "headline_figures", "metric_summaries"]

# ---------------------------------------------------------------------------------------------
# Writes


@transaction.atomic
def record_observation(
    *,
    local_authority: LocalAuthority,
    metric: Metric,
    date: date,
    value: Decimal,
    note: str = "",
    by,
) -> Observation:
    """Record a council's own figure for a local metric at any date (today or earlier)."""
    observation = Observation.local_figure(
        local_authority=local_authority, measure=metric, date=date, value=value, note=note, by=by
    )
    save_with_history(observation, by=by)
    bump_council(local_authority)
    return observation


@transaction.atomic
def update_observation(
    *,
    observation: Observation,
    by,
    seen_version: int,
    metric: Metric,
    date: date,
    value: Decimal,
    note: str = "",
) -> Observation:
    """Change a local figure; refuses (StaleEdit) if it changed since the editor loaded it."""
    current = model_update(
        instance=observation,
        fields=["metric", "date", "value", "note", "entered_by"],
        data={"metric": metric, "date": date, "value": value, "note": note, "entered_by": by},
        by=by,
        seen_version=seen_version,
    )
    bump_council(current.local_authority_id)
    return current


@transaction.atomic
def define_metric(
    *,
    by,
    local_authority: LocalAuthority | None,
    name: str,
    phrase: str,
    unit: str,
    better_direction: str,
    definition: str,
    decimal_places: int = 0,
) -> Metric:
    """Add a local metric: the council's own (local_authority set) or every council's."""
    base = slugify(name)[:50] or "metric"
    slug = base if local_authority is None else f"{base}-{local_authority.dfe_code}"
    taken = set(Metric.objects.filter(slug__startswith=slug).values_list("slug", flat=True))
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    metric = Metric(
        slug=candidate,
        name=name,
        phrase=phrase or name[:1].lower() + name[1:],
        unit=unit,
        better_direction=better_direction,
        source=Metric.Source.LOCAL,
        definition=definition,
        decimal_places=decimal_places,
        local_authority=local_authority,
        display_order=400,
    )
    save_with_history(metric, by=by)
    if local_authority is not None:
        bump_council(local_authority)
    else:
        bump_national()
    return metric


# ---------------------------------------------------------------------------------------------
# The benchmark read model: the indicator engine's, for the workforce's metrics

MetricSummary = MeasureSummary


def metric_summaries(
    local_authority: LocalAuthority,
    *,
    user=None,
    metric_slugs=None,
    headline_only: bool = False,
) -> list[MetricSummary]:
    """Each metric's figures for the LA beside England, its region and its neighbours.

    Three queries (two if the LA came with `LocalAuthority.objects.with_neighbours()`):
    metrics, neighbour ids, observations. Local metrics appear only if `user` (when given) may
    see the LA's own data; with `headline_only`, local metrics appear only where the LA has
    figures.
    """
    la = local_authority
    metrics = Metric.objects.available_to(la.pk)
    if metric_slugs is not None:
        metrics = metrics.filter(slug__in=list(metric_slugs))
    if headline_only:
        metrics = metrics.headline()
    may_see_local = user is None or user.can_see_local_authority_data(la.pk)
    if not may_see_local:
        metrics = metrics.published()
    metrics = {metric.pk: metric for metric in metrics}
    observations = Observation.objects.filter(metric__in=list(metrics))
    if not may_see_local:
        observations = observations.published()

    def keep(metric, own_dates) -> bool:
        return not headline_only or metric.is_published or bool(own_dates)

    return build_summaries(la, metrics, observations, keep=keep)


def headline_figures(local_authority, metric_slugs=None, *, user=None) -> list[MetricSummary]:
    """The headline metrics' latest figures with England, region and neighbours, in words.

    For each headline metric (turnover, agency rate, vacancy rate, caseload, absence, and the
    local % permanent social workers if the LA has entered it), a `MetricSummary` whose
    `.latest` is the LA's latest `Figure` (`.own`, `.england`, `.region`, `.neighbours` with
    `.value`, `.count` and `.total`; `.date`), `.sentence` the words (“Havering's agency rate,
    41.7%, is above England's 13.0%.”), `.judgement` “Better/Worse/Same as England” and
    `.chart` the trend chart. `metric_slugs` picks metrics instead of the headline set.
    Three queries at most, whatever the data size.
    """
    return metric_summaries(
        local_authority,
        user=user,
        metric_slugs=metric_slugs,
        headline_only=metric_slugs is None,
    )
