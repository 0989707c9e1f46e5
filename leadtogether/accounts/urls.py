from django.urls import path

from leadtogether.accounts import password_views, role_views, views

app_name = "accounts"
urlpatterns = [
    path("accounts/login/", views.login, name="login"),
    path("accounts/logout/", views.logout, name="logout"),
    path("accounts/language/", views.language, name="language"),
    path("accounts/password/reset/", password_views.password_reset, name="password-reset"),
    path(
        "accounts/password/reset/sent/",
        password_views.password_reset_done,
        name="password-reset-done",
    ),
    path(
        "accounts/password/<uidb64>/<token>/",
        password_views.password_reset_confirm,
        name="password-reset-confirm",
    ),
    path(
        "accounts/password/set/",
        password_views.password_reset_complete,
        name="password-reset-complete",
    ),
    path("t/<slug:slug>/people/roles/", role_views.role_list, name="role-list"),
    path("t/<slug:slug>/people/roles/invite/", role_views.role_invite, name="role-invite"),
    path("t/<slug:slug>/people/roles/<int:grant_id>/", role_views.role_edit, name="role-edit"),
    path(
        "t/<slug:slug>/people/roles/<int:grant_id>/revoke/",
        role_views.role_revoke,
        name="role-revoke",
    ),
    path(
        "t/<slug:slug>/people/roles/<int:grant_id>/resend/",
        role_views.invitation_resend,
        name="invitation-resend",
    ),
]
