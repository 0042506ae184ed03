"""Reads of user accounts (imported by core.models, so nothing here imports a model)."""

from django.db.models import Prefetch

from core.access import CouncilScopedQuerySet


class UserQuerySet(CouncilScopedQuerySet):
    """`User.objects`. `visible_to(user)` (from CouncilScopedQuerySet): the user's own council's
    accounts; every council's for platform administrators."""

    council_path = "local_authority"

    def council_members(self):
        """Accounts that belong to a council and that its administrators manage: never a
        platform administrator's, a superuser's or a Django admin (staff) account."""
        return self.filter(local_authority__isnull=False, is_superuser=False, is_staff=False)

    def manageable_by(self, user):
        """The council members `user` may manage: their own council's as its administrator;
        every council's as a platform administrator; none otherwise."""
        if not user.is_authenticated or not user.is_administrator:
            return self.none()
        return self.council_members().visible_to(user)

    def for_listing(self):
        """With their roles and the themes they lead, read in a fixed number of queries."""
        from improvement.models import Theme

        return self.prefetch_related(
            "groups",
            Prefetch(
                "led_themes",
                queryset=Theme.objects.select_related("programme").order_by(
                    "programme__start_date", "order", "pk"
                ),
            ),
        )
