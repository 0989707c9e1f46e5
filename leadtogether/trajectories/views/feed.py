"""Calendar feeds: a personal .ics link per user per trajectory for calendar apps, and
the box on the calendar page that shows the link and makes a new one."""

from __future__ import annotations

import datetime as dt

import icalendar
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from leadtogether.lib.web import public, render_page
from leadtogether.trajectories import selectors, services
from leadtogether.trajectories.access import PLG_ROLES, Access, page, trajectory_access
from leadtogether.trajectories.models import CalendarFeed, Session

DEFAULT_LENGTH = dt.timedelta(hours=2)


def feed_url(slug: str, feed: CalendarFeed) -> str:
    """The absolute link a calendar app subscribes to."""
    path = reverse("trajectories:calendar-feed", kwargs={"slug": slug, "token": feed.token})
    return f"{settings.SITE_URL}{path}"


def _summary(session: Session, access: Access) -> str:
    """What the calendar app shows: the kind or title, with the PLG of a meeting; for
    coaching the coached participant's name, except to that participant."""
    if session.kind == Session.Kind.COACHING:
        summary = capfirst(session.get_kind_display())
        if session.person is not None and session.person_id != access.person_id:
            summary = f"{summary} · {session.person.full_name}"
        return summary
    summary = session.title or capfirst(session.get_kind_display())
    if session.kind == Session.Kind.PLG_MEETING and session.plg and session.plg.name not in summary:
        summary = f"{summary} · {session.plg.name}"
    return summary


def _event(session: Session, access: Access, stamp: dt.datetime) -> icalendar.Event:
    slug = access.trajectory.slug
    starts_at = session.starts_at.astimezone(dt.UTC)
    ends_at = (session.ends_at or session.starts_at + DEFAULT_LENGTH).astimezone(dt.UTC)
    path = reverse("trajectories:session-detail", kwargs={"slug": slug, "session_ref": session.ref})
    event = icalendar.Event()
    event.add("uid", f"{session.ref}@{slug}.leadtogether")
    event.add("dtstamp", stamp)
    event.add("dtstart", starts_at)
    event.add("dtend", ends_at)
    event.add("summary", _summary(session, access))
    if session.location:
        event.add("location", session.location)
    if session.status == Session.Status.CANCELLED:
        event.add("status", "CANCELLED")
        event.add("description", _("Cancelled: %(reason)s") % {"reason": session.cancel_reason})
    else:
        event.add("status", "CONFIRMED")
    event.add("url", f"{settings.SITE_URL}{path}")
    return event


def calendar_ics(access: Access, sessions: list[Session]) -> bytes:
    """The sessions as an iCalendar file named after the trajectory."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//LeadTogether//Calendar feed//NL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", access.trajectory.name)
    stamp = timezone.now().astimezone(dt.UTC)
    for session in sessions:
        calendar.add_component(_event(session, access, stamp))
    return calendar.to_ical()


@public("GET")
@never_cache
def calendar_feed(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The sessions a user may see in one trajectory, for a calendar app.

    Public because calendar apps cannot sign in: the secret token in the link is the
    credential. An unknown token, a token of another trajectory, an inactive user or a
    user without a role here (or with only the researcher role, who has no calendar)
    all get the same bare 404.
    """
    feed = (
        CalendarFeed.objects.filter(token=token, trajectory__slug=slug, user__is_active=True)
        .select_related("user")
        .first()
    )
    if feed is None:
        raise Http404
    access = trajectory_access(feed.user, slug)
    if access.is_research_only:
        raise Http404
    sessions = list(selectors.visible_sessions(access))
    with translation.override(settings.LANGUAGE_CODE):
        body = calendar_ics(access, sessions)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{slug}.ics"'
    return response


@page(read=PLG_ROLES, write=PLG_ROLES)
def calendar_feed_renew(request: HttpRequest, access: Access) -> HttpResponse:
    """The user's calendar link with the button to make a new one (the calendar page
    loads it with htmx; without JavaScript it is a page of its own); a POST makes a new
    link, the old one stops working, and goes back to the calendar."""
    slug = access.trajectory.slug
    feed = services.calendar_feed_for(user=request.user, trajectory=access.trajectory)
    if request.method == "POST":
        services.calendar_feed_renew(actor=request.user, feed=feed)
        messages.success(
            request,
            _(
                "Your calendar has a new link; the old one no longer works. "
                "Subscribe again with the new link in your calendar app."
            ),
        )
        return redirect("trajectories:calendar", slug=slug)
    context = {"access": access, "feed_url": feed_url(slug, feed)}
    return render_page(
        request, "trajectories/calendar_feed.html", "trajectories/_calendar_feed.html", context
    )
