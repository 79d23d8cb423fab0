"""Shared models: in-app notifications, background jobs, the audit log."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class Notification(models.Model):
    """A message for one user, shown under the bell until read."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.title


class Job(models.Model):
    """Work a person waits for, run in the background (core.jobs): a file or data, its requester's alone."""

    class Status(models.TextChoices):
        PENDING = "pending", "排队中"
        RUNNING = "running", "进行中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    kind = models.CharField("类型", max_length=40)
    params = models.JSONField("参数", default=dict, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    total = models.PositiveIntegerField("总数", default=0)
    done = models.PositiveIntegerField("已完成数", default=0)
    file = models.FileField(upload_to="exports/%Y/%m/", blank=True)
    filename = models.CharField("文件名", max_length=200, blank=True)
    result = models.JSONField("结果", null=True, blank=True)  # for a job whose outcome is data, not a file
    error = models.TextField("错误信息", blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Its last sign of life: when it was queued, then its worker's heartbeat while it runs (core.jobs).
    heartbeat_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        db_table = "core_exportjob"  # its name from when it held exports only; the upgrade keeps the table
        ordering = ["-created_at"]
        verbose_name = verbose_name_plural = "后台任务"

    def __str__(self) -> str:
        return f"{self.kind} · {self.get_status_display()}"

    @property
    def percent(self) -> int:
        return 100 if self.status == self.Status.DONE else (100 * self.done // self.total if self.total else 0)


class AuditEntry(models.Model):
    """One security-relevant act (core.audit.record): who, when, from which address, what, about which record.

    Written once and never changed; read by the org admins of the subtree at `org_path`."""

    when = models.DateTimeField("时间", default=timezone.now, editable=False, db_index=True)
    # null for a failed sign-in under a username nobody has; kept (as `username`) if the account goes
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name="用户")
    username = models.CharField("用户名", max_length=150, blank=True)  # as typed, for a failed sign-in
    address = models.CharField("地址", max_length=45, blank=True)  # text: whatever the proxy setup yields
    action = models.CharField("操作代码", max_length=40)
    label = models.CharField("操作", max_length=60)
    about_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    about_id = models.PositiveBigIntegerField(null=True, blank=True)
    about_text = models.CharField("对象", max_length=200, blank=True)  # its str() at the time
    org_path = models.CharField("组织路径", max_length=255, blank=True, db_index=True)
    detail = models.TextField("详情", blank=True)

    class Meta:
        ordering = ["-when", "-id"]
        verbose_name = verbose_name_plural = "审计日志"

    def __str__(self) -> str:
        return f"{self.label} · {self.username}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("an audit entry is never changed")
        super().save(*args, **kwargs)
