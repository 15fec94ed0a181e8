from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.quotes import check_quotes


class Command(BaseCommand):
    help = (
        "Check every quote of every cited model in the data registry (figures, brands, featured "
        "industries, sites) against the text of its source document: the text stored with the "
        "source (report ingestion) when there is one, else its file in DIR. Whitespace is "
        "deleted before comparing; nothing else is normalised; '…' marks an elision. Also checks "
        "that a featured industry's role is the source's: 主导产业 (leading) needs 主导 in its "
        "quote, 未来产业 (future) needs 未来. Exits non-zero when any quote is not found or "
        "lacks its role word."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "directory",
            type=Path,
            nargs="?",
            help="folder holding the sources' text files (a text stored with a source, by report "
            "ingestion, is used first)",
        )

    def handle(self, *args, directory, **options):
        if directory is not None and not directory.is_dir():
            raise CommandError(f"{directory} is not a directory")
        checked, problems = check_quotes(directory)
        for problem in problems:
            self.stderr.write(str(problem))
        if problems:
            raise CommandError(f"{len(problems)} of {checked} quotes failed verification")
        where = f"stored texts and {directory}" if directory else "stored texts"
        self.stdout.write(self.style.SUCCESS(f"{checked} quotes verified against {where}"))
