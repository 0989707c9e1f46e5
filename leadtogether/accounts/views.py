from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.i18n import set_language

from leadtogether.lib.web import public, signed_in
from leadtogether.trajectories.access import trajectories_for_user


@public("GET", "POST")
def login(request: HttpRequest) -> HttpResponse:
    return auth_views.LoginView.as_view(
        template_name="accounts/login.html", redirect_authenticated_user=True
    )(request)


@public("POST")
def logout(request: HttpRequest) -> HttpResponse:
    return auth_views.LogoutView.as_view()(request)


@public("POST")
def language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language (Dutch or English) and go back."""
    return set_language(request)


@signed_in("GET")
def home(request: HttpRequest) -> HttpResponse:
    """The trajectories the user holds a role in (straight to the only one)."""
    trajectories = list(trajectories_for_user(request.user))
    if len(trajectories) == 1:
        return redirect("trajectories:dashboard", slug=trajectories[0].slug)
    return render(request, "accounts/home.html", {"trajectories": trajectories})
