"""Council user management: a council's administrators list, invite, give roles to,
deactivate and reactivate their own council's users, in the service's own pages.

- `querysets.UserQuerySet`: `User.objects`; `council_members()` (accounts a council manages:
  never a platform administrator's), `manageable_by(user)`, `for_listing()`.
- `services`: every change to an account, each in a transaction, each recorded as an
  `AccountEvent` naming who did it and when: `invite_user`, `invite_again`, `change_roles`,
  `deactivate_user`, `reactivate_user`, `reset_password` (a forgotten password: the old one
  stops working, a set-password link is emailed), `record_password_set`; `end_sessions(user)`.
- `tokens.invitation_token_generator`: Django's password-reset tokens with their own salt:
  single use (setting a password changes what the token was made from) and expiring after
  `PASSWORD_RESET_TIMEOUT`.
- `forms`, `views`: the pages (URLs in `core.urls`).
"""
