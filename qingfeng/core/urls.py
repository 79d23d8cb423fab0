from django.contrib.auth import views as auth_views
from django.urls import path

from . import views, views_audit, views_jobs, views_notifications

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("notifications/", views_notifications.notification_list, name="notification_list"),
    path("notifications/<int:pk>/read/", views_notifications.notification_read, name="notification_read"),
    path("notifications/read-all/", views_notifications.notification_read_all, name="notification_read_all"),
    # a background job's page and file; paths and names from when every job was an export
    path("exports/<int:pk>/", views_jobs.job_detail, name="export_job_detail"),
    path("exports/<int:pk>/download/", views_jobs.job_download, name="export_job_download"),
    path("exports/<int:pk>/retry/", views_jobs.job_retry, name="export_job_retry"),
    path("audit/", views_audit.audit_log, name="audit_log"),
    path("audit/export/", views_audit.audit_log_export, name="audit_log_export"),
]
