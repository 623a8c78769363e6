"""``python -m lawdesk``: the command line, or the desktop window when no command is given."""

import sys

from lawdesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
