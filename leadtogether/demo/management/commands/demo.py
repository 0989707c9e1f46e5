"""``leadtogether demo [--no-serve] [--scale K]``: rebuild the demo database and serve it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from leadtogether.demo import dataset
from leadtogether.demo.builder import demo_build, demo_try_link


class Command(BaseCommand):
    help = (
        "Empty the database, build the study's trajectory with one login per role, and "
        "serve the platform (leadtogether demo)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-serve", action="store_true", help="build the database, do not serve it"
        )
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            help="build the trajectory SCALE times larger, for measuring (1)",
        )
        parser.add_argument(
            "--addr", default="127.0.0.1:8000", help="address to serve on (127.0.0.1:8000)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("The demo empties the database: it never runs in production.")
        if options["scale"] < 1:
            raise CommandError(f"--scale is a whole number from 1 up, not {options['scale']}.")
        call_command("flush", interactive=False, verbosity=0)
        logins = demo_build(options["scale"])
        slug = dataset.TRAJECTORY.slug
        self.stdout.write(f"Demo trajectory '{slug}' built: {dataset.TRAJECTORY.name}.")
        self.stdout.write("Logins (username / password — role):")
        for login in logins:
            who = f" ({login.who})" if login.who else ""
            self.stdout.write(f"  {login.username:<12} / {login.password} — {login.role}{who}")
        emails = {person.ref: person.email for person in dataset.PEOPLE}
        for person_ref, role in dataset.INVITED:
            self.stdout.write(
                "Invited, not signed in yet (the organiser's roles page): "
                f"{emails[person_ref]} — {role}"
            )
        self.stdout.write(
            "Survey open now, personal link of 'deelnemer' (no login needed): "
            + demo_try_link("deelnemer")
        )
        if options["no_serve"]:
            return
        self.stdout.write(f"Serving on http://{options['addr']}/ (Ctrl-C stops).")
        call_command("runserver", options["addr"], use_reloader=False)
