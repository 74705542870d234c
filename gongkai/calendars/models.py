"""Working-day data per region: rest days, make-up working days, and which years are loaded.

The national arrangement is region ``CN``; a province's own days (e.g. 广西 壮族三月三)
are stored under its code (``CN-GX``).  ``gongkai.law.calendar`` turns these rows into
an indexed calendar; ``services.calendar_for(region)`` caches it.  Change the data only
through ``services`` so that the cache is invalidated and ``calendar_changed`` is sent.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from gongkai.law.calendar import FIRST_DAY, LAST_DAY, REST, WORK, weekday_zh
from gongkai.law.clock import PauseReading
from gongkai.law.regions import REGIONS
from django.utils.translation import gettext as _, gettext_lazy

REGION_CHOICES = sorted(REGIONS.items())
YEAR_VALIDATORS = [MinValueValidator(FIRST_DAY.year), MaxValueValidator(LAST_DAY.year)]


class RegionCalendar(models.Model):
    """Per-region settings: whether the region has its own days that must be loaded every year."""

    region = models.CharField(gettext_lazy("地区"), max_length=8, choices=REGION_CHOICES, unique=True)
    own_days_expected = models.BooleanField(
        gettext_lazy("有地方节假日（每年须单独录入）"),
        default=False,
        help_text=gettext_lazy("勾选后，该地区每一年都须录入地方节假日并标记“已录入”，否则该年的期限显示为暂定。"
        "如广西（壮族三月三）、新疆（肉孜节、古尔邦节）、西藏（藏历新年）。"),
    )
    note = models.TextField(gettext_lazy("说明"), blank=True)

    class Meta:
        verbose_name = gettext_lazy("地区日历设置")
        verbose_name_plural = gettext_lazy("地区日历设置")
        ordering = ["region"]

    def __str__(self) -> str:
        return f"{self.region} {REGIONS.get(self.region, '')}"


class CalendarYear(models.Model):
    """Whether a region's arrangement for a year has been entered and checked (“已录入”)."""

    region = models.CharField(gettext_lazy("地区"), max_length=8, choices=REGION_CHOICES)
    year = models.PositiveSmallIntegerField(gettext_lazy("年份"), validators=YEAR_VALIDATORS)
    loaded = models.BooleanField(
        gettext_lazy("已录入"), default=False, help_text=gettext_lazy("只有标记为已录入的年份才用于计算期限；未录入的年份按周末计算并显示为暂定。")
    )
    loaded_at = models.DateTimeField(gettext_lazy("标记时间"), null=True, blank=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=gettext_lazy("标记人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(gettext_lazy("依据"), max_length=300, blank=True, help_text=gettext_lazy("如 国务院办公厅关于2027年部分节假日安排的通知"))

    class Meta:
        verbose_name = gettext_lazy("年度节假日安排")
        verbose_name_plural = gettext_lazy("年度节假日安排")
        ordering = ["region", "-year"]
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="unique_calendar_year")]

    def __str__(self) -> str:
        return f"{self.region} {self.year}年（{_('已录入') if self.loaded else _('未录入')}）"


class CalendarDay(models.Model):
    """One rest day or make-up working day of a region."""

    class Kind(models.TextChoices):
        REST = REST, gettext_lazy("休息日")
        WORK = WORK, gettext_lazy("调休上班日")

    region = models.CharField(gettext_lazy("地区"), max_length=8, choices=REGION_CHOICES)
    date = models.DateField(gettext_lazy("日期"))
    kind = models.CharField(gettext_lazy("类型"), max_length=4, choices=Kind.choices)
    name = models.CharField(gettext_lazy("名称"), max_length=100, blank=True, help_text=gettext_lazy("如 春节、壮族三月三、国庆节调休上班"))
    source = models.CharField(gettext_lazy("来源"), max_length=300, blank=True, help_text=gettext_lazy("通知文号或其他依据"))

    class Meta:
        verbose_name = gettext_lazy("节假日或调休上班日")
        verbose_name_plural = gettext_lazy("节假日与调休上班日")
        ordering = ["region", "date"]
        constraints = [models.UniqueConstraint(fields=["region", "date"], name="unique_calendar_day")]
        indexes = [models.Index(fields=["region", "date"], name="calendar_day_region_date")]

    def __str__(self) -> str:
        return f"{self.region} {self.date.isoformat()} {self.get_kind_display()} {self.name}"

    @property
    def weekday(self) -> str:
        return weekday_zh(self.date)


class CalendarRevision(models.Model):
    """A single row whose token changes with every calendar change (invalidates caches in every process)."""

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = gettext_lazy("日历版本")
        verbose_name_plural = gettext_lazy("日历版本")


class ClockSettings(models.Model):
    """Agency-level choices of the clock where the law is open to two readings (docs/decisions.md)."""

    organization = models.OneToOneField(
        "orgs.Organization", verbose_name=gettext_lazy("机构"), on_delete=models.CASCADE, related_name="clock_settings"
    )
    pause_reading = models.CharField(
        gettext_lazy("暂停期间的计算"),
        max_length=10,
        choices=[
            (PauseReading.INCLUSIVE.value, gettext_lazy("含首尾两日（默认：自发出之日起至答复之日止均不计入）")),
            (PauseReading.EXCLUSIVE.value, gettext_lazy("不含首尾两日（只扣除中间的日子，期限更早、更严格）")),
        ],
        default=PauseReading.INCLUSIVE.value,
    )
    correction_period_days = models.PositiveSmallIntegerField(
        gettext_lazy("默认补正期限（工作日）"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=gettext_lazy("补正告知书未写明期限时，申请人收到告知后的补正期限。"),
    )

    class Meta:
        verbose_name = gettext_lazy("期限计算设置")
        verbose_name_plural = gettext_lazy("期限计算设置")

    def __str__(self) -> str:
        return f"{self.organization} 期限计算设置"
