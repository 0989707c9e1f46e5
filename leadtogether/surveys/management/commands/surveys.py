"""``leadtogether surveys setup|import|export``: the study's surveys, responses in, data out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from leadtogether.surveys.exchange.exporting import EXPORT_FORMATS, ExportError, export_responses
from leadtogether.surveys.exchange.importing import (
    ImportInvalid,
    moment_version,
    responses_import,
)
from leadtogether.surveys.exchange.mapping import MappingError, ResponseMapping, read_mapping
from leadtogether.surveys.exchange.tables import TableError, read_table
from leadtogether.surveys.models import Instrument, InstrumentVersion, MeasurementMoment
from leadtogether.surveys.services.study import study_surveys_setup
from leadtogether.trajectories.models import Trajectory

IMPORT_HELP = (
    "Import the responses exported from another survey tool (LimeSurvey, Qualtrics, "
    "Microsoft Forms): a .csv or .xlsx file with one row per respondent and one column per "
    "question. Respondents are enrolled participants, found by e-mail address or person id. "
    "All rows are imported or none: on any problem nothing is written and every problem is "
    "printed as 'row, column: message'. See docs/surveys.md for the mapping file."
)
SETUP_HELP = (
    "Install the study's built-in questionnaires, create the four study moments (baseline, "
    "end of year 1, end of year 2, one year after) with dates from the trajectory, and let "
    "each moment without a questionnaire ask its built-in one. Running it again changes "
    "nothing."
)
EXPORT_HELP = (
    "Export the submitted responses of a measurement moment for analysis: one row per "
    "respondent who consented to research use, known only by the pseudonymous research "
    "code, one column per question. Formats: csv, xlsx, sav (SPSS, with labels)."
)


class Command(BaseCommand):
    help = "Survey responses: import those collected elsewhere, export them for analysis."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        importing = actions.add_parser(
            "import", help="import responses from a .csv or .xlsx file", description=IMPORT_HELP
        )
        importing.add_argument("file", type=Path, metavar="FILE", help="a .csv or .xlsx file")
        _moment_arguments(importing)
        importing.add_argument(
            "--instrument",
            required=True,
            metavar="I",
            help="the instrument's id (the version the moment asks, else the latest version)",
        )
        importing.add_argument(
            "--mapping", type=Path, metavar="MAP", help="a JSON file mapping columns and answers"
        )
        setup = actions.add_parser(
            "setup",
            help="the study's four moments with their built-in questionnaires",
            description=SETUP_HELP,
        )
        setup.add_argument("--trajectory", required=True, metavar="SLUG", help="the trajectory")
        exporting = actions.add_parser(
            "export", help="export the responses of a moment", description=EXPORT_HELP
        )
        _moment_arguments(exporting)
        exporting.add_argument(
            "--format",
            choices=EXPORT_FORMATS,
            help="csv, xlsx or sav (default: from the suffix of --out)",
        )
        exporting.add_argument(
            "--out", type=Path, required=True, metavar="FILE", help="the file to write"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "setup":
            self._setup(options["trajectory"])
            return
        moment = _moment(options["trajectory"], options["moment"])
        if options["action"] == "import":
            self._import(moment, options)
        else:
            self._export(moment, options)

    def _setup(self, slug: str) -> None:
        trajectory = Trajectory.objects.filter(slug=slug).first()
        if trajectory is None:
            raise CommandError(_("Unknown trajectory '%(slug)s'.") % {"slug": slug})
        study_surveys_setup(actor=None, trajectory=trajectory)
        for moment in trajectory.measurement_moments.prefetch_related(
            "moment_instruments__version__instrument"
        ):
            asked = ", ".join(
                f"{link.version.instrument.key} v{link.version.number}"
                for link in moment.moment_instruments.all()
            )
            self.stdout.write(
                f"{moment.key}: {moment.opens_on:%Y-%m-%d} – {moment.closes_on:%Y-%m-%d}: "
                f"{asked or '-'}"
            )

    def _import(self, moment: MeasurementMoment, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        version = _version(moment, options["instrument"])
        mapping = ResponseMapping()
        mapping_path: Path | None = options["mapping"]
        try:
            if mapping_path is not None:
                mapping = read_mapping(mapping_path)
            table = read_table(path, skip_rows=mapping.skip_rows)
            summary = responses_import(
                actor=None, moment=moment, version=version, table=table, mapping=mapping
            )
        except TableError as error:
            raise CommandError(str(error)) from None
        except MappingError as error:
            for message in error.messages:
                self.stderr.write(f"{mapping_path}: {message}")
            raise CommandError(
                _("%(file)s: the mapping cannot be used; nothing was imported.")
                % {"file": mapping_path}
            ) from None
        except ImportInvalid as invalid:
            for problem in invalid.problems:
                self.stderr.write(str(problem))
            count = len(invalid.problems)
            raise CommandError(
                ngettext(
                    "%(file)s: %(count)d problem; nothing was imported.",
                    "%(file)s: %(count)d problems; nothing was imported.",
                    count,
                )
                % {"file": path, "count": count}
            ) from None
        self.stdout.write(
            _(
                "%(file)s: %(created)d imported, %(replaced)d replacing a response in progress, "
                "%(unchanged)d unchanged (%(instrument)s v%(version)d at %(moment)s)."
            )
            % {
                "file": path,
                "created": summary.created,
                "replaced": summary.replaced,
                "unchanged": summary.unchanged,
                "instrument": version.instrument.key,
                "version": version.number,
                "moment": moment.key,
            }
        )

    def _export(self, moment: MeasurementMoment, options: dict[str, Any]) -> None:
        out: Path = options["out"]
        fmt = options["format"] or out.suffix.lower().lstrip(".")
        if fmt not in EXPORT_FORMATS:
            raise CommandError(
                _("Give --format (%(formats)s): %(file)s has no such suffix.")
                % {"formats": ", ".join(EXPORT_FORMATS), "file": out}
            )
        try:
            data = export_responses(moment=moment, fmt=fmt)
        except ExportError as error:
            raise CommandError(str(error)) from None
        try:
            out.write_bytes(data)
        except OSError as error:
            raise CommandError(
                _("Cannot write %(file)s: %(reason)s.")
                % {"file": out, "reason": error.strerror or error}
            ) from None
        self.stdout.write(
            _("%(file)s: the responses of %(moment)s (%(format)s).")
            % {"file": out, "moment": moment.key, "format": fmt}
        )


def _moment_arguments(parser: CommandParser) -> None:
    parser.add_argument("--trajectory", required=True, metavar="SLUG", help="the trajectory's slug")
    parser.add_argument(
        "--moment", required=True, metavar="M", help="the measurement moment's id, e.g. baseline"
    )


def _moment(slug: str, key: str) -> MeasurementMoment:
    trajectory = Trajectory.objects.filter(slug=slug).first()
    if trajectory is None:
        known = ", ".join(Trajectory.objects.order_by("slug").values_list("slug", flat=True))
        raise CommandError(
            _("Unknown trajectory %(slug)s; known trajectories: %(known)s.")
            % {"slug": repr(slug), "known": known or _("none")}
        )
    moment = trajectory.measurement_moments.filter(key=key).first()
    if moment is None:
        known = ", ".join(trajectory.measurement_moments.values_list("key", flat=True))
        raise CommandError(
            _("Unknown measurement moment %(key)s; the moments of %(slug)s: %(known)s.")
            % {"key": repr(key), "slug": slug, "known": known or _("none")}
        )
    return moment


def _version(moment: MeasurementMoment, key: str) -> InstrumentVersion:
    instrument = Instrument.objects.filter(key=key).first()
    if instrument is None:
        known = ", ".join(Instrument.objects.values_list("key", flat=True))
        raise CommandError(
            _("Unknown instrument %(key)s; known instruments: %(known)s.")
            % {"key": repr(key), "known": known or _("none")}
        )
    try:
        return moment_version(moment=moment, instrument=instrument)
    except InstrumentVersion.DoesNotExist:
        raise CommandError(
            _("Instrument %(key)s has no questions yet.") % {"key": repr(key)}
        ) from None
