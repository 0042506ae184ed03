from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from core.dates import long_date
from core.navigation import Crumb
from core.roles import Role
from core.users.querysets import UserQuerySet


class LocalAuthorityQuerySet(models.QuerySet):
    def current(self):
        return self.filter(status=LocalAuthority.Status.CURRENT)

    def with_neighbours(self):
        return self.prefetch_related(
            Prefetch(
                "neighbour_links",
                queryset=StatisticalNeighbour.objects.select_related("neighbour").order_by("rank"),
            )
        )

    def in_region(self, region_code):
        return self.filter(region_code=region_code)


class LocalAuthority(models.Model):
    """An English local authority with children's services responsibilities."""

    class Status(models.TextChoices):
        CURRENT = "current", "Current"
        NO_LONGER_EXISTS = "no_longer_exists", "No longer exists"

    name = models.CharField(max_length=120)
    ons_code = models.CharField(
        "ONS code",
        max_length=9,
        unique=True,
        null=True,
        blank=True,
        help_text="For example E09000016",
    )
    dfe_code = models.CharField(
        "DfE LA code", max_length=3, unique=True, help_text="For example 311"
    )
    region_name = models.CharField("region", max_length=60, blank=True)
    region_code = models.CharField("region code", max_length=9, blank=True)
    ofsted_region = models.CharField("Ofsted region", max_length=60, blank=True)
    la_type = models.CharField("type of authority", max_length=60, blank=True)
    ofsted_urn = models.CharField("Ofsted URN", max_length=10, blank=True)
    website = models.CharField(max_length=120, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CURRENT)
    data_version = models.PositiveBigIntegerField(
        default=1,
        editable=False,
        help_text="Goes up with every change to this council's data; cached pages are keyed "
        "on it (core.versioning).",
    )
    neighbours = models.ManyToManyField(
        "self",
        through="StatisticalNeighbour",
        through_fields=("local_authority", "neighbour"),
        symmetrical=False,
        related_name="neighbour_of",
        blank=True,
    )

    objects = LocalAuthorityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "local authority"
        verbose_name_plural = "local authorities"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("core:la-detail", kwargs={"dfe_code": self.dfe_code})

    @staticmethod
    def formal_name_of(name: str, la_type: str) -> str:
        """'London Borough of Havering', 'Calderdale Council': as the council names itself."""
        if (la_type or "").lower() == "london borough":
            return f"London Borough of {name}"
        return f"{name} Council"

    @property
    def formal_name(self) -> str:
        return self.formal_name_of(self.name, self.la_type)

    @property
    def is_current(self):
        return self.status == self.Status.CURRENT

    @property
    def breadcrumb_parent(self):
        return Crumb("Local authorities", reverse("core:la-list"))

    def ordered_neighbours(self):
        """The ten statistical neighbours, closest first (uses prefetched links when present)."""
        return [link.neighbour for link in self.neighbour_links.all()]


class DataVersion(models.Model):
    """A counter that goes up with every write to the data it names ("national": every
    council's published data: inspections, national figures, the register). Cached pages
    key on it; see core.versioning."""

    scope = models.CharField(max_length=40, unique=True)
    version = models.PositiveBigIntegerField(default=1)

    class Meta:
        ordering = ["scope"]

    def __str__(self):
        return f"{self.scope}: version {self.version}"


class ImportedFile(models.Model):
    """The file(s) a national import last read successfully, by SHA-256, so that running the
    import again on the same file(s) is skipped (see core.importers.unchanged_since)."""

    name = models.CharField(
        max_length=100, unique=True, help_text="Which import, e.g. inspection outcomes"
    )
    sha256 = models.CharField("SHA-256", max_length=64)
    file_name = models.CharField(max_length=255)
    imported_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}: {self.file_name}, {long_date(timezone.localdate(self.imported_at))}"


class StatisticalNeighbour(models.Model):
    """One of an LA's ten statistical neighbours in the DfE model, with its rank (1 = closest)."""

    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, related_name="neighbour_links"
    )
    neighbour = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()
    closeness = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["local_authority", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "rank"], name="unique_neighbour_rank"
            ),
            models.UniqueConstraint(
                fields=["local_authority", "neighbour"], name="unique_neighbour_pair"
            ),
            models.CheckConstraint(
                condition=models.Q(rank__gte=1) & models.Q(rank__lte=10),
                name="neighbour_rank_1_to_10",
            ),
        ]

    def __str__(self):
        return f"{self.local_authority} neighbour {self.rank}: {self.neighbour}"


class CouncilUserManager(UserManager.from_queryset(UserQuerySet)):
    """Django's UserManager with the reads of core.users.querysets."""


class User(AbstractUser):
    """A person using the tracker. Belongs to one LA; platform administrators belong to none."""

    local_authority = models.ForeignKey(
        LocalAuthority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text="Leave empty only for platform administrators.",
    )
    job_title = models.CharField(max_length=120, blank=True)
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Goes up with every change a council administrator makes to the account, "
        "so two administrators never silently overwrite each other's changes.",
    )

    objects = CouncilUserManager()

    class Meta(AbstractUser.Meta):
        ordering = ["last_name", "first_name", "username"]

    def __str__(self):
        return self.get_full_name() or self.username

    def _group_names(self):
        if not hasattr(self, "_cached_group_names"):
            if "groups" in getattr(self, "_prefetched_objects_cache", {}):
                self._cached_group_names = {group.name for group in self.groups.all()}
            else:
                self._cached_group_names = set(self.groups.values_list("name", flat=True))
        return self._cached_group_names

    def has_role(self, role: Role) -> bool:
        return role.value in self._group_names()

    @property
    def is_administrator(self) -> bool:
        return self.is_superuser or self.has_role(Role.ADMINISTRATOR)

    @property
    def is_platform_administrator(self) -> bool:
        return self.is_administrator and self.local_authority_id is None

    @property
    def is_improvement_lead(self) -> bool:
        return self.has_role(Role.IMPROVEMENT_LEAD)

    @property
    def is_scrutiny_member(self) -> bool:
        return self.has_role(Role.SCRUTINY_MEMBER)

    @property
    def role_labels(self) -> list[str]:
        """The roles the user holds, as people say them ("Improvement lead"), in Role order."""
        return [role.label for role in Role if self.has_role(role)]

    @property
    def role_names(self) -> list[str]:
        return sorted(self._group_names()) or (["Administrators"] if self.is_superuser else [])

    def can_see_local_authority_data(self, local_authority_id) -> bool:
        """Programme data is private to the LA's own users and platform administrators."""
        return self.is_platform_administrator or (
            self.local_authority_id is not None and self.local_authority_id == local_authority_id
        )

    def can_administer_local_authority(self, local_authority_id) -> bool:
        return self.is_administrator and self.can_see_local_authority_data(local_authority_id)


class AccountAction(models.TextChoices):
    INVITED = "invited", "Invited"
    INVITED_AGAIN = "invited_again", "Sent a new invitation"
    PASSWORD_SET = "password_set", "Set their password"
    PASSWORD_RESET = "password_reset", "Sent a link to set a new password"
    ROLES_CHANGED = "roles_changed", "Changed roles"
    DEACTIVATED = "deactivated", "Deactivated"
    REACTIVATED = "reactivated", "Reactivated"


class AccountEvent(models.Model):
    """Something a council administrator (or the person themselves) did to an account: the
    account's history, never edited. `by_name` keeps who did it if their account goes."""

    Action = AccountAction

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="account_events")
    by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    by_name = models.CharField(max_length=150)
    action = models.CharField(max_length=20, choices=Action.choices)
    detail = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action__in=AccountAction.values),
                name="account_event_action_valid",
            )
        ]

    def __str__(self):
        return f"{self.user}: {self.get_action_display()} by {self.by_name}"
