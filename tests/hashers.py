"""A quick password hasher for the tests, whose hashes any Django verifies.

Hashing a password the production way takes a large fraction of a second on purpose; the suite
makes hundreds of users. This hasher writes ordinary `pbkdf2_sha256$<iterations>$…` hashes
with few iterations: Django reads the count from the hash, so the app servers some tests start
(with the real settings) still verify these passwords, and upgrade them on sign-in.
"""

from django.contrib.auth.hashers import PBKDF2PasswordHasher


class QuickPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    iterations = 1_000
