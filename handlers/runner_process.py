"""Where the runner process lived before handlers/ had rooms: a web process started by an older version (a
gunicorn master that outlives an upgrade) restarts its runner as `python -m handlers.runner_process`."""

from handlers.app.runner_process import main

if __name__ == "__main__":
    main()
