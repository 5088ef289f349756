from django.urls import path

from gifu_taisaku.core import views

app_name = "core"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("audit/", views.AuditEventListView.as_view(), name="audit_list"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
]
