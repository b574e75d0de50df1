"""Options that apply to the whole run, set by the global callback."""

debug = False
quiet = False


def reset(*, debug: bool = False) -> None:
    """Forget the options of an earlier run in the same process (as in tests)."""
    globals()["debug"] = debug
    globals()["quiet"] = False
