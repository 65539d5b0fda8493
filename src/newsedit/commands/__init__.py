"""Commands beyond the checks (setup, server, index, hook...): each module has `register(app)`."""
