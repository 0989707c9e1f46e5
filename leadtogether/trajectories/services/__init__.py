"""Writes of the trajectories app, one module per area. Each is atomic, validated and
audited; callers use them as ``trajectories.services.<entity>_<action>``."""

from leadtogether.trajectories.services.enrolments import (
    enrolment_research_codes_assign,
    enrolment_set,
    enrolment_withdraw,
    partnership_register,
    person_change,
    person_register,
)
from leadtogether.trajectories.services.feeds import calendar_feed_for, calendar_feed_renew
from leadtogether.trajectories.services.plgs import (
    plg_create,
    plg_members_replace,
    plg_proposal_accept,
    plg_update,
)
from leadtogether.trajectories.services.roles import role_grant_add, role_grant_change, role_invite
from leadtogether.trajectories.services.sessions import (
    attendance_record,
    session_cancel,
    session_create,
    session_mark_held,
    session_reschedule,
)

__all__ = [
    "attendance_record",
    "calendar_feed_for",
    "calendar_feed_renew",
    "enrolment_research_codes_assign",
    "enrolment_set",
    "enrolment_withdraw",
    "partnership_register",
    "person_change",
    "person_register",
    "plg_create",
    "plg_members_replace",
    "plg_proposal_accept",
    "plg_update",
    "role_grant_add",
    "role_grant_change",
    "role_invite",
    "session_cancel",
    "session_create",
    "session_mark_held",
    "session_reschedule",
]
