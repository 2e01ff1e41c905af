"""Plain domain rules of the office. Nothing in this package imports Flask."""
