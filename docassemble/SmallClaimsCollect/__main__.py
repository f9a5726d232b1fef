"""``python -m docassemble.SmallClaimsCollect`` runs the command line."""

from .cli import main

raise SystemExit(main())
