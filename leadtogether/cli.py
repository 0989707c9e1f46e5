"""The ``leadtogether`` command.

Every command except ``manage`` first brings the database up to date (it applies the
migrations), so each one works on a new, empty database.
"""

from __future__ import annotations

import os
import sys

COMMANDS: dict[str, tuple[str, str]] = {
    "import": ("workbook_import", "import a workbook (.xlsx or a folder of .csv files)"),
    "export": ("workbook_export", "export a trajectory as a workbook"),
    "report": ("report", "print a study table (csv, md, xlsx or html)"),
    "plgs": ("plgs", "PLG composer: propose PLGs from the partnerships"),
    "surveys": ("surveys", "survey responses: import external ones, export for analysis"),
    "users": ("users", "people and their roles: invite, grant, revoke, list"),
    "access-matrix": ("access_matrix", "who may open which page, from the access rules"),
    "demo": ("demo", "rebuild the demo database and serve it"),
    "serve": ("runserver", "serve the platform (development server)"),
}

USAGE = """usage: leadtogether COMMAND [options]

commands:
{commands}
  manage        any Django management command (no automatic migration)

`leadtogether COMMAND --help` describes the options of each command.
"""


def usage() -> str:
    lines = [f"  {name:<13} {help_text}" for name, (_, help_text) in COMMANDS.items()]
    return USAGE.format(commands="\n".join(lines))


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leadtogether.settings")
    if not args or args[0] in {"-h", "--help", "help"}:
        sys.stdout.write(usage())
        return 0
    command, rest = args[0], args[1:]
    from django.core.management import execute_from_command_line

    if command == "manage":
        execute_from_command_line(["leadtogether manage", *rest])
        return 0
    if command not in COMMANDS:
        sys.stderr.write(f"leadtogether: unknown command '{command}'\n\n{usage()}")
        return 2
    import django
    from django.core.management import call_command, get_commands, load_command_class

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    from leadtogether.lib.db import statistics_refresh

    statistics_refresh()
    name = COMMANDS[command][0]
    django_command = load_command_class(get_commands()[name], name)
    # run_from_argv shows "leadtogether COMMAND" in usage and errors, and exits 1 on
    # a CommandError after printing its message.
    django_command.run_from_argv(["leadtogether", command, *rest])
    return 0


if __name__ == "__main__":
    sys.exit(main())
