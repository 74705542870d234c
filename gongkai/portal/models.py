"""What the public side keeps of its own: counters that slow down guessing."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy


class Throttle(models.Model):
    """Failed attempts of one client (hashed) in one fixed time window, per scope.

    ``gongkai.portal.throttle`` reads and bumps these rows; old windows are pruned
    as new ones are written.  Only a keyed hash of the client address is stored,
    never the address itself.
    """

    scope = models.CharField(gettext_lazy("用途"), max_length=30)
    key = models.CharField(gettext_lazy("客户端标识（散列）"), max_length=64)
    window_start = models.DateTimeField(gettext_lazy("时段开始"))
    count = models.PositiveIntegerField(gettext_lazy("失败次数"), default=0)

    class Meta:
        verbose_name = gettext_lazy("访问限制计数")
        verbose_name_plural = gettext_lazy("访问限制计数")
        constraints = [
            models.UniqueConstraint(fields=["scope", "key", "window_start"], name="unique_throttle_window"),
        ]
        indexes = [models.Index(fields=["window_start"], name="throttle_window")]

    def __str__(self) -> str:
        return f"{self.scope} {self.key[:8]} {self.window_start:%Y-%m-%d %H:%M} {self.count}"
