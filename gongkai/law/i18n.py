"""Marking texts for translation while staying free of Django.

``gettext_noop`` returns its argument unchanged; ``makemessages`` knows the name, so the
labels marked with it land in the catalogue (gongkai/locale), and the Django side
translates them where they are shown (``gettext(label)`` or ``{% translate label %}``).
Stored data, notices and reports keep the Chinese text.
"""


def gettext_noop(message: str) -> str:
    return message
