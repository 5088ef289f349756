from django.urls import path

from gifu_taisaku.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
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
]
