"""Checking uploaded files by their content (never by their name) and storing them privately.

Accepted: PDF, JPEG, PNG and Word (.docx) — what applicants scan or photograph and what
agencies release.  The type is read from the file's first bytes with ``filetype``; a
.docx must also open as a Word package.  A file whose content is something else (an
executable renamed ``身份证.pdf``, an HTML page named ``.png``) is refused whatever it is
called.  Files go to ``MEDIA_ROOT/requests/…`` under random names; ``MEDIA_URL`` is never
served, so the only way to a file is a view that checks who is asking.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings

from gongkai.law.errors import DomainError
from django.utils.translation import gettext as _, gettext_lazy

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ALLOWED = {
    "application/pdf": (".pdf", "PDF"),
    "image/jpeg": (".jpg", gettext_lazy("JPEG 图片")),
    "image/png": (".png", gettext_lazy("PNG 图片")),
    DOCX: (".docx", gettext_lazy("Word 文档")),
}
ALLOWED_TEXT = gettext_lazy("PDF、JPG、PNG 或 Word（.docx）")
MAX_FILES_PER_UPLOAD = 10


def max_bytes() -> int:
    return settings.GONGKAI_MAX_UPLOAD_BYTES


@dataclass(frozen=True)
class CheckedFile:
    name: str  # what the uploader called it (shown, never used as a path)
    content: bytes
    content_type: str
    extension: str
    sha256: str

    @property
    def size(self) -> int:
        return len(self.content)


def sniff(content: bytes) -> str | None:
    """The MIME type of ``content`` if it is one we accept, else None."""
    kind = filetype.guess(content[:8192])
    if kind is None:
        return None
    mime = kind.mime
    if mime == DOCX or (mime == "application/zip" and content[:2] == b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as z:
                names = set(z.namelist())
        except zipfile.BadZipFile:
            return None
        return DOCX if "word/document.xml" in names and "[Content_Types].xml" in names else None
    if mime == "application/pdf" and b"%%EOF" not in content[-2048:]:
        return None  # truncated
    return mime if mime in ALLOWED else None


def check_file(name: str, content: bytes, field: str = "attachments") -> CheckedFile:
    """Size and content checks; ``DomainError`` naming the file otherwise."""
    shown = (name or _("未命名文件")).replace("\\", "/").rsplit("/", 1)[-1][:200]
    if not content:
        raise DomainError(_("文件“%(name)s”是空的。") % {"name": shown}, field=field)
    limit = max_bytes()
    if len(content) > limit:
        raise DomainError(
            _("文件“%(name)s”过大（%(size)s MB），每个文件最大 %(limit)s MB。")
            % {"name": shown, "size": f"{len(content) / 1048576:.1f}", "limit": f"{limit / 1048576:.0f}"},
            field=field,
        )
    mime = sniff(content)
    if mime is None:
        raise DomainError(_("文件“%(name)s”的内容不是%(allowed)s，不能上传（按文件内容判断，与扩展名无关）。") % {"name": shown, "allowed": ALLOWED_TEXT}, field=field)
    return CheckedFile(shown, content, mime, ALLOWED[mime][0], hashlib.sha256(content).hexdigest())


def read_upload(upload, field: str = "attachments") -> CheckedFile:
    """A Django ``UploadedFile`` → ``CheckedFile`` (reads at most the limit + 1 byte)."""
    if upload.size is not None and upload.size > max_bytes():
        shown = upload.name.rsplit("/", 1)[-1][:200]
        raise DomainError(
            _("文件“%(name)s”过大（%(size)s MB），每个文件最大 %(limit)s MB。")
            % {"name": shown, "size": f"{upload.size / 1048576:.1f}", "limit": f"{max_bytes() / 1048576:.0f}"},
            field=field,
        )
    upload.seek(0)
    content = upload.read(max_bytes() + 1)
    return check_file(upload.name, content, field)


def check_all(files, field: str = "attachments") -> list[CheckedFile]:
    """Check every file of one submission (``UploadedFile`` objects or ``(name, bytes)`` pairs)."""
    files = list(files or [])
    if len(files) > MAX_FILES_PER_UPLOAD:
        raise DomainError(_("一次最多上传%(n)s个文件。") % {"n": MAX_FILES_PER_UPLOAD}, field=field)
    out = []
    for f in files:
        if isinstance(f, CheckedFile):
            out.append(f)
        elif isinstance(f, tuple):
            out.append(check_file(f[0], f[1], field))
        else:
            out.append(read_upload(f, field))
    return out
