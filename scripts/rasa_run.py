"""`rasa run` with the API's JWT secret taken from the environment, not from the command line.

    RASA_JWT_SECRET=… python scripts/rasa_run.py --model … --endpoints … --enable-api

A secret given as `--jwt-secret VALUE` would be visible to every local user in `ps`, and a value that
starts with `-` breaks argparse; here it is appended in-process as `--jwt-secret=VALUE`. Without
RASA_JWT_SECRET the API is not enabled at all (no `--enable-api`, whatever was asked).
"""
import os
import sys


def build_argv(args, env):
    argv = ["rasa", "run", *args]
    secret = (env.get("RASA_JWT_SECRET") or "").strip()
    if secret:
        argv += [f"--jwt-secret={secret}", "--jwt-method=HS256"]
    else:
        argv = [a for a in argv if a != "--enable-api"]
    return argv


def main() -> None:
    sys.argv = build_argv(sys.argv[1:], os.environ)
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    # the serving fixes of rasa_cli.py: action replies checked by a validator built once, the action
    # server given up after ACTION_TIMEOUT_S seconds instead of Rasa's 300, the model loaded without
    # spaCy twice nor DIET's training step
    from rasa_cli import serving_fixes
    from rasa.__main__ import main as rasa_main

    serving_fixes()

    rasa_main()


if __name__ == "__main__":
    main()
