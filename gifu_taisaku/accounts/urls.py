from django.urls import path

from gifu_taisaku.accounts import security_views, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("security/", security_views.SecurityView.as_view(), name="security"),
    path("password/", security_views.PasswordChangeView.as_view(), name="password_change"),
    path("mfa/verify/", security_views.MFAVerifyView.as_view(), name="mfa_verify"),
    path("mfa/setup/", security_views.MFASetupView.as_view(), name="mfa_setup"),
    path(
        "mfa/recovery-codes/",
        security_views.RecoveryCodesView.as_view(),
        name="mfa_recovery_codes",
    ),
    path("reauth/", security_views.ReauthView.as_view(), name="reauth"),
    path("session/keepalive/", security_views.KeepAliveView.as_view(), name="keepalive"),
    path("users/", views.UserListView.as_view(), name="user_list"),
    path("users/new/", views.UserCreateView.as_view(), name="user_create"),
    path("users/<int:pk>/", views.UserDetailView.as_view(), name="user_detail"),
    path("users/<int:pk>/edit/", views.UserUpdateView.as_view(), name="user_edit"),
    path(
        "users/<int:pk>/deactivate/",
        views.UserActivationView.as_view(activate=False),
        name="user_deactivate",
    ),
    path(
        "users/<int:pk>/reactivate/",
        views.UserActivationView.as_view(activate=True),
        name="user_reactivate",
    ),
    path("users/<int:pk>/password/", views.UserPasswordView.as_view(), name="user_password"),
    path(
        "users/<int:pk>/sessions/end/",
        views.UserEndSessionsView.as_view(),
        name="user_end_sessions",
    ),
    path("users/<int:pk>/mfa/reset/", views.UserMFAResetView.as_view(), name="user_mfa_reset"),
]
