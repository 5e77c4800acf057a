"""What every layer shares: the site registry and the place list.

The lowest package of the project: `crawler`, `nlp` and `unionnews` import it, and it imports
none of them, so site and place knowledge has one home and flows one way.
"""
