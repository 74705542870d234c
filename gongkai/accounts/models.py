from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy


class User(AbstractUser):
    """A person who logs in: agency staff, or a member of the public who chose an account.

    Staff powers come only from ``orgs.Membership`` rows (one per organisation and
    role); the ``is_staff`` flag only opens the Django admin.
    """

    full_name = models.CharField(gettext_lazy("姓名"), max_length=100, blank=True)

    class Meta:
        verbose_name = gettext_lazy("用户")
        verbose_name_plural = gettext_lazy("用户")

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name() or self.username
