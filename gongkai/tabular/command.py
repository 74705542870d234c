"""Around an import command: a progress bar on the terminal and the exit status of failures."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from gongkai.law.errors import DomainError

from .errors import ImportFailed

if TYPE_CHECKING:
    from .files import Progress, TabularFile


class ProgressBars:
    """The terminal progress bar the import commands show while a ``TabularFile`` is read (on a TTY only).

    Pass the instance as ``progress=`` to an import: called with the opened table it returns the
    callback that ``TabularFile.rows`` feeds; ``close()`` ends the bar (also before printing errors).
    """

    def __init__(self, show: bool, desc: str = "导入"):
        self.show, self.desc, self.bars = show, desc, []

    def __call__(self, table: TabularFile) -> Progress | None:
        if not self.show:
            return None
        from tqdm import tqdm

        bar = tqdm(total=table.total, unit="B" if table.kind == "csv" else "行", unit_scale=table.kind == "csv",
                   desc=self.desc, file=sys.stderr, dynamic_ncols=True, mininterval=0.5)
        self.bars.append(bar)
        return bar.update

    def close(self) -> None:
        for bar in self.bars:
            bar.close()
        self.bars = []


def run_import_command(command, path: str, progress, do_import):
    """What an import command does around ``do_import(stream)``: open the file, turn failures into exit codes.

    Exit status 1 with every bad line on stderr for ``ImportFailed``; 2 for a missing or unreadable file.
    """
    from django.core.management.base import CommandError

    try:
        with open(path, "rb") as stream:
            return do_import(stream)
    except FileNotFoundError:
        raise CommandError(f"找不到文件：{path}", returncode=2) from None
    except ImportFailed as exc:
        progress.close()
        for line in exc.lines():
            command.stderr.write(line)
        raise CommandError(exc.message, returncode=1) from None
    except DomainError as exc:
        raise CommandError(exc.message, returncode=2) from None
    finally:
        progress.close()


