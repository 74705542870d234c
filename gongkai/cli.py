"""The ``gongkai`` command: a thin front over Django's management commands.

Every sub-command is a Django management command living in the app that owns
it (``report`` in ``annual``/``reports`` glue, ``org`` and ``user`` in ``orgs``,
…), so ``gongkai migrate``, ``gongkai createsuperuser`` and our own commands
all run the same way, on the database that ``DATABASE_URL`` names.

Command names with a hyphen (``annual-report``) map to module names with an
underscore, because Python modules cannot contain hyphens.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    if len(argv) > 1 and "-" in argv[1] and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    argv[0] = "gongkai"
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
