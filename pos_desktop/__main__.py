import sys
from multiprocessing import freeze_support

if __name__ == "__main__":
    # The frozen build: a child process (the first download's feed, `sync.feed_process`)
    # starts this executable again; freeze_support runs it as that child and exits.
    freeze_support()

    from pos_desktop.cli import main

    sys.exit(main())
