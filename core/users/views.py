"""The pages of council user management. Every page fetches the account through
`User.objects.manageable_by(user)`-style scoping: another council's account, or a platform
administrator's, is "Page not found"; a council user who is not an administrator gets 403."""

import smtplib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.db.models import Max
from django.forms import Form
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, FormView, ListView

from core.access import CouncilFromUrlMixin, access_object
from core.edit_views import StaleEditFormMixin, add_validation_error
from core.models import User
from core.navigation import Crumb
from core.roles import Role
from core.users import forms, services
from core.users.tokens import invitation_token_generator

SEND_FAILED = (
    "The invitation email could not be sent, so the account has not been made. Try again later."
)


def users_crumb(local_authority) -> Crumb:
    return Crumb(
        "Users",
        reverse("core:user-list", kwargs={"dfe_code": local_authority.dfe_code}),
        breadcrumb_parent=local_authority,
    )


@require_safe
def own_users(request):
    """The signed-in administrator's own council's users (platform administrators: the
    register, to choose a council)."""
    local_authority = request.user.local_authority
    if local_authority is None:
        return redirect("core:la-list")
    if not request.user.is_administrator:
        raise PermissionDenied("Only your council's administrators manage its users.")
    return redirect("core:user-list", dfe_code=local_authority.dfe_code)


def sign_in_key(last_login) -> str:
    """When someone last signed in, for the key of a cached users page."""
    return last_login.isoformat() if last_login else "never"


class CouncilUsersMixin(CouncilFromUrlMixin):
    council_data_is_private = True
    permission_denied_message = "Only the council's administrators manage its users."
    nav_section = "users"

    def may_use_council(self, local_authority) -> bool:
        return self.request.user.can_administer_local_authority(local_authority.pk)


class UserListView(CouncilUsersMixin, ListView):
    template_name = "core/users/user_list.html"
    context_object_name = "members"

    def get_queryset(self):
        return (
            User.objects.council_members()
            .for_local_authority(self.local_authority)
            .for_listing()
            .order_by("-is_active", "last_name", "first_name", "username")
        )

    def get_context_data(self, **kwargs):
        # The list is cached under the council's version (every account change bumps it) and
        # the latest sign-in, which no write bumps a version for.
        latest = (
            User.objects.council_members()
            .for_local_authority(self.local_authority)
            .aggregate(latest=Max("last_login"))["latest"]
        )
        return super().get_context_data(sign_ins=sign_in_key(latest), **kwargs)


class InviteView(CouncilUsersMixin, FormView):
    template_name = "core/users/invite_form.html"
    form_class = forms.InviteForm

    def form_valid(self, form):
        try:
            member = services.invite_user(
                local_authority=self.local_authority,
                by=self.request.user,
                base_url=self.request.build_absolute_uri("/"),
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_validation_error(form, error)
            return self.form_invalid(form)
        except IntegrityError:  # the same address invited by someone else a moment ago
            form.add_error("email", "There is already an account with this email address")
            return self.form_invalid(form)
        except (smtplib.SMTPException, OSError):
            form.add_error(None, SEND_FAILED)
            return self.form_invalid(form)
        messages.success(
            self.request, f"{member} has been invited. We have emailed them at {member.email}."
        )
        return redirect("core:user-detail", pk=member.pk)

    def get_context_data(self, **kwargs):
        list_url = users_crumb(self.local_authority).url
        return super().get_context_data(
            page_title="Invite a user",
            caption=self.local_authority.name,
            back_url=list_url,
            submit_label="Send invitation",
            form_council=self.local_authority,  # the unbound form is cached (`cache_form`)
            link_days=max(1, round(settings.PASSWORD_RESET_TIMEOUT / 86400)),
            **kwargs,
        )


class MemberMixin:
    """`self.member`: the account of the URL, if the user may manage it (404 for another
    council's account or a platform administrator's; 403 for a non-administrator)."""

    nav_section = "users"

    def dispatch(self, request, *args, **kwargs):
        self.member = access_object(
            User.objects.council_members().for_listing(),
            user=request.user,
            pk=kwargs["pk"],
            may=lambda user, member: user.can_administer_local_authority(member.local_authority_id),
            denied_message="Only the council's administrators manage its users.",
        )
        return super().dispatch(request, *args, **kwargs)

    def detail_url(self) -> str:
        return reverse("core:user-detail", kwargs={"pk": self.member.pk})

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            member=self.member,
            local_authority=self.member.local_authority,
            users_crumb=users_crumb(self.member.local_authority),
            **kwargs,
        )


class UserDetailView(MemberMixin, DetailView):
    template_name = "core/users/user_detail.html"
    context_object_name = "member"

    def get_object(self, queryset=None):
        return self.member

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            events=self.member.account_events.select_related("by")[:50],
            sign_ins=sign_in_key(self.member.last_login),
            is_self=self.member.pk == self.request.user.pk,
            **kwargs,
        )


class RolesView(MemberMixin, StaleEditFormMixin, FormView):
    template_name = "core/users/roles_form.html"
    form_class = forms.RolesForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "member": self.member}

    def save(self, form):
        return services.change_roles(
            member=self.member,
            by=self.request.user,
            roles=form.cleaned_data["roles"],
            seen_version=form.cleaned_data["version"],
        )

    def get_success_message(self, saved) -> str:
        return f"{saved}’s roles have been saved."

    def form_council(self):
        return self.member.local_authority

    def get_success_url_for(self, saved) -> str:
        return self.detail_url()

    def page_context(self) -> dict:
        return {
            "page_title": "Change roles",
            "caption": str(self.member),
            "back_url": self.detail_url(),
            "submit_label": "Save roles",
            "led_themes": list(self.member.led_themes.all()),
        }

    def stale_response(self, form, stale):
        form.add_error(None, stale.message)
        data = form.data.copy()
        data["version"] = str(stale.current.version)
        form.data = data
        chosen = set(form.cleaned_data.get("roles") or [])
        comparison = [
            (
                "Roles",
                "; ".join(stale.current.roles) or "No role",
                "; ".join(role.label for role in Role if role.value in chosen) or "No role",
            )
        ]
        context = self.get_context_data(form=form, stale=stale, comparison=comparison)
        return self.render_to_response(context, status=409)


class AccountActionView(MemberMixin, FormView):
    """A confirmation page whose button does one thing to the account."""

    form_class = Form
    template_name = "core/users/confirm.html"
    action = None
    page_title = ""
    submit_label = ""
    warning = ""

    def form_valid(self, form):
        try:
            saved = self.do(self.member, self.request.user)
        except ValidationError as error:
            add_validation_error(form, error)
            return self.form_invalid(form)
        except (smtplib.SMTPException, OSError):
            form.add_error(None, "The email could not be sent. Try again later.")
            return self.form_invalid(form)
        messages.success(self.request, self.done_message.format(member=saved))
        return redirect(self.detail_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=self.page_title.format(member=self.member),
            caption=self.member.local_authority.name,
            back_url=self.detail_url(),
            submit_label=self.submit_label,
            warning=self.warning.format(member=self.member),
            **kwargs,
        )


class DeactivateView(AccountActionView):
    page_title = "Deactivate {member}’s account?"
    submit_label = "Deactivate account"
    warning = (
        "{member} will be signed out at once and will not be able to sign in. Their name stays "
        "on everything they wrote and on the themes they lead. You can reactivate the account "
        "later."
    )
    done_message = "{member}’s account has been deactivated and they have been signed out."

    def dispatch(self, request, *args, **kwargs):
        if str(kwargs.get("pk")) == str(request.user.pk):
            raise PermissionDenied("You cannot deactivate your own account.")
        return super().dispatch(request, *args, **kwargs)

    def do(self, member, by):
        return services.deactivate_user(member=member, by=by)


class ReactivateView(AccountActionView):
    page_title = "Reactivate {member}’s account?"
    submit_label = "Reactivate account"
    warning = "{member} will be able to sign in again, with the roles they had."
    done_message = "{member}’s account has been reactivated."

    def do(self, member, by):
        return services.reactivate_user(member=member, by=by)


class InviteAgainView(AccountActionView):
    page_title = "Send {member} a new invitation?"
    submit_label = "Send invitation"
    warning = (
        "We will email {member} a new link to set their password. Links sent before will stop "
        "working."
    )
    done_message = "A new invitation has been sent to {member}."

    def do(self, member, by):
        return services.invite_again(
            member=member, by=by, base_url=self.request.build_absolute_uri("/")
        )


class ResetPasswordView(AccountActionView):
    page_title = "Send {member} a link to set a new password?"
    submit_label = "Send the link"
    warning = (
        "Their current password will stop working at once and they will be signed out. We will "
        "email {member} a link to set a new password; it works once."
    )
    done_message = "{member} has been sent a link to set a new password."

    def do(self, member, by):
        return services.reset_password(
            member=member, by=by, base_url=self.request.build_absolute_uri("/")
        )


@method_decorator(login_not_required, name="dispatch")
class SetPasswordView(auth_views.PasswordResetConfirmView):
    """The invitation's link: choose a password, then sign in. Works once."""

    form_class = forms.SetPasswordForm
    token_generator = invitation_token_generator
    template_name = "core/users/set_password.html"
    reset_url_token = "set-password"
    success_url = reverse_lazy("login")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.record_password_set(member=form.user)
        messages.success(
            self.request,
            f"Your password has been set. Sign in with your username, {form.user.username}.",
        )
        return response
