from django.urls import path

from leadtogether.trajectories.views import calendar, composer, dashboard, feed, plgs, sessions

app_name = "trajectories"
urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("plgs/", plgs.plg_list, name="plg-list"),
    path("plgs/<str:plg_ref>/", plgs.plg_detail, name="plg-detail"),
    path("plgs/<str:plg_ref>/edit/", plgs.plg_edit, name="plg-edit"),
    path("calendar/", calendar.calendar, name="calendar"),
    path("calendar/link/", feed.calendar_feed_renew, name="calendar-feed-renew"),
    path("calendar/<str:token>.ics", feed.calendar_feed, name="calendar-feed"),
    path("composer/", composer.composer, name="composer"),
    path("sessions/new/", sessions.session_create, name="session-create"),
    path("sessions/<str:session_ref>/", sessions.session_detail, name="session-detail"),
    path("sessions/<str:session_ref>/edit/", sessions.session_edit, name="session-edit"),
    path("sessions/<str:session_ref>/cancel/", sessions.session_cancel, name="session-cancel"),
    path(
        "sessions/<str:session_ref>/attendance/",
        sessions.session_attendance,
        name="session-attendance",
    ),
]
