"""gongkai — 政府信息公开工作平台.

The package is laid out as in docs/architecture.md: ``law`` and ``reports`` are
pure Python (no Django), every other sub-package is a Django app for one domain.
"""

__version__ = "0.1.0"
