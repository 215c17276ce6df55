"""A password hasher that counts the hashes it computes, for proving a locked-out attempt computes none."""

from django.contrib.auth.hashers import MD5PasswordHasher


class CountingHasher(MD5PasswordHasher):
    algorithm = "counting_md5"
    calls = 0

    def encode(self, password, salt):
        # verify() and set_password() both hash through encode(): one count per hash computed.
        CountingHasher.calls += 1
        return super().encode(password, salt)
