"""Calls run at the same instant, one thread each, for the suites that check row locks."""

import threading

from django.db import connections


def race(*calls):
    """Run ``calls`` at once; their outcomes, in order: "ok" or the name of the error raised."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            call()
            outcomes[index] = "ok"
        except Exception as error:  # the outcome is what the test checks
            outcomes[index] = type(error).__name__
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes
