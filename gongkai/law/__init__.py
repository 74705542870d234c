"""The law as plain Python: no Django imports anywhere under this package.

Modules name the legal source of each rule in their docstrings.
"""
