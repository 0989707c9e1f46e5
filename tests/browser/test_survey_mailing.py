"""An organiser reminds those who started but did not finish: the e-mail is previewed
with the number of people before anything is sent, and nobody who completed gets it."""

from __future__ import annotations

import datetime as dt
import re

from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from leadtogether.surveys.models import Invitation
from leadtogether.surveys.services.invitations import invitations_create
from tests.browser.test_invitation import PASSWORD, sign_in
from tests.conftest import World
from tests.surveys import factories as f


def test_the_organiser_previews_and_confirms_a_reminder(
    page: Page, live_server, transactional_db, world: World, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    today = timezone.localdate()
    moment = f.MeasurementMomentFactory(
        trajectory=world.trajectory,
        key="year-2",
        name="Einde opleidingsjaar 2",
        opens_on=today - dt.timedelta(days=7),
        closes_on=today + dt.timedelta(days=20),
    )
    f.MomentInstrumentFactory(moment=moment)
    invitations_create(actor=None, moment=moment)
    now = timezone.now()
    Invitation.objects.filter(moment=moment).update(sent_at=now)
    members = list(world.plg.members.order_by("last_name", "first_name", "pk"))
    started, finished = members[0], members[1]
    Invitation.objects.filter(moment=moment, person=started).update(started_at=now)
    Invitation.objects.filter(moment=moment, person=finished).update(
        started_at=now, completed_at=now
    )
    mail.outbox.clear()

    base, slug = live_server.url, world.trajectory.slug
    sign_in(page, base, "organiser", PASSWORD)
    page.goto(f"{base}/t/{slug}/surveys/moments/year-2/")
    page.get_by_role("button", name="Herinnering sturen…").click()
    expect(page.get_by_role("heading", name=re.compile("E-mail aan deelnemers"))).to_be_visible()
    expect(page.locator("select[name=audience]")).to_have_value("started")
    page.locator("input[name=subject_nl]").fill("Nog even: vragenlijst {moment}")
    page.get_by_role("button", name="Voorbeeld bekijken").click()

    expect(page.get_by_role("heading", name="Voorbeeld vóór het versturen")).to_be_visible()
    token = Invitation.objects.get(moment=moment, person=started).token
    expect(page.get_by_test_id("preview-subject")).to_have_text(
        "Nog even: vragenlijst Einde opleidingsjaar 2 / Reminder: questionnaire Einde "
        "opleidingsjaar 2"
    )
    expect(page.get_by_test_id("preview-body")).to_contain_text(f"Beste {started.first_name},")
    expect(page.get_by_test_id("preview-body")).to_contain_text(f"/s/{token}/")
    assert mail.outbox == []  # nothing sent by the preview
    page.get_by_role("button", name="Versturen naar 1 persoon").click()

    expect(page.get_by_text("De e-mail is verstuurd naar 1 persoon.")).to_be_visible()
    assert [message.to for message in mail.outbox] == [[started.email]]
    assert finished.email not in {address for m in mail.outbox for address in m.to}
    page.goto(f"{base}/t/{slug}/surveys/moments/year-2/")
    expect(page.locator("main")).to_contain_text("Nog even: vragenlijst {moment}")
