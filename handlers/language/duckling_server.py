"""Duckling in a process of its own: `python -m handlers.language.duckling_server`, spoken to by engine.py.

One JSON request per line on standard input, `[text, unix_seconds, day_first]`; one JSON answer per line on
standard output, Duckling's entities as it gives them, or `{"error": "..."}`. It stops at end of input, so
it ends with the process that started it, even one killed outright.
"""

from __future__ import annotations

import json
import os
import sys

import tzdata


def main() -> int:
    import duckling

    duckling.init()
    # Only UTC is ever asked for (engine.py reads in wall-clock mode): Etc/ holds it, at 2 MB instead of 40.
    zones = duckling.load_time_zones(os.path.join(os.path.dirname(tzdata.__file__), "zoneinfo", "Etc"))
    language = duckling.parse_lang("EN")
    default = duckling.default_locale_lang(language)
    locales = {False: duckling.parse_locale("EN_US", default), True: duckling.parse_locale("EN_GB", default)}
    dimensions = duckling.parse_dimensions(["time"])
    out = sys.stdout
    out.write('"ready"\n')
    out.flush()
    for line in sys.stdin:
        try:
            text, seconds, day_first = json.loads(line)
            context = duckling.Context(duckling.parse_ref_time(zones, "UTC", int(seconds)), locales[bool(day_first)])
            answer = duckling.parse(str(text), context, dimensions, False)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as error:  # noqa: BLE001 - a Rust panic is a BaseException; answer and go on
            answer = {"error": type(error).__name__}
        out.write(json.dumps(answer) + "\n")
        out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
