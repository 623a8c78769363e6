"""lawdesk (法治建设台账): records of a street office's rule-of-law work and its annual report."""

__version__ = "0.1.0"
APP_NAME = "法治建设台账"
